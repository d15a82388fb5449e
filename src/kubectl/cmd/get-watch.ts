// `kubectl get -w / --watch-only / --output-watch-events` (cmd/get watch): the list first (unless --watch-only),
// then one line (or document) per change as the cluster changes, whoever changed it: this process stepping a
// virtual clock, another kubesim process writing the same home, or the wall clock letting time-driven changes
// happen. Table rows keep the column widths seen so far (the tabwriter's RememberWidths), and a deleted object is
// printed as it last was. Ends on Ctrl-C, at --request-timeout, or (an in-memory virtual cluster) once nothing
// more can happen.

import { crdVersionOf } from '../../cluster/apiserver/crd/served.js';
import { resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { checkAccess } from '../../cluster/rbac/access.js';
import type { FieldTerm } from '../../cluster/apiserver/fields.js';
import type { Selector } from '../../cluster/apiserver/labels.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { parseDuration } from '../../cluster/state/clock.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import { renderCustomColumns } from '../printers/custom-columns.js';
import { printTemplate, type TemplateFormat } from '../printers/template-printers.js';
import { toJson } from '../printers/json.js';
import { nameOf } from '../printers/name.js';
import { tableFor } from '../printers/tables.js';
import { toYaml } from '../printers/yaml.js';
import { GET_TABWRITER } from '../printers/tabwriter.js';
import { virtualWaitStep } from './waiting.js';

export type WatchTarget = { resource: ResourceInfo; name?: string };

export interface WatchSpec {
  targets: WatchTarget[];
  namespace: string | undefined;
  selector: Selector | null;
  fields?: FieldTerm[];
  format: { kind: 'table'; wide: boolean } | { kind: string; arg?: string };
  allNamespaces: boolean;
}

type Entry = { resource: ResourceInfo; obj: KubeObject };

const POLL_MS = 200;

function collect(cluster: Cluster, spec: WatchSpec): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const t of spec.targets) {
    const key = resourceKey(t.resource);
    const objs = t.name !== undefined ? [cluster.api.tryGet(key, spec.namespace, t.name)].filter((o): o is KubeObject => !!o) : cluster.api.list(key, spec.namespace, spec.selector, spec.fields);
    for (const obj of objs) out.set(`${key}/${obj.metadata.namespace ?? ''}/${obj.metadata.name}`, { resource: t.resource, obj });
  }
  return out;
}

/** Rows of a table printer for the watch, with the widths the tabwriter remembers across flushes. */
class WatchTable {
  private widths: number[] = [];

  constructor(private readonly ctx: KubectlContext) {}

  write(lines: string[][]): void {
    const n = Math.max(...lines.map((l) => l.length));
    for (let j = 0; j < n - 1; j++) {
      let w = this.widths[j] ?? GET_TABWRITER.minwidth;
      for (const l of lines) if (j < l.length - 1) w = Math.max(w, [...l[j]].length + GET_TABWRITER.padding);
      this.widths[j] = w;
    }
    let text = '';
    for (const l of lines) text += l.map((c, j) => (j < l.length - 1 ? c + ' '.repeat(Math.max(0, this.widths[j] - [...c].length)) : c)).join('') + '\n';
    this.ctx.out(text);
  }
}

function rowsFor(ctx: KubectlContext, spec: WatchSpec, entries: Entry[], now: Date, header: boolean, events: string[] | undefined, withKind: boolean): string[][] {
  const lines: string[][] = [];
  const wide = spec.format.kind === 'table' && (spec.format as { wide: boolean }).wide;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const table = tableFor(e.resource, [e.obj], now, crdVersionOf(ctx.api.store, e.resource)?.additionalPrinterColumns);
    const keep = table.columns.map((c) => wide || c.priority === 0);
    if (header && i === 0) {
      const h: string[] = [];
      if (events) h.push('EVENT');
      if (spec.allNamespaces && e.resource.namespaced) h.push('NAMESPACE');
      table.columns.forEach((c, k) => keep[k] && h.push(c.name.toUpperCase()));
      lines.push(h);
    }
    const row: string[] = [];
    if (events) row.push(events[i]);
    if (spec.allNamespaces && e.resource.namespaced) row.push(e.obj.metadata.namespace ?? '');
    table.rows[0].cells.forEach((c, k) => {
      if (!keep[k]) return;
      let cell = String(c ?? '').split(/[\n\r]/)[0];
      if (withKind && table.columns[k].isName) cell = `${e.resource.group ? `${e.resource.kind.toLowerCase()}.${e.resource.group}` : e.resource.kind.toLowerCase()}/${cell}`;
      row.push(cell);
    });
    lines.push(row);
  }
  void ctx;
  return lines;
}

/** One watch event's object in a non-table format (each object on its own; YAML documents separated by ---). */
function printObject(ctx: KubectlContext, args: ParsedArgs, spec: WatchSpec, e: Entry, first: boolean): void {
  const obj = bool(args, 'show-managed-fields') || !e.obj.metadata.managedFields ? e.obj : { ...e.obj, metadata: { ...e.obj.metadata, managedFields: undefined } };
  const f = spec.format as { kind: string; arg?: string };
  try {
    switch (f.kind) {
      case 'yaml':
        ctx.out((first ? '' : '---\n') + toYaml(obj));
        break;
      case 'json':
        ctx.out(toJson(obj));
        break;
      case 'name':
        ctx.out(`${nameOf(e.resource, obj)}\n`);
        break;
      case 'template': {
        const t = spec.format as unknown as { template: TemplateFormat; allowMissing: boolean };
        const r = printTemplate(t.template, obj, { allowMissing: t.allowMissing });
        ctx.out(r.out);
        if (r.error !== undefined) throw new KubectlError(`error: ${r.error}`);
        break;
      }
      case 'custom-columns':
        ctx.out(renderCustomColumns(f.arg ?? '', [obj], !first || bool(args, 'no-headers')));
        break;
      default:
        throw new KubectlError(`error: kubesim does not support -o ${f.kind} with --watch`);
    }
  } catch (err) {
    if (err instanceof KubectlError) throw err;
    throw new KubectlError(`error: ${(err as Error).message}`);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function runWatch(ctx: KubectlContext, args: ParsedArgs, spec: WatchSpec): Promise<number> {
  const watchOnly = bool(args, 'watch-only');
  const withEvents = bool(args, 'output-watch-events');
  const timeoutText = str(args, 'request-timeout') || '0';
  let timeoutMs: number;
  try {
    timeoutMs = /^\d+$/.test(timeoutText) ? Number(timeoutText) * 1000 : parseDuration(timeoutText);
  } catch {
    throw new KubectlError(`error: invalid argument "${timeoutText}" for "--request-timeout" flag: time: invalid duration "${timeoutText}"`);
  }
  const source = ctx.clusterSource;
  let cluster: Cluster = ctx.cluster;
  if (cluster.api.dirty) cluster.reconcile();
  const table = spec.format.kind === 'table' ? new WatchTable(ctx) : undefined;
  const withKind = bool(args, 'show-kind') || new Set(spec.targets.map((t) => t.resource)).size > 1;
  let printedAny = false;
  const emit = (entries: Entry[], events: string[]) => {
    if (!entries.length) return;
    if (table) table.write(rowsFor(ctx, spec, entries, cluster.clock.now(), !printedAny, withEvents ? events : undefined, withKind));
    else entries.forEach((e, i) => printObject(ctx, args, spec, e, !printedAny && i === 0));
    printedAny = true;
  };
  // the initial list (or get) is authorised as any request is; the watch that follows needs the same
  for (const t of spec.targets) {
    const base = { user: ctx.user, apiGroup: t.resource.group, resource: t.resource.name, namespace: t.resource.namespaced ? spec.namespace ?? '' : '', name: t.name ?? '' };
    checkAccess(cluster.api, { ...base, verb: t.name !== undefined ? 'get' : 'list' });
    checkAccess(cluster.api, { ...base, verb: 'watch' });
  }
  let seen = collect(cluster, spec);
  if (!watchOnly) {
    const initial = [...seen.values()];
    if (!initial.length && table) {
      const allNamespaced = !spec.allNamespaces && spec.targets.every((t) => t.resource.namespaced);
      ctx.err(allNamespaced ? `No resources found in ${ctx.namespace} namespace.\n` : 'No resources found\n');
    }
    emit(initial, initial.map(() => 'ADDED'));
  }
  let interrupted = false;
  const onInt = () => {
    interrupted = true;
  };
  process.on('SIGINT', onInt);
  try {
    const start = cluster.clock.nowMs();
    const wallStart = Date.now();
    const persistent = source?.persistent === true;
    for (;;) {
      if (interrupted) return 130;
      const virtual = cluster.clock.mode === 'virtual';
      if (virtual && (timeoutMs > 0 || !persistent)) {
        // step the virtual clock from timer to timer up to the timeout (an in-memory cluster: until quiet)
        const step = virtualWaitStep(cluster, start, timeoutMs);
        if (step === undefined) return 0;
        cluster = source ? await source.advance(step) : (cluster.advanceClock(step), cluster);
      } else {
        if (timeoutMs > 0 && Date.now() - wallStart >= timeoutMs) return 0;
        await sleep(POLL_MS);
        if (source) cluster = await source.reload();
        else cluster.catchUp();
      }
      const now = collect(cluster, spec);
      const changed: Entry[] = [];
      const kinds: string[] = [];
      for (const [k, e] of now) {
        const before = seen.get(k);
        if (!before) {
          changed.push(e);
          kinds.push('ADDED');
        } else if (before.obj.metadata.resourceVersion !== e.obj.metadata.resourceVersion || before.obj.metadata.uid !== e.obj.metadata.uid) {
          changed.push(e);
          kinds.push(before.obj.metadata.uid !== e.obj.metadata.uid ? 'ADDED' : 'MODIFIED');
        }
      }
      for (const [k, e] of seen) {
        if (!now.has(k)) {
          changed.push(e);
          kinds.push('DELETED');
        }
      }
      emit(changed, kinds);
      seen = now;
    }
  } finally {
    process.off('SIGINT', onInt);
  }
}

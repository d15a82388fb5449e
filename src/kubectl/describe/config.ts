// `kubectl describe` for Namespaces (resource quota and limit range summaries), ConfigMaps, Secrets and
// ServiceAccounts (describe.go describeNamespace, ConfigMapDescriber, describeSecret, describeServiceAccount).

import type { ConfigMap, KubeObject } from '../../cluster/apiserver/types.js';
import { type DescribeContext, LEVEL_0, LEVEL_1, eventQueryFor, printAnnotationsMultiline, printLabelsMultiline, writeEvents } from './helpers.js';
import { formatQuantity, quantityOf } from './quantity.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';
import { rfc1123z } from './time.js';

type Any = Record<string, any>;

const QUOTA_SCOPE_HELP: Record<string, string> = {
  Terminating: 'Matches all pods that have an active deadline. These pods have a limited lifespan on a node before being actively terminated by the system.',
  NotTerminating: 'Matches all pods that do not have an active deadline. These pods usually include long running pods whose container command is not expected to terminate.',
  BestEffort: 'Matches all pods that do not have resource requirements set. These pods have a best effort quality of service.',
  NotBestEffort: 'Matches all pods that have at least one resource requirement set. These pods have a burstable or guaranteed quality of service.',
};

const q = (v: unknown) => formatQuantity(quantityOf(v));

function describeResourceQuotas(quotas: KubeObject[], w: PrefixWriter): void {
  if (quotas.length === 0) {
    w.write(LEVEL_0, 'No resource quota.\n');
    return;
  }
  const sorted = [...quotas].sort((a, b) => ((a.metadata.name ?? '') < (b.metadata.name ?? '') ? -1 : 1));
  w.write(LEVEL_0, 'Resource Quotas\n');
  for (const quota of sorted) {
    w.write(LEVEL_1, `Name:\t${quota.metadata.name ?? ''}\n`);
    const scopes = [...(((quota.spec as Any | undefined)?.scopes ?? []) as string[])].sort();
    if (scopes.length > 0) {
      w.write(LEVEL_1, `Scopes:\t${scopes.join(', ')}\n`);
      for (const s of scopes) if (QUOTA_SCOPE_HELP[s]) w.write(LEVEL_1, `* ${QUOTA_SCOPE_HELP[s]}\n`);
    }
    w.write(LEVEL_1, 'Resource\tUsed\tHard\n');
    w.write(LEVEL_1, '--------\t---\t---\n');
    const hard = ((quota.status as Any | undefined)?.hard ?? {}) as Record<string, unknown>;
    const used = ((quota.status as Any | undefined)?.used ?? {}) as Record<string, unknown>;
    for (const r of Object.keys(hard).sort()) w.write(LEVEL_1, `${r}\t${q(used[r])}\t${q(hard[r])}\n`);
  }
}

function describeLimitRanges(ranges: KubeObject[], w: PrefixWriter): void {
  if (ranges.length === 0) {
    w.write(LEVEL_0, 'No LimitRange resource.\n');
    return;
  }
  w.write(LEVEL_0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n');
  w.write(LEVEL_0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n');
  for (const lr of ranges) {
    for (const item of ((lr.spec as Any | undefined)?.limits ?? []) as Any[]) {
      const lists = [item.min, item.max, item.defaultRequest, item.default, item.maxLimitRequestRatio].map((x) => (x ?? {}) as Record<string, unknown>);
      // kubectl ranges over a Go map here (random order); sorted for determinism
      const names = [...new Set(lists.flatMap((l) => Object.keys(l)))].sort();
      for (const k of names) {
        const cell = (l: Record<string, unknown>) => (k in l ? q(l[k]) : '-');
        w.write(LEVEL_0, ` ${item.type ?? ''}\t${k}\t${lists.map(cell).join('\t')}\n`);
      }
    }
  }
}

export function describeNamespace(ns: KubeObject, ctx: DescribeContext): string {
  const name = ns.metadata.name ?? '';
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${name}\n`);
    printLabelsMultiline(w, 'Labels', ns.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', ns.metadata.annotations);
    const status = (ns.status ?? {}) as Any;
    w.write(LEVEL_0, `Status:\t${status.phase ?? ''}\n`);
    const conds = (status.conditions ?? []) as Any[];
    if (conds.length > 0) {
      w.write(LEVEL_0, 'Conditions:\n');
      w.write(LEVEL_1, 'Type\tStatus\tLastTransitionTime\tReason\tMessage\n');
      w.write(LEVEL_1, '----\t------\t------------------\t------\t-------\n');
      for (const c of conds) w.write(LEVEL_1, `${c.type}\t${c.status}\t${rfc1123z(c.lastTransitionTime)}\t${c.reason ?? ''}\t${c.message ?? ''}\n`);
    }
    w.write(LEVEL_0, '\n');
    describeResourceQuotas(ctx.list('resourcequotas', name), w);
    w.write(LEVEL_0, '\n');
    describeLimitRanges(ctx.list('limitranges', name), w);
  });
}

/** ConfigMap: keys in stored order (kubectl ranges over a Go map; the store keeps keys sorted). */
export function describeConfigMap(cm: ConfigMap, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of Object.entries(cm.data ?? {})) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${v}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const [k, v] of Object.entries(cm.binaryData ?? {})) w.write(LEVEL_0, `${k}: ${Buffer.from(v, 'base64').length} bytes\n`);
    w.write(LEVEL_0, '\n');
    writeEvents(w, ctx, eventQueryFor(cm));
  });
}

export function describeSecret(secret: KubeObject): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata.annotations);
    const type = (secret.type as string | undefined) ?? '';
    w.write(LEVEL_0, `\nType:\t${type}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const [k, v] of Object.entries((secret.data as Record<string, string> | undefined) ?? {})) {
      const bytes = Buffer.from(v, 'base64');
      if (k === 'token' && type === 'kubernetes.io/service-account-token') w.write(LEVEL_0, `${k}:\t${bytes.toString('utf8')}\n`);
      else w.write(LEVEL_0, `${k}:\t${bytes.length} bytes\n`);
    }
  });
}

export function describeServiceAccount(sa: KubeObject, ctx: DescribeContext): string {
  const ns = sa.metadata.namespace ?? '';
  const secrets = ctx.list('secrets', ns);
  const existing = new Set(secrets.map((s) => s.metadata.name ?? ''));
  const tokens = secrets.filter(
    (s) =>
      s.type === 'kubernetes.io/service-account-token' &&
      s.metadata.annotations?.['kubernetes.io/service-account.name'] === sa.metadata.name &&
      s.metadata.annotations?.['kubernetes.io/service-account.uid'] === sa.metadata.uid,
  );
  const names = (list: unknown) => ((list as Array<{ name?: string }> | undefined) ?? []).map((x) => x.name ?? '');
  const pull = names(sa.imagePullSecrets);
  const mount = names(sa.secrets);
  const missing = new Set([...mount, ...pull].filter((n) => !existing.has(n)));
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${sa.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${ns}\n`);
    printLabelsMultiline(w, 'Labels', sa.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', sa.metadata.annotations);
    const empty = '                   ';
    const groups: Array<[string, string[]]> = [
      ['Image pull secrets:', pull],
      ['Mountable secrets: ', mount],
      ['Tokens:            ', tokens.map((t) => t.metadata.name ?? '')],
    ];
    for (const [header, list] of groups) {
      if (list.length === 0) {
        w.write(LEVEL_0, `${header}\t<none>\n`);
        continue;
      }
      let prefix = header;
      for (const n of list) {
        w.write(LEVEL_0, `${prefix}\t${n}${missing.has(n) ? ' (not found)' : ''}\n`);
        prefix = empty;
      }
    }
    writeEvents(w, ctx, eventQueryFor(sa));
  });
}

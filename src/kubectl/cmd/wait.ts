// `kubectl wait --for=condition=C[=V] | delete | create | jsonpath='{..}'=V` (cmd/wait): polls on the simulated
// clock, letting controllers progress, until each object meets the condition or --timeout passes.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { parseDuration } from '../../cluster/state/clock.js';
import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import { evalJsonPath } from '../printers/jsonpath.js';
import { finish, nameLine, visitTargets, type Target } from './visit.js';
import { waitFor } from './waiting.js';

export type WaitCondition =
  | { type: 'delete' }
  | { type: 'create' }
  | { type: 'condition'; name: string; value: string }
  | { type: 'jsonpath'; expr: string; value?: string };

const unquote = (s: string) => (s.length >= 2 && ((s[0] === "'" && s.endsWith("'")) || (s[0] === '"' && s.endsWith('"'))) ? s.slice(1, -1) : s);

/** conditionFuncFor: parses the --for value. */
export function parseFor(text: string): WaitCondition {
  const lower = text.toLowerCase();
  if (lower === 'delete') return { type: 'delete' };
  if (lower === 'create') return { type: 'create' };
  if (lower.startsWith('condition=')) {
    const cond = text.slice('condition='.length);
    const eq = cond.indexOf('=');
    if (eq < 0) return { type: 'condition', name: cond, value: 'true' };
    return { type: 'condition', name: cond.slice(0, eq), value: cond.slice(eq + 1) };
  }
  if (lower.startsWith('jsonpath=')) {
    const rest = unquote(text.slice('jsonpath='.length));
    let expr = rest;
    let value: string | undefined;
    if (rest.startsWith('{')) {
      const close = rest.indexOf('}');
      if (close >= 0 && rest[close + 1] === '=') {
        expr = rest.slice(0, close + 1);
        value = unquote(rest.slice(close + 2));
      } else if (close >= 0 && close !== rest.length - 1) {
        throw new KubectlError(`error: jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'`);
      }
    } else {
      const eq = rest.indexOf('=');
      if (eq >= 0) {
        expr = rest.slice(0, eq);
        value = unquote(rest.slice(eq + 1));
      }
      expr = `{${expr.startsWith('.') ? '' : '.'}${expr}}`;
    }
    if (value === '') throw new KubectlError('error: jsonpath wait has to have a value after equal sign');
    return { type: 'jsonpath', expr, value };
  }
  throw new KubectlError(`error: unrecognized condition: ${JSON.stringify(text)}`);
}

/** Whether an existing object meets a condition/jsonpath wait. */
export function conditionMet(obj: KubeObject, c: WaitCondition): boolean {
  if (c.type === 'create') return true;
  if (c.type === 'delete') return false;
  if (c.type === 'condition') {
    const conds: Array<{ type?: string; status?: string; observedGeneration?: number }> = obj.status?.conditions ?? [];
    for (const cond of conds) {
      if ((cond.type ?? '').toLowerCase() !== c.name.toLowerCase()) continue;
      if (cond.observedGeneration && obj.metadata.generation && cond.observedGeneration !== obj.metadata.generation) return false;
      if ((cond.status ?? '').toLowerCase() === c.value.toLowerCase()) return true;
    }
    return false;
  }
  let got: string;
  try {
    got = evalJsonPath(c.expr, obj, { allowMissing: false });
  } catch {
    return false;
  }
  return c.value === undefined ? got !== '' : got === c.value;
}


function run(ctx: KubectlContext, args: ParsedArgs): number {
  const cond = parseFor(str(args, 'for'));
  const timeout = parseDuration(str(args, 'timeout') || '30s');
  if (args.args.length === 0) {
    throw new KubectlError(
      "error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'",
    );
  }
  const selector = str(args, 'selector');
  const all = bool(args, 'all');
  const allNamespaces = bool(args, 'all-namespaces');
  const started = ctx.cluster.clock.nowMs();
  const left = () => Math.max(0, timeout - (ctx.cluster.clock.nowMs() - started));
  let found: { targets: Target[]; errors: string[] } = visitTargets(ctx, args.args, { selector, fieldSelector: str(args, 'field-selector'), all, allNamespaces });
  // --for=create waits for the objects to appear
  if (cond.type === 'create' && timeout > 0) {
    waitFor(ctx.cluster, timeout, () => {
      found = visitTargets(ctx, args.args, { selector, fieldSelector: str(args, 'field-selector'), all, allNamespaces });
      return found.errors.length === 0 && found.targets.length > 0 ? true : undefined;
    });
  }
  const errors = [...found.errors];
  if (found.targets.length === 0 && errors.length === 0) throw new KubectlError('error: no matching resources found');
  for (const { info, obj } of found.targets) {
    const key = resourceKey(info);
    const ns = obj.metadata.namespace;
    const name = obj.metadata.name ?? '';
    const isMet = () => {
      const cur = ctx.api.tryGet(key, ns, name);
      return (cond.type === 'delete' ? !cur || cur.metadata.uid !== obj.metadata.uid : cur ? conditionMet(cur, cond) : false) ? true : undefined;
    };
    const remaining = left();
    const met = remaining > 0 ? waitFor(ctx.cluster, remaining, isMet) : isMet();
    if (met) ctx.out(nameLine(info, name, 'condition met', 'none'));
    else errors.push(`error: timed out waiting for the condition on ${info.name}/${name}`);
  }
  return finish(ctx, errors);
}

const verb: Verb = {
  name: 'wait',
  flags: [
    { name: 'all', type: 'bool' },
    { name: 'all-namespaces', short: 'A', type: 'bool' },
    { name: 'allow-missing-template-keys', type: 'bool', default: true },
    { name: 'field-selector', type: 'string' },
    { name: 'filename', short: 'f', type: 'stringSlice' },
    { name: 'for', type: 'string' },
    { name: 'local', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
    { name: 'recursive', short: 'R', type: 'bool', default: true },
    { name: 'selector', short: 'l', type: 'string' },
    { name: 'show-managed-fields', type: 'bool' },
    { name: 'template', type: 'string' },
    { name: 'timeout', type: 'duration', default: '30s' },
  ],
  run,
};

export default verb;

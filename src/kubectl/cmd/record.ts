// --record (deprecated in v1.32, still honoured): the kubernetes.io/change-cause annotation the verb writes, the
// command line as genericclioptions' parseCommandArguments words it: `kubectl` and the positional words (sub-command
// names included), then every flag given, in order, as --NAME=VALUE (`rollout history` shows it).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { KubectlContext } from '../context.js';
import { GLOBAL_FLAGS, type FlagSpec } from '../flags.js';

export const CHANGE_CAUSE = 'kubernetes.io/change-cause';
export const RECORD_FLAG: FlagSpec = { name: 'record', type: 'bool' };
/** on the verbs whose --record kubesim does not write yet: refused instead of ignored */
export const RECORD_FLAG_UNSIMULATED: FlagSpec = { name: 'record', type: 'bool', unsimulated: true };
export const RECORD_DEPRECATION = 'Flag --record has been deprecated, --record will be removed in the future\n';

/** parseCommandArguments over the verb's words (`path` is `kubectl set image`, `rest` what followed it). */
export function changeCauseOf(path: string, rest: string[], flags: FlagSpec[]): string {
  const all = [...flags, ...GLOBAL_FLAGS];
  const words = path.split(' ').slice(1);
  const flagParts: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '--') {
      words.push(...rest.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      words.push(a);
      continue;
    }
    const long = a.startsWith('--');
    const body = long ? a.slice(2) : a.slice(1);
    const eq = body.indexOf('=');
    const key = eq < 0 ? body : body.slice(0, eq);
    const spec = long ? all.find((f) => f.name === key) : all.find((f) => f.short === key[0]);
    if (!spec) continue;
    let value: string;
    if (long) {
      if (eq >= 0) value = body.slice(eq + 1);
      else if (spec.type === 'bool' || spec.noOptDefault !== undefined) value = spec.type === 'bool' ? 'true' : String(spec.noOptDefault);
      else value = rest[++i] ?? '';
    } else {
      const tail = body.slice(1).replace(/^=/, '');
      if (spec.type === 'bool') value = tail || 'true';
      else value = tail || rest[++i] || '';
    }
    flagParts.push(`--${spec.name}=${value}`);
  }
  return ['kubectl', ...words, ...flagParts].join(' ');
}

/** ChangeCauseRecorder.Record: the annotation on the object (nothing without --record). */
export function recordChangeCause(ctx: Pick<KubectlContext, 'changeCause'>, obj: KubeObject): void {
  if (!ctx.changeCause) return;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [CHANGE_CAUSE]: ctx.changeCause };
}

// What a REPL line means: bare kubectl verbs (`get pods`) become `kubectl get pods`, kubesim's own commands
// (`clock advance 30s`) `kubesim clock advance 30s`; everything else runs as typed.

import { KUBECTL_COMMANDS, implementedVerbs } from '../../kubectl/kubectl.js';

/** kubesim commands reachable from the prompt without the `kubesim` prefix. */
export const REPL_NATIVE = ['init', 'clock', 'replay', 'test'];

export function replLineToCommand(line: string): string {
  const m = /^(\s*)(sudo\s+)?(\S+)/.exec(line);
  if (!m) return line;
  const first = m[3];
  if (first === 'kubectl' || first === 'k' || first === 'kubesim') return line;
  if (implementedVerbs().includes(first) || KUBECTL_COMMANDS.includes(first)) return line.replace(/^(\s*)(sudo\s+)?/, (_, s, sudo) => `${s}${sudo ?? ''}kubectl `);
  if (REPL_NATIVE.includes(first)) return line.replace(/^(\s*)/, (_, s) => `${s}kubesim `);
  return line;
}

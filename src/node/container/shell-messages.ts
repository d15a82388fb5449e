// How each shell words a script it cannot parse: busybox ash (`sh: syntax error: unexpected "done"`), dash
// (`sh: 1: Syntax error: "done" unexpected`) and bash (`bash: -c: line 1: syntax error near unexpected token
// `done'` and the line itself). Token names are ash's and dash's tokname tables: keywords and operators quoted,
// `end of file`, `newline`, `word` and `redirection` bare.

import type { ContainerSession } from './context.js';
import { BadSubstitution, Incomplete } from './shell-lex.js';
import type { ShellSyntaxError } from './shell-parse.js';

/** The shell's message prefix: `sh: ` (ash), `sh: 3: ` (dash), `bash: ` or `bash: line 3: ` (bash -c). */
export function prefixOf(s: ContainerSession, line = s.lineno ?? 1): string {
  const n = (s.lineBase ?? 0) + line;
  if (s.shell === 'bash') return s.interactive ? `${s.arg0 ?? 'bash'}: ` : `${s.arg0 ?? 'bash'}: line ${n}: `;
  if (s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash')) return `${s.arg0 ?? 'sh'}: ${n}: `;
  return `${s.arg0 ?? 'sh'}: `;
}

function dashLike(s: ContainerSession): boolean {
  return s.shell === 'dash' || (s.shell === null && s.facts.sh === 'dash');
}

/** The message (with its newline) for a syntax error of `src`. */
export function syntaxMessage(s: ContainerSession, e: ShellSyntaxError | Incomplete | BadSubstitution, src: string): string {
  const line = (s.lineBase ?? 0) + e.line;
  const name = s.arg0 ?? (s.shell === 'bash' ? 'bash' : 'sh');
  if (s.shell === 'bash') {
    const at = s.interactive ? `${name}: ` : `${name}: -c: line ${line}: `;
    if (e instanceof BadSubstitution) return `${name}: ${e.message}\n`;
    if (e instanceof Incomplete) {
      const close = { quote: "'", dquote: '"', backquote: '`', subst: ')', param: '}', heredoc: '' }[e.what];
      if (e.what === 'heredoc') return `${at}syntax error: unexpected end of file\n`;
      return `${at}unexpected EOF while looking for matching \`${close}'\n${s.interactive ? '' : `${at}syntax error: unexpected end of file\n`}`;
    }
    if (e.found.eof) return `${at}syntax error: unexpected end of file\n`;
    if (e.found.name === 'bad for loop variable') return `${at}\`${e.found.bash}': not a valid identifier\n`;
    const text = src.split('\n')[e.line - 1] ?? '';
    return `${at}syntax error near unexpected token \`${e.found.bash}'\n${s.interactive ? '' : `${at}\`${text}'\n`}`;
  }
  const pre = dashLike(s) ? `${name}: ${line}: Syntax error: ` : `${name}: syntax error: `;
  if (e instanceof BadSubstitution) return `${pre}${dashLike(s) ? 'Bad' : 'bad'} substitution\n`;
  if (e instanceof Incomplete) {
    if (e.what === 'param') return `${pre}${dashLike(s) ? 'Missing' : 'missing'} '}'\n`;
    if (e.what === 'subst') return dashLike(s) ? `${pre}end of file unexpected (expecting ")")\n` : `${pre}unexpected end of file (expecting ")")\n`;
    if (e.what === 'heredoc') return dashLike(s) ? `${pre}end of file unexpected\n` : `${pre}unexpected end of file\n`;
    return `${pre}${dashLike(s) ? 'Unterminated' : 'unterminated'} quoted string\n`;
  }
  if (e.found.name === 'bad for loop variable') return `${pre}${dashLike(s) ? 'Bad' : 'bad'} for loop variable\n`;
  const exp = e.expecting ? ` (expecting ${e.expecting})` : '';
  return dashLike(s) ? `${pre}${e.found.name} unexpected${exp}\n` : `${pre}unexpected ${e.found.name}${exp}\n`;
}

// Is this text a complete bash command yet? Used to group lab lines (heredocs, `\` continuations, loops, quotes
// spanning lines) into the logical commands that replay runs and counts one by one.

import { spawnSync } from 'node:child_process';
import { heredocsIn } from './words.js';

export type Completeness = 'complete' | 'incomplete';

const COMPOUND = /(^|[;&|(]\s*|\s)(if|for|while|until|case|select|function)\s|(^|[;&|]\s*)[{(]\s|\$\(/;

/** Fast scan: quotes, trailing `\`, trailing `|`/`&&`/`||`, unterminated heredocs; bash -n for compound commands. */
export function commandCompleteness(text: string): Completeness {
  const lines = text.split('\n');
  let quote: '' | "'" | '"' = '';
  let pendingDocs: { delimiter: string; stripTabs: boolean }[] = [];
  let needsBash = false;
  for (let li = 0; li < lines.length; li++) {
    let line = lines[li];
    if (pendingDocs.length) {
      const doc = pendingDocs[0];
      if ((doc.stripTabs ? line.replace(/^\t+/, '') : line) === doc.delimiter) pendingDocs.shift();
      continue;
    }
    if (!quote && COMPOUND.test(line)) needsBash = true;
    // walk the line tracking quotes
    let i = 0;
    let lastSignificant = '';
    while (i < line.length) {
      const c = line[i];
      if (quote === "'") {
        if (c === "'") quote = '';
        i++;
        continue;
      }
      if (quote === '"') {
        if (c === '\\') i += 2;
        else {
          if (c === '"') quote = '';
          i++;
        }
        continue;
      }
      if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
        line = line.slice(0, i);
        break;
      }
      if (c === "'" || c === '"') quote = c;
      else if (c === '\\') {
        if (i + 1 >= line.length) {
          if (li === lines.length - 1) return 'incomplete';
          break; // continued on the next line
        }
        i++;
      }
      if (!/\s/.test(c)) lastSignificant = line.slice(Math.max(0, i - 1), i + 1);
      i++;
    }
    if (quote) continue;
    if (/(\|\||&&|\|)$/.test(lastSignificant.trimEnd()) || /(\|\||&&|\|)\s*$/.test(line)) {
      if (li === lines.length - 1) return 'incomplete';
    }
    pendingDocs = heredocsIn(line).map((d) => ({ delimiter: d.delimiter, stripTabs: d.stripTabs }));
  }
  if (quote || pendingDocs.length) return 'incomplete';
  if (needsBash) return bashSaysComplete(text) ? 'complete' : 'incomplete';
  return 'complete';
}

/** `bash -n`: an "unexpected end of file" means the command is still open. */
function bashSaysComplete(text: string): boolean {
  const r = spawnSync('bash', ['-n'], { input: text + '\n', encoding: 'utf8' });
  if (r.status === 0) return true;
  return !/unexpected end of file|looking for matching/.test(r.stderr ?? '');
}

// A small POSIX-shell word splitter: decides whether a command line is a plain command kubesim can run in-process
// (words, quotes, escapes and an optional trailing heredoc) or needs real bash (pipes, `$(...)`, `&&`, redirects,
// variables, assignments, globs into files...).

export interface Heredoc {
  delimiter: string;
  /** `<<'EOF'` / `<<"EOF"`: the body is taken literally (no expansion) */
  quoted: boolean;
  /** `<<-EOF`: leading tabs are stripped from body lines and the delimiter line */
  stripTabs: boolean;
}

export interface SimpleCommand {
  argv: string[];
  heredoc?: Heredoc;
}

const META = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

/**
 * Splits the first line of a command into words. Returns null when the line needs bash: any unquoted shell
 * metacharacter or expansion, a `VAR=value` prefix, `~`, or a heredoc that is not the last thing on the line.
 */
export function parseSimpleCommand(line: string): SimpleCommand | null {
  const argv: string[] = [];
  let heredoc: Heredoc | undefined;
  let i = 0;
  const n = line.length;
  while (i < n) {
    while (i < n && (line[i] === ' ' || line[i] === '\t')) i++;
    if (i >= n) break;
    if (heredoc) return null; // words after the heredoc operator
    if (line[i] === '#') break; // comment
    const op = heredocOperatorAt(line, i);
    if (op) {
      const { stripTabs } = op;
      i = op.next;
      const w = readWord(line, i);
      if (!w || w.value === '' || w.expands) return null;
      heredoc = { delimiter: w.value, quoted: w.quoted, stripTabs };
      i = w.end;
      continue;
    }
    if (line[i] === '~') return null;
    const w = readWord(line, i);
    if (!w || w.expands) return null;
    if (argv.length === 0 && !w.quoted && /^[A-Za-z_][A-Za-z0-9_]*=/.test(w.value)) return null;
    if (w.braces) return null; // brace expansion {a,b} / {1..3}
    argv.push(w.value);
    i = w.end;
  }
  return { argv, heredoc };
}

interface Word {
  value: string;
  end: number;
  quoted: boolean;
  /** contains something only bash can expand or a metacharacter */
  expands: boolean;
  /** unquoted `{...,...}` or `{a..b}` */
  braces?: boolean;
}

function readWord(line: string, start: number): Word | null {
  let i = start;
  let value = '';
  let quoted = false;
  let braces = false;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === ' ' || c === '\t') break;
    if (META.has(c) || c === '$') return { value, end: i, quoted, expands: true };
    if (c === '\\') {
      if (i + 1 >= n) return { value, end: i, quoted, expands: true }; // line continuation
      value += line[i + 1];
      quoted = true;
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      if (close < 0) return null;
      value += line.slice(i + 1, close);
      quoted = true;
      i = close + 1;
      continue;
    }
    if (c === '"') {
      quoted = true;
      i++;
      let closed = false;
      while (i < n) {
        const d = line[i];
        if (d === '"') {
          closed = true;
          i++;
          break;
        }
        if (d === '$' || d === '`') return { value, end: i, quoted, expands: true };
        if (d === '\\' && i + 1 < n && '"\\$`'.includes(line[i + 1])) {
          value += line[i + 1];
          i += 2;
          continue;
        }
        if (d === '\\' && i + 1 >= n) return null;
        value += d;
        i++;
      }
      if (!closed) return null;
      continue;
    }
    if (c === '{') {
      const close = line.indexOf('}', i);
      const inner = close < 0 ? '' : line.slice(i + 1, close);
      if (/,|\.\./.test(inner) && !/[\s'"]/.test(inner)) braces = true;
    }
    value += c;
    i++;
  }
  return { value, end: i, quoted, expands: false, braces };
}

/**
 * Reads a heredoc body from the lines following the command. Returns the body (with a final newline, as bash
 * feeds it) and how many lines were consumed including the delimiter line, or undefined when the delimiter is missing.
 */
export function readHeredocBody(lines: string[], doc: Heredoc): { body: string; consumed: number } | undefined {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    let l = lines[i];
    if (doc.stripTabs) l = l.replace(/^\t+/, '');
    if (l === doc.delimiter) return { body: out.length ? out.join('\n') + '\n' : '', consumed: i + 1 };
    out.push(l);
  }
  return undefined;
}

/** A heredoc operator (`<<` or `<<-`, not `<<<`) at i: whether it strips tabs and where its delimiter starts. */
function heredocOperatorAt(line: string, i: number): { stripTabs: boolean; next: number } | undefined {
  if (!line.startsWith('<<', i) || line[i + 2] === '<') return undefined;
  let j = i + 2;
  const stripTabs = line[j] === '-';
  if (stripTabs) j++;
  while (j < line.length && (line[j] === ' ' || line[j] === '\t')) j++;
  return { stripTabs, next: j };
}

/** Heredoc operators (`<<EOF`, `<<-'EOF'`) anywhere in a line, in order, skipping quoted text. */
export function heredocsIn(line: string): Heredoc[] {
  const docs: Heredoc[] = [];
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line[i];
    if (c === "'") {
      const close = line.indexOf("'", i + 1);
      i = close < 0 ? n : close + 1;
      continue;
    }
    if (c === '"') {
      i++;
      while (i < n && line[i] !== '"') i += line[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(line[i - 1]))) break;
    const op = heredocOperatorAt(line, i);
    if (op) {
      const { stripTabs } = op;
      i = op.next;
      let delim = '';
      let quoted = false;
      while (i < n && !/[\s;|&<>()]/.test(line[i])) {
        const d = line[i];
        if (d === "'" || d === '"') {
          quoted = true;
          const close = line.indexOf(d, i + 1);
          if (close < 0) break;
          delim += line.slice(i + 1, close);
          i = close + 1;
          continue;
        }
        if (d === '\\') {
          quoted = true;
          delim += line[i + 1] ?? '';
          i += 2;
          continue;
        }
        delim += d;
        i++;
      }
      if (delim) docs.push({ delimiter: delim, quoted, stripTabs });
      continue;
    }
    i++;
  }
  return docs;
}

/** Quotes a word for bash (single quotes unless it is plainly safe). */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

// The one shell grammar: a command line as words (with their quoting), redirections, pipelines and `;`/`&&`/`||`
// lists, `( list )` groups and `$(...)` substitutions. The interpreter (shell.ts) runs what this parses, in
// containers, `kubectl exec` and kubesim's hermetic mode.

/** `subst`: a command substitution `$(...)` (`dsubst` inside double quotes: not split into fields) */
export type Seg = { text: string; quote: 'none' | 'single' | 'double' | 'subst' | 'dsubst' };
export type Word = Seg[];

export interface Redir {
  fd: 1 | 2 | 0;
  op: '>' | '>>' | '<' | '>&';
  target: Word;
}

export interface SimpleCommand {
  words: Word[];
  /** `( list )`: the list, run as one command (its output and status are the group's) */
  group?: string;
  redirs: Redir[];
}

export type Pipeline = SimpleCommand[];
export interface AndOr {
  pipeline: Pipeline;
  /** how this item joins the previous one */
  join: ';' | '&&' | '||';
}

export class ShellSyntaxError extends Error {}

/** The end (index of the closing paren) of a `$(` starting at i, skipping quotes and nested parens. */
function substEnd(line: string, i: number): number {
  let depth = 0;
  for (let j = i; j < line.length; j++) {
    const c = line[j];
    if (c === "'") {
      j = line.indexOf("'", j + 1);
      if (j < 0) break;
    } else if (c === '\\') j++;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j;
  }
  throw new ShellSyntaxError('unterminated command substitution');
}

/** Splits a command line into tokens: words (with quote info) and operators. */
type Token = { op: string } | { word: Word } | { group: string };

function tokenize(line: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  let word: Word | null = null;
  const push = (text: string, quote: Seg['quote']): void => {
    word ??= [];
    const last = word[word.length - 1];
    if (last && last.quote === quote) last.text += text;
    else word.push({ text, quote });
  };
  const endWord = (): void => {
    if (word) out.push({ word });
    word = null;
  };
  while (i < line.length) {
    const c = line[i];
    if (c === ' ' || c === '\t') {
      endWord();
      i++;
    } else if (c === '\n') {
      // a newline outside quotes ends a command, as `;` does
      endWord();
      if (out.length && !('op' in out[out.length - 1] && ['&&', '||', '|', ';'].includes((out[out.length - 1] as { op: string }).op))) out.push({ op: ';' });
      i++;
    } else if (c === '#' && !word) {
      break;
    } else if (c === "'") {
      const j = line.indexOf("'", i + 1);
      if (j < 0) throw new ShellSyntaxError('unterminated quoted string');
      push(line.slice(i + 1, j), 'single');
      if (j === i + 1) push('', 'single');
      i = j + 1;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < line.length && line[j] !== '"') {
        if (line[j] === '$' && line[j + 1] === '(') {
          const end = substEnd(line, j + 1);
          if (text) push(text, 'double');
          push('', 'double');
          word!.push({ text: line.slice(j + 2, end), quote: 'dsubst' });
          text = '';
          j = end + 1;
          continue;
        }
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1])) {
          text += line[j + 1] === '$' ? '\\$' : line[j + 1];
          j += 2;
        } else text += line[j++];
      }
      if (j >= line.length) throw new ShellSyntaxError('unterminated quoted string');
      push(text, 'double');
      i = j + 1;
    } else if (c === '(' && !word) {
      // a subshell group `( list )` where a command starts
      const end = substEnd(line, i);
      out.push({ group: line.slice(i + 1, end) });
      i = end + 1;
    } else if (c === '$' && line[i + 1] === '(') {
      const end = substEnd(line, i + 1);
      word ??= [];
      word.push({ text: line.slice(i + 2, end), quote: 'subst' });
      i = end + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      push(line[i + 1], 'single');
      i += 2;
    } else if (/^(2>&1|&&|\|\||>>|2>>|2>|>|<|;|\||&)/.test(line.slice(i))) {
      const m = /^(2>&1|&&|\|\||>>|2>>|2>|>|<|;|\||&)/.exec(line.slice(i))![0];
      // a `2` glued to a word is part of the word (`a2>x` is `a2 > x`)
      if (m.startsWith('2') && word) {
        push('2', 'none');
        i += 1;
        continue;
      }
      endWord();
      out.push({ op: m });
      i += m.length;
    } else {
      push(c, 'none');
      i++;
    }
  }
  endWord();
  return out;
}

/** Parses one command line. */
export function parseLine(line: string): AndOr[] {
  const toks = tokenize(line);
  const items: AndOr[] = [];
  let join: AndOr['join'] = ';';
  let pipeline: Pipeline = [];
  let cmd: SimpleCommand = { words: [], redirs: [] };
  const endCmd = (): void => {
    if (cmd.words.length === 0 && cmd.redirs.length === 0 && cmd.group === undefined) throw new ShellSyntaxError('syntax error');
    pipeline.push(cmd);
    cmd = { words: [], redirs: [] };
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if ('word' in t) {
      cmd.words.push(t.word);
      continue;
    }
    if ('group' in t) {
      if (cmd.words.length || cmd.group !== undefined) throw new ShellSyntaxError('syntax error near unexpected token `(\'');
      cmd.group = t.group;
      continue;
    }
    switch (t.op) {
      case '>':
      case '>>':
      case '2>':
      case '2>>':
      case '<': {
        const next = toks[++i];
        if (!next || !('word' in next)) throw new ShellSyntaxError(`syntax error: unexpected ${next ? ('op' in next ? next.op : '(') : 'newline'}`);
        const fd = t.op.startsWith('2') ? 2 : t.op === '<' ? 0 : 1;
        cmd.redirs.push({ fd, op: t.op.endsWith('>>') ? '>>' : t.op === '<' ? '<' : '>', target: next.word });
        break;
      }
      case '2>&1':
        cmd.redirs.push({ fd: 2, op: '>&', target: [{ text: '1', quote: 'none' }] });
        break;
      case '|':
        endCmd();
        break;
      case '&&':
      case '||':
      case ';':
      case '&':
        endCmd();
        items.push({ pipeline, join });
        pipeline = [];
        join = t.op === '&' ? ';' : (t.op as AndOr['join']);
        break;
    }
  }
  if (cmd.words.length || cmd.redirs.length || cmd.group !== undefined) endCmd();
  if (pipeline.length) items.push({ pipeline, join });
  else if (items.length && join !== ';') throw new ShellSyntaxError('syntax error: unexpected end of file');
  return items;
}


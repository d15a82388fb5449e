// kubectl's describe PrefixWriter (2 spaces per level) over the describe tabwriter settings of `tabbedString()`
// (minwidth 0, tabwidth 8, padding 2): describers write tab-separated text, the printers' tabwriter aligns it.

import { DESCRIBE_TABWRITER, tabwrite } from '../printers/tabwriter.js';

/** printers.WriteEscaped: terminal-unsafe characters replaced. */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

/** kubectl's PrefixWriter: `write(level, text)` prefixes 2 spaces per level; text is written as-is (no formatting). */
export class PrefixWriter {
  private buf = '';

  write(level: number, text: string): void {
    this.buf += escapeTerminal('  '.repeat(level) + text);
  }

  /** fmt.Sprintln of one string: the text and a newline, no indent. */
  writeLine(text: string): void {
    this.buf += escapeTerminal(text + '\n');
  }

  /**
   * Writer.Flush. kubectl only flushes right before the `Events:` header, a line without tabs that ends every
   * column block anyway, so formatting the whole text at once gives the same bytes.
   */
  flush(): void {}

  /** The aligned output. */
  text(): string {
    return tabwrite(this.buf, DESCRIBE_TABWRITER);
  }
}

/** tabbedString(): runs `fn` against a fresh describe writer and returns the formatted text. */
export function tabbedString(fn: (w: PrefixWriter) => void): string {
  const w = new PrefixWriter();
  fn(w);
  return w.text();
}

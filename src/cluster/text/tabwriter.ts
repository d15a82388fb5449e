// Port of Go text/tabwriter (liggitt fork as kubectl uses it): aligns tab-separated cells into padded columns.

export interface TabwriterOptions {
  minwidth?: number;
  tabwidth?: number;
  padding?: number;
}

/** Settings of `kubectl get` tables, custom-columns, api-resources (cli-runtime printers.GetNewTabWriter). */
export const GET_TABWRITER = { minwidth: 6, tabwidth: 4, padding: 3 } as const;
/** Settings of `kubectl describe` (tabbedString in describe.go). */
export const DESCRIBE_TABWRITER = { minwidth: 0, tabwidth: 8, padding: 2 } as const;

interface Cell {
  text: string;
  width: number;
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Formats `text` the way a Go tabwriter with padchar ' ' and no flags would after a final Flush.
 * A cell is text terminated by `\t`; the last cell of a line is never padded; a line without any `\t`
 * ends all column blocks (flush).
 */
export function tabwrite(text: string, opts: TabwriterOptions = {}): string {
  const minwidth = opts.minwidth ?? GET_TABWRITER.minwidth;
  const padding = opts.padding ?? GET_TABWRITER.padding;
  let out = '';
  let lines: Cell[][] = [];

  const flush = () => {
    if (lines.length === 0) return;
    out += formatLines(lines, minwidth, padding);
    lines = [];
  };

  const rawLines = text.split('\n');
  // rawLines.length - 1 complete lines; the last element is a trailing partial line ('' if text ends with \n).
  for (let i = 0; i < rawLines.length; i++) {
    const complete = i < rawLines.length - 1;
    const raw = rawLines[i];
    if (!complete && raw === '') break;
    const cells = raw.split('\t').map((t) => ({ text: t, width: runeCount(t) }));
    lines.push(cells);
    if (complete && cells.length === 1) flush();
  }
  const endsWithNewline = text.endsWith('\n') || text === '';
  if (lines.length > 0) {
    out += formatLines(lines, minwidth, padding, !endsWithNewline);
    lines = [];
  }
  return out;
}

/** Go's Writer.format + writeLines over one flushed buffer of lines. */
function formatLines(lines: Cell[][], minwidth: number, padding: number, lastIsPartial = false): string {
  const parts: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      const line = lines[i];
      let s = '';
      for (let j = 0; j < line.length; j++) {
        const c = line[j];
        s += c.text;
        if (j < widths.length) s += ' '.repeat(Math.max(0, widths[j] - c.width));
      }
      parts.push(s);
      if (!(lastIsPartial && i === lines.length - 1)) parts.push('\n');
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let ln = line0; ln < line1; ln++) {
      if (column >= lines[ln].length - 1) continue;
      writeLines(line0, ln);
      line0 = ln;
      let width = minwidth;
      for (; ln < line1; ln++) {
        const line = lines[ln];
        if (column >= line.length - 1) break;
        const w = line[column].width + padding;
        if (w > width) width = w;
      }
      widths.push(width);
      format(line0, ln);
      widths.pop();
      line0 = ln;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return parts.join('');
}

// Which lines of a lab a reader types into a container's shell. After `kubectl run -it ... -- sh` or
// `kubectl exec -it POD -- sh`: the container-prompt lines that follow (a terminal transcript), or, on a page
// without prompts, the commands that follow in the same block and the next ones until `exit` or the end of the
// section (a section that ends first is how pages leave the shell: "type exit to close the connection").

import type { LabCommand, LabStep } from './steps.js';

export type SessionEnd = 'exit' | 'section' | 'page' | 'prompt';

export interface SessionPlan {
  lines: LabCommand[];
  /** what ended the typed lines; 'prompt' when they are a transcript's container-prompt lines */
  end: SessionEnd;
  /** the line where the section or page ends (for 'section' and 'page') */
  endLine?: number;
  /** index in steps of the last typed line */
  lastIndex: number;
}

const EXIT = /^\s*(?:exit|logout)(?:\s+\d+)?\s*(?:#.*)?$/;

/** The lines typed into the shell that `steps[i]` (an interactive command) opens. */
export function sessionPlan(steps: readonly LabStep[], i: number): SessionPlan {
  const opener = steps[i] as LabCommand;
  const lines: LabCommand[] = [];
  let lastIndex = i;
  const first = steps.slice(i + 1).find((s): s is LabCommand => s.kind === 'command');
  if (!first || first.prompted || opener.prompted) {
    for (let j = i + 1; j < steps.length; j++) {
      const st = steps[j];
      if (st.kind !== 'command' || !st.inContainer) break;
      lines.push(st);
      lastIndex = j;
    }
    return { lines, end: 'prompt', lastIndex };
  }
  for (let j = i + 1; j < steps.length; j++) {
    const st = steps[j];
    // a problem of the page (a fence never closed) is reported by the replay; the reader's shell stays open
    if (st.kind === 'problem') continue;
    if (st.kind !== 'command' || st.prompted) return { lines, end: 'page', endLine: st.line, lastIndex };
    if (st.section !== opener.section) return { lines, end: 'section', endLine: st.line, lastIndex };
    lines.push(st);
    lastIndex = j;
    if (EXIT.test(st.text)) return { lines, end: 'exit', lastIndex };
  }
  return { lines, end: 'page', lastIndex };
}

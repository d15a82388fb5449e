// `kubesim replay --list`: what a replay will do with each step of a lab, and where, without running anything:
// commands run on the node or typed into a pod's shell, skipped ones with the reason, example URLs with the file
// each reads, lines read as output, the page's expected output, directives and problems.

import { ATTACH_TTY, INTERACTIVE_SHELL, localPortReached, localPortsOpened, placeholderIn, skipReason } from './classify.js';
import { resolveExample, rewriteExampleUrls, type ExampleSearch } from './examples.js';
import { sessionPlan } from './sessions.js';
import type { LabCommand, LabStep } from './steps.js';

function first(text: string): string {
  return text.split('\n')[0];
}

function outputLines(label: string, c: LabCommand): string[] {
  return (c.output ?? []).map((o) => {
    const n = o.text.split('\n').length;
    const range = n > 1 ? `${o.line}-${o.line + n - 1}` : `${o.line}`;
    return `${label}:${range}  ${o.expected ? 'expected output' : 'output, not run'}  ${first(o.text)}${n > 1 ? ` (${n} lines)` : ''}\n`;
  });
}

export function listLab(steps: readonly LabStep[], label: string, tools: readonly string[], search: ExampleSearch): string {
  let out = '';
  const dirs = search.dirs.slice();
  const s: ExampleSearch = { ...search, dirs };
  const unstarted: Array<{ ports: number[] | 'any'; line: number; text: string }> = [];
  for (let i = 0; i < steps.length; i++) {
    const st = steps[i];
    const at = `${label}:${st.line}  `;
    if (st.kind === 'file') out += `${at}file ${st.name}\n`;
    else if (st.kind === 'replace') out += `${at}replace ${st.original} with ${st.expr}\n`;
    else if (st.kind === 'init') out += `${at}init ${st.args.join(' ')}\n`;
    else if (st.kind === 'think') out += `${at}think ${st.duration}\n`;
    else if (st.kind === 'examples') {
      dirs.push(st.dir);
      out += `${at}examples ${st.dir}\n`;
    } else if (st.kind === 'problem') out += `${at}problem  ${st.message}\n`;
    else if (st.kind === 'example') {
      const r = resolveExample(st.path, s);
      out += `${at}example ${st.path}  ${'missing' in r ? `absent: ${r.missing}` : `from ${r.source}`}\n`;
    } else {
      const rw = st.inContainer ? { text: st.text, notes: [], missing: [] } : rewriteExampleUrls(st.text, s);
      const ph = placeholderIn(st.text);
      let why = st.skip ?? (ph ? `a placeholder for the reader to fill in (${ph})` : st.inContainer ? undefined : skipReason(rw.text, tools));
      const port = why || st.inContainer ? undefined : localPortReached(rw.text);
      const server = port === undefined ? undefined : unstarted.find((u) => u.ports === 'any' || u.ports.includes(port));
      if (server) why = `needs \`${first(server.text)}\` (line ${server.line}), which was skipped`;
      const opened = why ? localPortsOpened(rw.text) : undefined;
      if (opened) unstarted.push({ ports: opened, line: st.line, text: st.text });
      if (rw.missing.length) out += `${at}fail (${rw.missing.join('; ')})  ${first(st.text)}\n`;
      else if (!st.skip && (why === INTERACTIVE_SHELL || why === ATTACH_TTY) && sessionPlan(steps, i).lines.length) {
        const plan = sessionPlan(steps, i);
        out += `${at}run, opens a shell  ${first(st.text)}\n`;
        out += outputLines(label, st).join('');
        for (const l of plan.lines) {
          out += `${label}:${l.line}  in the pod (shell of line ${st.line})  ${first(l.text)}\n`;
          out += outputLines(label, l).join('');
        }
        if (plan.end === 'section' || plan.end === 'page') out += `${label}:${plan.endLine ?? st.line}  leaves the shell of line ${st.line} (${plan.end === 'section' ? 'end of section' : 'no exit'})\n`;
        i = plan.lastIndex;
        continue;
      } else if (st.inContainer) out += `${at}in the pod ${st.host ?? '(of the last shell)'}  ${first(st.text)}\n`;
      else out += `${at}${why ? `skip (${why})` : 'run'}  ${first(st.text)}\n`;
      for (const n of rw.notes) out += `${label}:${st.line}  ${n}\n`;
      out += outputLines(label, st).join('');
    }
  }
  return out;
}

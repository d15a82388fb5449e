// Reads a lab into the commands a replay runs: a bash script (lines grouped into complete commands), or a
// Markdown page read as a reader follows it (markdown.ts). Fences with `file=NAME` become files written into the
// working directory. A trailing `# kubesim: skip REASON` or `# kubesim: fails` comment annotates a command.
// `<!-- kubesim: replace ORIGINAL with WORD -->` (a `# kubesim: replace ...` line in scripts) names a value of the
// original cluster (an IP, a pod name, a chain name) and the shell word that yields the simulated cluster's
// counterpart at that point of the lab. `<!-- kubesim: init FLAGS -->` (`# kubesim: init FLAGS` in scripts) gives
// the `kubesim init` flags of the cluster the lab needs, e.g. `--load-balancer-pool 172.18.255.200-172.18.255.250`.
// `<!-- kubesim: examples DIR -->` names a directory holding the files of the lab's example URLs.

import { groupScript } from './blocks.js';
import { parseMarkdown } from './markdown.js';
import type { LabStep } from './steps.js';

export { splitPrompt } from './blocks.js';
export { LabParseError, splitWords } from './steps.js';
export type { LabCommand, LabExample, LabFile, LabInit, LabOutput, LabProblem, LabReplace, LabStep, LabThink } from './steps.js';

export function parseLab(file: string, text: string): LabStep[] {
  if (/\.(md|markdown)$/i.test(file)) return parseMarkdown(file, text);
  const lines = text.replace(/\n$/, '').split(/\r?\n/);
  const steps: LabStep[] = [];
  const body = lines.map((t, k) => ({ n: k + 1, text: t }));
  if (body[0]?.text.startsWith('#!')) body.shift();
  groupScript(file, body, steps);
  return steps;
}

// The benchmark's 200-line lab (issue 14, goal 2): 200 kubectl lines in bash blocks -- create, get, label, scale,
// describe, apply from a heredoc, delete, with pipes (`| grep`), `$(kubectl ... -o jsonpath=...)` and
// `xargs kubectl` -- replayed into a fresh home on the virtual clock. Two figures, each beside the per-process
// baseline (KUBESIM_RESIDENT=0: every shimmed line starts its own Node) in the same run: the lab as written (simple
// lines run in process, the rest through bash and the shims), and every line through bash and the shims.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

type Row = (name: string, value: string, goal?: string) => void;

/** The commands of one round of the lab about app `i` (each line holds the kubectl words it counts). */
function round(i: number): string[] {
  const d = `web${i}`;
  return [
    `kubectl create deployment ${d} --image=nginx --replicas=2`,
    `kubectl get deploy ${d}`,
    `kubectl label deployment ${d} tier=frontend`,
    `kubectl get pods -l app=${d} | grep ${d} | wc -l`,
    `kubectl scale deployment ${d} --replicas=3`,
    `REPLICAS=$(kubectl get deploy ${d} -o jsonpath='{.spec.replicas}'); echo "replicas: $REPLICAS"`,
    `kubectl expose deployment ${d} --port=80`,
    `kubectl describe svc ${d} | grep -E '^(Name|Port|Selector):'`,
    `cat <<EOF | kubectl apply -f -\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg${i}\ndata:\n  key: value${i}\nEOF`,
    `kubectl get cm cfg${i} -o yaml | grep value`,
    `kubectl get pods -l app=${d} -o name | head -1 | xargs kubectl get -o wide`,
    `kubectl get deploy ${d} -o jsonpath='{.metadata.labels}' && echo`,
    `kubectl get svc ${d} -o name && kubectl get ep ${d} -o name`,
    `kubectl delete cm cfg${i}`,
    `kubectl delete svc ${d}`,
    `kubectl delete deployment ${d}`,
  ];
}

/** kubectl words a command line runs (what the lab's line count counts). */
export function kubectlLines(command: string): number {
  return (command.match(/\bkubectl\b/g) ?? []).length;
}

/** A Markdown lab of exactly `n` kubectl lines in bash blocks (the last round is cut to fit). */
export function benchLab(n: number): string {
  const out: string[] = ['# The benchmark lab', '', 'Each round deploys an app, looks at it and removes it.', ''];
  let count = 0;
  for (let i = 0; count < n; i++) {
    out.push(`## Round ${i}`, '', '```bash');
    for (const cmd of round(i)) {
      const k = kubectlLines(cmd);
      if (count + k > n) continue;
      out.push(cmd);
      count += k;
    }
    out.push('```', '');
  }
  return out.join('\n');
}

interface LabRun {
  ms: number;
  commands: number;
  failed: number;
  /** the replay's output, to compare the two paths */
  text: string;
}

async function replayOnce(file: string, forceBash: boolean, resident: boolean): Promise<LabRun> {
  const { Session } = await import('../cli/session.js');
  const { replayLab } = await import('../cli/replay/run.js');
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-shims-'));
  try {
    const session = new Session({ home, persistent: true });
    let text = '';
    const env = { ...process.env, KUBESIM_HOME: home, KUBESIM_RESIDENT: resident ? '1' : '0' };
    const t0 = performance.now();
    const s = await replayLab(file, 'bench-lab.md', { session, out: (t) => void (text += t), env, forceBash });
    return { ms: performance.now() - t0, commands: s.run + s.skipped, failed: s.failed, text };
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
}

export async function replayShims(row: Row): Promise<void> {
  const n = 200;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-lab-'));
  const file = path.join(dir, 'lab.md');
  fs.writeFileSync(file, benchLab(n));
  try {
    for (const forceBash of [false, true]) {
      const what = forceBash ? 'every line through bash and the shims' : 'as written';
      const base = await replayOnce(file, forceBash, false);
      const fast = await replayOnce(file, forceBash, true);
      const rate = (r: LabRun) => `${(n / (r.ms / 1000)).toFixed(0)} lines/s (${(r.ms / 1000).toFixed(2)} s)`;
      const same = base.text === fast.text ? 'same output' : 'OUTPUT DIFFERS';
      const failed = base.failed + fast.failed ? `, ${base.failed}/${fast.failed} FAILED` : '';
      row(`200-line lab, ${what}: one Node per line`, rate(base));
      row(`200-line lab, ${what}: resident kubesim`, rate(fast), `goal: >= 100 lines/s; ${same}${failed}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

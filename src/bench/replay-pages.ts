// Replay of kubernetes.io-style pages: time per command for a generated page of 100 commands, once with node
// commands only and once with in-pod blocks (kubectl run -it ... -- sh, lines typed into the pod until exit), each
// into a fresh home on the virtual clock. The page is read as a reader does (prose, "output is similar to"
// blocks, indented blocks), so the figure includes the page reading.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

type Row = (name: string, value: string, goal?: string) => void;

/** A page of `n` commands: a Deployment and Service, then reads; with `inPod`, every fourth block is a pod shell. */
export function benchPage(n: number, inPod: boolean): string {
  const out: string[] = ['# Bench page', '', '## Setup', '', '```shell', 'kubectl create deployment web --image=nginx --replicas=2', 'kubectl expose deployment web --port=80', '```', ''];
  let count = 2;
  let k = 0;
  while (count < n) {
    if (inPod && k % 4 === 3 && count + 4 <= n) {
      out.push(`## Check ${k}`, '', '```shell', `kubectl run -it --rm --restart=Never t${k} --image=busybox:1.28 -- sh`, '```', '', 'Then, in the pod:', '', '```shell', 'nslookup web', 'wget -qO- web | grep title', 'exit', '```', '');
      count += 4;
    } else {
      out.push('Check it:', '', '    kubectl get pods -l app=web', '', 'The output is similar to:', '', '    NAME   READY   STATUS', '    web-1  1/1     Running', '');
      count += 1;
    }
    k++;
  }
  return out.join('\n') + '\n';
}

async function replayPage(n: number, inPod: boolean): Promise<{ ms: number; commands: number; failed: number }> {
  const { Session } = await import('../cli/session.js');
  const { replayLab } = await import('../cli/replay/run.js');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-page-'));
  const home = path.join(dir, 'home');
  try {
    const file = path.join(dir, 'page.md');
    fs.writeFileSync(file, benchPage(n, inPod));
    const session = new Session({ home, persistent: true });
    const t0 = performance.now();
    const s = await replayLab(file, 'page.md', { session, quiet: true, out: () => {}, env: { ...process.env, KUBESIM_HOME: home } });
    return { ms: performance.now() - t0, commands: s.run + s.skipped, failed: s.failed };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function replayPages(row: Row): Promise<void> {
  for (const inPod of [false, true]) {
    const r = await replayPage(100, inPod);
    row(`replay of a 100-command page${inPod ? ' with in-pod blocks' : ''}`, `${(r.ms / r.commands).toFixed(1)} ms per command (${r.commands} commands in ${(r.ms / 1000).toFixed(2)} s)`, r.failed ? `${r.failed} FAILED` : '0 failed');
  }
}

// Benchmark sections of the networking and driving areas, run after the core figures by bench.ts.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

type Row = (name: string, value: string, goal?: string) => void;

const HERE = path.dirname(fileURLToPath(import.meta.url));

async function iptables(row: Row): Promise<void> {
  const results: Array<{ n: number; total: number }> = [];
  for (const [n, e] of [[1000, 10], [10000, 10]]) {
    const out = execFileSync(process.execPath, [path.join(HERE, 'iptables-worker.js'), String(n), String(e)], { encoding: 'utf8' });
    const r = JSON.parse(out) as { renderMs: number; printMs: number; lines: number; maxRssKiB: number };
    const total = r.renderMs + r.printMs;
    results.push({ n, total });
    row(
      `iptables-save, ${n.toLocaleString('en-US')} services x ${e} endpoints (render+print)`,
      `${total.toFixed(0)} ms, peak ${(r.maxRssKiB / 1024).toFixed(0)} MiB`,
      n === 10000 ? 'goal: < 2 s' : `${r.lines} lines`,
    );
  }
  row('iptables-save growth 1k -> 10k services', `${(results[1].total / results[0].total).toFixed(1)}x time for 10x services`, 'linear = ~10x');
}

async function traffic(row: Row): Promise<void> {
  const { benchRequests } = await import('./dataplane.js');
  benchRequests(2000); // warm-up: compiles the node's rules once
  row('simulated requests through a 100-endpoint service', `${Math.round(benchRequests(50000)).toLocaleString('en-US')} req/s`, 'goal: >= 50,000/s');
  const os = await import('node:os');
  const { Session } = await import('../cli/session.js');
  const { dispatch } = await import('../cli/dispatch.js');
  const { buildConfig } = await import('../cluster/state/config.js');
  const { nullIO } = await import('./io.js');
  const session = new Session({ home: os.tmpdir(), persistent: false, defaultConfig: () => buildConfig({ seed: 1, clock: 'virtual' }) });
  const io = nullIO();
  await dispatch(['create', 'deployment', 'website', '--image=httpd', '--replicas=3'], session, io);
  await dispatch(['expose', 'deployment', 'website', '--port=80'], session, io);
  await dispatch(['run', 'client', '--image=busybox', '--restart=Never', '--', 'sleep', '3600'], session, io);
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await dispatch(['exec', 'client', '--', 'wget', '-qO-', 'website'], session, io);
  row('`exec client -- wget -qO- website` end to end (DNS + rules + image)', `${((performance.now() - t0) / n).toFixed(2)} ms each`);
}

/** The repository root (where manifests/labs lives), from this module's directory. */
async function repoRoot(): Promise<string> {
  const fs = await import('node:fs');
  let dir = HERE;
  while (!fs.existsSync(path.join(dir, 'manifests', 'labs')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

/** The five seed labs, each replayed quietly into a fresh temporary KUBESIM_HOME (virtual clock). */
async function replay(row: Row): Promise<void> {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { Session } = await import('../cli/session.js');
  const { replayLab } = await import('../cli/replay/run.js');
  const labs = path.join(await repoRoot(), 'manifests', 'labs');
  let commands = 0;
  let failed = 0;
  let ms = 0;
  for (const name of fs.readdirSync(labs).sort()) {
    const file = path.join(labs, name, 'lab.md');
    if (!fs.existsSync(file)) continue;
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-replay-'));
    try {
      const session = new Session({ home, persistent: true });
      const t0 = performance.now();
      const s = await replayLab(file, `manifests/labs/${name}/lab.md`, { session, quiet: true, out: () => {}, env: { ...process.env, KUBESIM_HOME: home } });
      const dt = performance.now() - t0;
      ms += dt;
      commands += s.run + s.skipped;
      failed += s.failed;
      row(`replay ${name}`, `${s.run} run, ${s.skipped} skipped, ${s.failed} failed in ${dt.toFixed(0)} ms`);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }
  row('replay of the five seed labs', `${commands} commands in ${(ms / 1000).toFixed(2)} s = ${(commands / (ms / 1000)).toFixed(0)} commands/s`, failed ? `${failed} FAILED` : '0 failed');
}

/** 1,000 plain kubesim commands in one transcript, run in process by the transcript runner. */
async function transcripts(row: Row): Promise<void> {
  const fs = await import('node:fs');
  const os = await import('node:os');
  const { runTranscriptFile } = await import('../cli/transcript/run.js');
  const cycle = (i: number): string[] => [
    `kubectl create deployment d${i} --image=nginx --replicas=2`,
    `kubectl get deploy d${i}`,
    `kubectl expose deployment d${i} --port=80`,
    `kubectl get svc d${i}`,
    `kubectl scale deployment d${i} --replicas=3`,
    `kubectl get pods -l app=d${i}`,
    `kubectl describe svc d${i}`,
    `kubectl get endpoints d${i}`,
    `kubectl delete svc d${i}`,
    `kubectl delete deployment d${i}`,
  ];
  const lines: string[] = [];
  for (let i = 0; lines.length < 1000; i++) lines.push(...cycle(i));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bench-transcript-'));
  const file = path.join(dir, 'thousand.md');
  fs.writeFileSync(file, '```console\n' + lines.slice(0, 1000).map((l) => `$ ${l}\n`).join('') + '```\n');
  try {
    const t0 = performance.now();
    const r = await runTranscriptFile(file);
    const dt = performance.now() - t0;
    const inProcess = r.outcomes.filter((o) => o.via === 'in-process').length;
    row('1,000 transcript commands in process', `${(dt / 1000).toFixed(2)} s (${(r.outcomes.length / (dt / 1000)).toFixed(0)} commands/s)`, `${inProcess} of ${r.outcomes.length} in process; goal: seconds`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

import { timeline } from './timeline.js';

export const sections: Array<{ name: string; run: (row: Row) => Promise<void> }> = [
  ...timeline,
  { name: 'iptables', run: iptables },
  { name: 'traffic', run: traffic },
  { name: 'netpol', run: async (row) => (await import('./netpol.js')).netpol(row) },
  { name: 'replay', run: replay },
  { name: 'replay-shims', run: async (row) => (await import('./replay-shims.js')).replayShims(row) },
  { name: 'replay-pages', run: async (row) => (await import('./replay-pages.js')).replayPages(row) },
  { name: 'transcripts', run: transcripts },
  { name: 'mounted-state', run: async (row) => (await import('./mounted-state.js')).mountedState(row) },
  { name: 'serve', run: async (row) => (await import('./serve.js')).serveBench(row) },
];

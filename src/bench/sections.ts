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
  const { benchRequests } = await import('../cluster/network/dataplane/bench.js');
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

export const sections: Array<{ name: string; run: (row: Row) => Promise<void> }> = [
  { name: 'iptables', run: iptables },
  { name: 'traffic', run: traffic },
];

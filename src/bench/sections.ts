// Benchmark sections of the networking and driving areas, run after the core figures by bench.ts.

import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

export const sections: Array<{ name: string; run: (row: Row) => Promise<void> }> = [{ name: 'iptables', run: iptables }];

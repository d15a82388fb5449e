// The oracle sweep: a broad set of client-side kubectl lines (help texts, generators with --dry-run=client,
// printers, flag and argument errors, config, --local) run through kubesim and through stock kubectl v1.32,
// compared byte for byte (stdout, stderr, exit code). At least 95 % must be equal; the differing lines are listed.

import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoveryHome, KUBECTL_132, NO_KUBECTL_MESSAGE, writeDiscoveryCache } from '../src/kubectl/cmd/realkubectl.js';
import { testCluster } from '../src/kubectl/cmd/testkit.js';
import { SWEEP_FILES, SWEEP_LINES } from './oracle-sweep-lines.js';

if (!KUBECTL_132) console.warn(NO_KUBECTL_MESSAGE);

/** Splits a line into words the way a shell does for single quotes, double quotes and backslashes. */
function words(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === "'") {
      const j = line.indexOf("'", i + 1);
      cur += line.slice(i + 1, j);
      i = j;
      has = true;
    } else if (c === '"') {
      let j = i + 1;
      while (line[j] !== '"') {
        if (line[j] === '\\' && '"\\$`'.includes(line[j + 1])) j++;
        cur += line[j++];
      }
      i = j;
      has = true;
    } else if (c === '\\') {
      cur += line[++i];
      has = true;
    } else if (c === ' ') {
      if (has) out.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) out.push(cur);
  return out;
}

interface Outcome {
  out: string;
  err: string;
  code: number;
}

function oracle(bin: string, argv: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = execFile(bin, argv, { cwd, env, timeout: 20000, encoding: 'utf8', maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ out: stdout, err: stderr, code });
    });
    child.stdin?.end();
  });
}

async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: n }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await fn(items[i]);
      }
    }),
  );
  return results;
}

describe('oracle sweep: kubesim against stock kubectl v1.32', () => {
  it.skipIf(!KUBECTL_132)(`at least 95 % of ${SWEEP_LINES.length} client-side lines are byte-equal`, async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-sweep-'));
    for (const [name, text] of Object.entries(SWEEP_FILES)) fs.writeFileSync(path.join(dir, name), text);
    // `config` lines see kubesim's own kubeconfig on both sides (its server's discovery cached for the oracle)
    const t0 = testCluster([], { registry: true });
    const raw = (await t0.run(['config', 'view', '--raw'])).out;
    const configHome = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-sweep-home-'));
    fs.mkdirSync(path.join(configHome, '.kube'), { recursive: true });
    fs.writeFileSync(path.join(configHome, '.kube', 'config'), raw);
    writeDiscoveryCache(path.join(configHome, '.kube', 'cache', 'discovery', '127.0.0.1_6443'));
    const baseEnv = { PATH: process.env.PATH, LANG: 'C', TZ: 'UTC' };
    const expected = await pool(SWEEP_LINES, 6, (line) => {
      const argv = words(line);
      const env = argv[0] === 'config' ? { ...baseEnv, HOME: configHome } : { ...baseEnv, HOME: discoveryHome(), KUBECONFIG: '' };
      return oracle(KUBECTL_132!, argv, dir, env);
    });
    const diffs: string[] = [];
    for (const [i, line] of SWEEP_LINES.entries()) {
      const t = testCluster([], { registry: true });
      const r = await t.run(words(line), { cwd: dir, env: { HOME: words(line)[0] === 'config' ? configHome : discoveryHome() } });
      const got: Outcome = { out: r.out, err: r.err, code: r.code };
      const want = expected[i];
      if (got.out !== want.out || got.err !== want.err || got.code !== want.code) {
        const which = [got.out !== want.out && 'stdout', got.err !== want.err && 'stderr', got.code !== want.code && `exit ${got.code} vs ${want.code}`].filter(Boolean).join(', ');
        const firstDiff = (a: string, b: string) => {
          let k = 0;
          while (k < a.length && a[k] === b[k]) k++;
          return `kubectl: ${JSON.stringify(b.slice(Math.max(0, k - 20), k + 60))}\n      kubesim: ${JSON.stringify(a.slice(Math.max(0, k - 20), k + 60))}`;
        };
        diffs.push(`kubectl ${line}  [${which}]\n      ${got.err !== want.err ? firstDiff(got.err, want.err) : firstDiff(got.out, want.out)}`);
      }
    }
    const equal = SWEEP_LINES.length - diffs.length;
    const pct = (100 * equal) / SWEEP_LINES.length;
    console.log(`oracle sweep: ${equal}/${SWEEP_LINES.length} lines byte-equal to kubectl v1.32 (${pct.toFixed(1)} %)${diffs.length ? '\n  ' + diffs.join('\n  ') : ''}`);
    expect(pct).toBeGreaterThanOrEqual(95);
  }, 240000);
});

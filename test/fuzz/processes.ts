// The out-of-process half of the fuzz suite, against the built executable: kill -9 at random points of a write
// (the next writer must get the lock within 1 s and find a state that loads), concurrent writers (every one
// succeeds, nothing is lost), and a full disk (a small tmpfs where the machine allows, else a file-size limit):
// the failed save says so, prints no success line and leaves the old state.

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { readSnapshot, statePath } from '../../src/cluster/state/state-file.js';
import { judgeOutput, note, seeded, tally, type Tally } from './tally.js';
import { scratchHome } from './inprocess.js';

export const BIN = path.resolve(__dirname, '..', '..', 'bin', 'kubesim.js');

function env(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, KUBESIM_HOME: home, NO_COLOR: '1', KUBESIM_DEBUG: '', ...extra };
}

export function kubesim(home: string, args: string[], extra: Record<string, string> = {}, input = ''): { code: number; out: string; err: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { env: env(home, extra), encoding: 'utf8', timeout: 20_000, input });
  return { code: r.status ?? -1, out: r.stdout ?? '', err: r.stderr ?? '', ms: performance.now() - t0 };
}

function loads(home: string): string | undefined {
  try {
    readSnapshot(home);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

export async function killNine(cases: number, seed = 15): Promise<Tally> {
  const t = tally('kill -9');
  t.maxWaitMs = 0;
  const rng = seeded(seed);
  const home = scratchHome();
  kubesim(home, ['init', '--seed', '1', '--clock', 'virtual']);
  for (let n = 0; n < cases; n++) {
    const args = rng.pick([
      ['create', 'deployment', `w${n}`, '--image=nginx', '--replicas=40'],
      ['clock', 'advance', '10m'],
      ['scale', 'deployment', `w${n - 1}`, '--replicas=5'],
      ['create', 'configmap', `k${n}`],
    ]);
    const child = spawn(process.execPath, [BIN, ...args], { env: env(home), stdio: 'ignore' });
    const exited = new Promise((r) => child.once('exit', r));
    await new Promise((r) => setTimeout(r, 20 + rng.int(250)));
    child.kill('SIGKILL');
    await exited;
    t.cases++;
    // the next writer must get the lock within 1 s
    const next = kubesim(home, ['create', 'configmap', `after-${n}`], { KUBESIM_LOCK_TIMEOUT: '1' });
    judgeOutput(t, `after kill -9 of ${args.join(' ')}`, next.out + next.err);
    if (next.code !== 0) note(t, next.err.includes('locked by') ? 'hangs' : 'partialStates', `next writer after kill -9 of ${args.join(' ')}: ${next.err}`);
    // the whole next command (process start, lock, load, save); KUBESIM_LOCK_TIMEOUT=1 bounds its lock wait
    t.maxWaitMs = Math.max(t.maxWaitMs, next.ms);
    const bad = loads(home);
    if (bad) note(t, 'partialStates', bad);
    const left = fs.readdirSync(home).filter((f) => f.endsWith('.tmp'));
    if (left.length) note(t, 'partialStates', `temp files left: ${left.join(' ')}`);
  }
  fs.rmSync(home, { recursive: true, force: true });
  return t;
}

export async function concurrentWriters(rounds: number, writers: number): Promise<Tally> {
  const t = tally('concurrent');
  const home = scratchHome();
  kubesim(home, ['init', '--seed', '2', '--clock', 'virtual']);
  for (let round = 0; round < rounds; round++) {
    const runs = Array.from({ length: writers }, (_, i) =>
      new Promise<{ code: number; out: string; err: string; name: string }>((resolve) => {
        const name = `c${round}-${i}`;
        const args = i % 4 === 3 ? ['get', 'configmaps'] : ['create', 'configmap', name, `--from-literal=i=${i}`];
        const child = spawn(process.execPath, [BIN, ...args], { env: env(home), stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (d) => (out += d));
        child.stderr.on('data', (d) => (err += d));
        child.once('exit', (code) => resolve({ code: code ?? -1, out, err, name: args[0] === 'get' ? '' : name }));
      }),
    );
    const results = await Promise.all(runs);
    const stored = kubesim(home, ['get', 'configmaps', '-o', 'name']).out;
    for (const r of results) {
      t.cases++;
      judgeOutput(t, r.name, r.out + r.err);
      if (r.code !== 0) note(t, 'hangs', `${r.name}: exit ${r.code} ${r.err}`);
      else if (r.name && !stored.includes(`configmap/${r.name}\n`)) note(t, 'falseSuccesses', `${r.name} printed ${r.out.trim()} but is not stored`);
    }
  }
  const bad = loads(home);
  if (bad) note(t, 'partialStates', bad);
  fs.rmSync(home, { recursive: true, force: true });
  return t;
}

const PIPED = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: piped}\n';

/** A directory on a 512 KiB tmpfs, or undefined where mounting is not allowed. */
function smallTmpfs(): string | undefined {
  if (process.platform !== 'linux' || process.env.FUZZ_NO_TMPFS) return undefined;
  const dir = scratchHome();
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    fs.rmSync(dir, { recursive: true, force: true });
    return undefined;
  }
}

export async function diskFull(): Promise<Tally & { how: string }> {
  const t = { ...tally('disk full'), how: '' };
  const mount = smallTmpfs();
  const home = mount ?? scratchHome();
  t.how = mount ? 'tmpfs 512k' : 'RLIMIT_FSIZE';
  try {
    kubesim(home, ['init', '--seed', '4', '--clock', 'virtual']);
    const file = statePath(home);
    const writes: string[][] = [
      ['create', 'configmap', 'probe', '--from-literal=a=b'],
      ['create', 'deployment', 'big', '--image=nginx', '--replicas=200'],
      ['clock', 'advance', '1h'],
      ['apply', '-f', '-'],
      ['init', '--seed', '5'],
    ];
    for (const args of writes) {
      const before = fs.readFileSync(file, 'utf8');
      let r: { code: number; out: string; err: string };
      if (mount) {
        // fill the disk, leaving less than one state file free
        const fd = fs.openSync(path.join(home, 'filler'), 'w');
        try {
          const chunk = Buffer.alloc(4096, 1);
          for (;;) fs.writeSync(fd, chunk);
        } catch {
          // full
        } finally {
          fs.closeSync(fd);
        }
        r = kubesim(home, args, {}, PIPED);
        fs.rmSync(path.join(home, 'filler'), { force: true });
      } else {
        const size = Math.floor(before.length / 1024 / 2);
        const p = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f ${size}; exec "$0" "$@"`, process.execPath, BIN, ...args], { env: env(home), encoding: 'utf8', input: PIPED });
        r = { code: p.status ?? -1, out: p.stdout, err: p.stderr };
      }
      t.cases++;
      const label = args.join(' ');
      judgeOutput(t, label, r.out + r.err);
      if (r.code === 0 || /created|configured|initialised|^\d{4}-/m.test(r.out)) note(t, 'falseSuccesses', `${label}: exit ${r.code}, printed ${r.out.trim()}`);
      if (!/cannot save the cluster state .*(ENOSPC|EFBIG)/.test(r.err)) note(t, 'falseSuccesses', `${label}: no clear save error: ${r.err}`);
      if (fs.readFileSync(file, 'utf8') !== before) note(t, 'partialStates', `${label}: the state changed`);
    }
  } finally {
    if (mount) spawnSync('umount', [mount]);
    fs.rmSync(home, { recursive: true, force: true });
  }
  return t;
}

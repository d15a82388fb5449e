import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { bootstrapCluster } from './bootstrap.js';
import { buildConfig } from './config.js';
import { CorruptStateError, SaveError, loadCluster, saveCluster, statePath } from './persistence.js';
import { STATE_FORMAT } from './cluster-base.js';

const homes: string[] = [];
function tmpHome(): string {
  const h = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-persist-'));
  homes.push(h);
  return h;
}
afterEach(() => {
  for (const h of homes.splice(0)) fs.rmSync(h, { recursive: true, force: true });
});

const cluster = () => bootstrapCluster(buildConfig({ seed: 3, clock: 'virtual' }));

function loadError(home: string): string {
  try {
    loadCluster(home);
  } catch (e) {
    expect(e).toBeInstanceOf(CorruptStateError);
    const msg = (e as Error).message;
    expect(msg).not.toContain('\n');
    return msg;
  }
  throw new Error('loaded');
}

describe('saving the cluster', () => {
  it('writes the state and leaves no temp file', () => {
    const home = tmpHome();
    const c = cluster();
    saveCluster(home, c);
    expect(fs.readdirSync(home)).toEqual(['cluster.json']);
    expect(loadCluster(home)!.snapshot()).toEqual(JSON.parse(JSON.stringify(c.snapshot())));
  });

  it('reports a failed save with what failed and keeps the old state', () => {
    const home = tmpHome();
    saveCluster(home, cluster());
    const before = fs.readFileSync(statePath(home), 'utf8');
    // the temp file's name taken by a directory: creating it fails as a full or read-only disk would
    fs.mkdirSync(`${statePath(home)}.${process.pid}.tmp`);
    const c = cluster();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe', namespace: 'default' } });
    expect(() => saveCluster(home, c)).toThrow(SaveError);
    try {
      saveCluster(home, c);
    } catch (e) {
      expect((e as Error).message).toBe(
        `error: cannot save the cluster state to ${statePath(home)}: creating a temporary file: is a directory (EISDIR); the previous state is unchanged`,
      );
    }
    expect(fs.readFileSync(statePath(home), 'utf8')).toBe(before);
  });

  it('reports a disk that will not take the file (write limit) without touching the old state', () => {
    const home = tmpHome();
    saveCluster(home, cluster());
    const before = fs.readFileSync(statePath(home), 'utf8');
    // RLIMIT_FSIZE stands in for a full disk: writes past it fail with EFBIG (SIGXFSZ ignored)
    const script = `
      import('${path.resolve(__dirname, '../../../dist/cluster/state/persistence.js')}').then(async (p) => {
        const { bootstrapCluster } = await import('${path.resolve(__dirname, '../../../dist/cluster/state/bootstrap.js')}');
        const { buildConfig } = await import('${path.resolve(__dirname, '../../../dist/cluster/state/config.js')}');
        try { p.saveCluster(process.env.H, bootstrapCluster(buildConfig({ seed: 9 }))); console.log('saved'); }
        catch (e) { console.log(e.message); }
      });`;
    if (!fs.existsSync(path.resolve(__dirname, '../../../dist/cluster/state/persistence.js'))) return;
    const out = execFileSync('bash', ['-c', `trap '' XFSZ; ulimit -f 8; exec "${process.execPath}" -e "$S"`], { env: { ...process.env, H: home, S: script }, encoding: 'utf8' });
    expect(out).toContain(`error: cannot save the cluster state to ${statePath(home)}: writing: file too large (EFBIG); the previous state is unchanged`);
    expect(fs.readFileSync(statePath(home), 'utf8')).toBe(before);
    expect(fs.readdirSync(home)).toEqual(['cluster.json']);
  });
});

describe('loading a corrupt state', () => {
  const hint = "run 'kubesim init --force' to start a fresh cluster, or move the file aside";
  const write = (home: string, text: string) => fs.writeFileSync(statePath(home), text);

  it('refuses a FIFO, a directory, an empty file and broken JSON, naming the file and the reset', () => {
    const home = tmpHome();
    const file = statePath(home);
    execFileSync('mkfifo', [file]);
    expect(loadError(home)).toBe(`error: the cluster state file ${file} is a FIFO, not a regular file; ${hint}`);
    fs.rmSync(file);
    fs.mkdirSync(file);
    expect(loadError(home)).toBe(`error: the cluster state file ${file} is a directory, not a regular file; ${hint}`);
    fs.rmdirSync(file);
    write(home, '');
    expect(loadError(home)).toBe(`error: the cluster state file ${file} is empty; ${hint}`);
    write(home, '{"format": 1, "store": ');
    expect(loadError(home)).toMatch(/is corrupt \(.*JSON.*\); run 'kubesim init --force'/);
    write(home, '[1,2]');
    expect(loadError(home)).toBe(`error: the cluster state file ${file} is not a kubesim state; ${hint}`);
  });

  it('refuses a state from a newer kubesim with its version', () => {
    const home = tmpHome();
    write(home, JSON.stringify({ ...cluster().snapshot(), format: STATE_FORMAT + 1 }));
    expect(loadError(home)).toContain(`was written by a newer kubesim (state format ${STATE_FORMAT + 1}; this kubesim reads format ${STATE_FORMAT})`);
  });

  it('finds wrong shapes by path', () => {
    const home = tmpHome();
    const good = JSON.parse(JSON.stringify(cluster().snapshot()));
    const cases: Array<[(s: any) => void, string]> = [
      [(s) => (s.store.objects = 'x'), 'store.objects is a string, not an object'],
      [(s) => (s.clock.virtualNow = 'soon'), 'clock.virtualNow is a string, not a number'],
      [(s) => (s.clock = null), 'clock is null, not an object'],
      [(s) => (s.rng = [1, 2]), 'rng is an array, not a list of four numbers'],
      [(s) => (s.store.objects.pods = {}), 'store.objects.pods is an object, not a list'],
      [(s) => (s.store.objects.widgets = []), 'store.objects has an unknown resource "widgets"'],
      [(s) => (s.store.objects.namespaces[0].metadata.name = 5), 'store.objects.namespaces[0].metadata.name is a number, not a name'],
      [(s) => (s.store.objects.namespaces[0].metadata.creationTimestamp = 'yesterday'), 'store.objects.namespaces[0].metadata.creationTimestamp is a string, not an RFC 3339 time'],
      [(s) => (s.store.objects.namespaces[0].spec = 'x'), 'store.objects.namespaces[0].spec is a string, not an object'],
      [(s) => (s.config.nodes = []), 'config.nodes is an array, not a list of nodes'],
      [(s) => delete s.config.seed, 'config.seed is undefined, not a whole number'],
      [(s) => (s.store.resourceVersion = -1), 'store.resourceVersion is a number, not a whole number'],
    ];
    for (const [mutate, problem] of cases) {
      const snap = JSON.parse(JSON.stringify(good));
      mutate(snap);
      write(home, JSON.stringify(snap));
      expect(loadError(home)).toBe(`error: the cluster state file ${statePath(home)} is corrupt: ${problem}; ${hint}`);
    }
  });
});

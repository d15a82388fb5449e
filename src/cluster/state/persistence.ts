// Loading and saving a cluster under $KUBESIM_HOME: one JSON file written atomically (temp file + rename) while
// holding a lock, so concurrent invocations are serialised and a crash never leaves a half-written state.

import fs from 'node:fs';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { Cluster } from './cluster.js';
import { readSnapshot, statePath } from './state-file.js';

export { STATE_FILE, kubesimHome, statePath, CorruptStateError } from './state-file.js';

export function loadCluster(home: string): Cluster | undefined {
  const snap = readSnapshot(home);
  return snap ? Cluster.fromSnapshot(snap) : undefined;
}

export function saveCluster(home: string, cluster: Cluster): void {
  fs.mkdirSync(home, { recursive: true });
  const file = statePath(home);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(cluster.snapshot()));
  fs.renameSync(tmp, file);
}

/** Runs fn while holding the cluster lock (a lock directory beside the state file, stale after 30 s). */
export async function withLock<T>(home: string, fn: () => Promise<T> | T): Promise<T> {
  fs.mkdirSync(home, { recursive: true });
  const release = await lockfile.lock(home, {
    lockfilePath: path.join(home, 'cluster.lock'),
    realpath: false,
    stale: 30000,
    retries: { retries: 2000, minTimeout: 5, maxTimeout: 50, factor: 1.2 },
  });
  try {
    return await fn();
  } finally {
    await release();
  }
}

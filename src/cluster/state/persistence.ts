// Loading and saving a cluster under $KUBESIM_HOME: one JSON file written atomically (temp file + rename) while
// holding a lock, so concurrent invocations are serialised and a crash never leaves a half-written state.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import lockfile from 'proper-lockfile';
import { Cluster, STATE_FORMAT, type ClusterSnapshot } from './cluster.js';

export const STATE_FILE = 'cluster.json';

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), '.kubesim');
}

export function statePath(home: string): string {
  return path.join(home, STATE_FILE);
}

/** A state file that cannot be read: the message names the file and how to reset. */
export class CorruptStateError extends Error {}

export function loadCluster(home: string): Cluster | undefined {
  const file = statePath(home);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CorruptStateError(`error: cannot read cluster state ${file}: ${(e as Error).message}`);
  }
  let snap: ClusterSnapshot;
  try {
    snap = JSON.parse(text) as ClusterSnapshot;
  } catch (e) {
    throw new CorruptStateError(
      `error: the cluster state file ${file} is corrupt (${(e as Error).message}); run 'kubesim init' to start a fresh cluster, or remove the file`,
    );
  }
  if (!snap || typeof snap !== 'object' || snap.format !== STATE_FORMAT || !snap.store || !snap.config || !snap.clock || !snap.rng) {
    throw new CorruptStateError(
      `error: the cluster state file ${file} is not a kubesim state (format ${STATE_FORMAT}); run 'kubesim init' to start a fresh cluster, or remove the file`,
    );
  }
  return Cluster.fromSnapshot(snap);
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

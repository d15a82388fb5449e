// Where the cluster state lives ($KUBESIM_HOME/cluster.json) and how it is read and checked. Kept free of the
// lock and of the controllers so read-only commands can load a snapshot cheaply.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterBase, STATE_FORMAT, type ClusterSnapshot } from './cluster-base.js';
import { Clock } from './clock.js';
import { Rng } from './rng.js';
import { ObjectStore } from '../apiserver/store.js';

export const STATE_FILE = 'cluster.json';

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), '.kubesim');
}

export function statePath(home: string): string {
  return path.join(home, STATE_FILE);
}

/** A state file that cannot be read: the message names the file and how to reset. */
export class CorruptStateError extends Error {}

/** The saved snapshot, or undefined when there is no state yet. */
export function readSnapshot(home: string): ClusterSnapshot | undefined {
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
  return snap;
}

/** A cluster for reading only: no registry (writes are not validated) and no controllers. */
export function readOnlyCluster(snap: ClusterSnapshot): ClusterBase {
  return new ClusterBase(snap.config, new Clock(snap.clock), new Rng(snap.rng), ObjectStore.fromSnapshot(snap.store), snap.data ?? {}, {});
}

// A session runs command lines against one cluster. `persistent` sessions (the one-shot CLI, the REPL, replay
// shims) load the state under the lock for every command and save it atomically when it changed; `memory`
// sessions (transcript tests, benchmarks) keep the cluster in memory. Read-only commands on a persistent session
// read the snapshot without the lock or the controllers (writes are atomic renames, so a read never sees half a
// state), which keeps a cold `kubesim get pods` close to bare Node start-up.

import type { Cluster } from '../cluster/state/cluster.js';
import type { ClusterConfig } from '../cluster/state/config.js';
import { readOnlyCluster, readSnapshot } from '../cluster/state/state-file.js';
import { nextTimer } from '../cluster/state/timers.js';
import fs from 'node:fs';
import path from 'node:path';

/** Identity of the state file's current content (a rename replaces the inode; mtime and size change). */
function stateStamp(home: string): string | undefined {
  try {
    const st = fs.statSync(path.join(home, 'cluster.json'));
    return `${st.ino}:${st.mtimeMs}:${st.size}`;
  } catch {
    return undefined;
  }
}

export interface SessionOptions {
  home: string;
  persistent: boolean;
  /** config for the auto-created cluster when none exists */
  defaultConfig?: () => ClusterConfig;
}

export interface RunOptions {
  /** the command only reads (kubectl get, describe, iptables-save ...) */
  readOnly?: boolean;
}

export class Session {
  private memoryCluster: Cluster | undefined;

  constructor(readonly opts: SessionOptions) {}

  get home(): string {
    return this.opts.home;
  }

  private async freshCluster(): Promise<Cluster> {
    const { bootstrapCluster } = await import('../cluster/state/bootstrap.js');
    const { buildConfig } = await import('../cluster/state/config.js');
    return bootstrapCluster(this.opts.defaultConfig ? this.opts.defaultConfig() : buildConfig());
  }

  /** Replaces the cluster (kubesim init). */
  async reset(config: ClusterConfig): Promise<Cluster> {
    const { bootstrapCluster } = await import('../cluster/state/bootstrap.js');
    const cluster = bootstrapCluster(config);
    if (this.opts.persistent) {
      const { saveCluster, withLock } = await import('../cluster/state/persistence.js');
      await withLock(this.home, () => saveCluster(this.home, cluster));
    } else {
      this.memoryCluster = cluster;
    }
    return cluster;
  }

  /** A source of fresh clusters for commands that wait for changes without holding the lock (get -w). */
  clusterSource(): import('../node/io.js').ClusterSource {
    let cached: { stamp: string; cluster: Cluster } | undefined;
    return {
      persistent: this.opts.persistent,
      reload: async () => {
        // a poll that finds the state file as it was (and no timer due) reuses the cluster it read last time
        const stamp = this.opts.persistent ? stateStamp(this.home) : undefined;
        if (stamp !== undefined && cached && cached.stamp === stamp) {
          const due = nextTimer(cached.cluster.data);
          if (due === undefined || due > cached.cluster.clock.nowMs()) return cached.cluster;
        }
        const cluster = await this.withCluster((c) => c, { readOnly: true });
        if (stamp !== undefined) cached = { stamp: stateStamp(this.home) ?? stamp, cluster };
        return cluster;
      },
      advance: (ms: number) =>
        this.withCluster((c) => {
          c.advanceClock(ms);
          return c;
        }),
    };
  }

  /** Memory sessions: replaces the in-memory cluster (e.g. with the state a bash fallback saved and changed). */
  adopt(cluster: Cluster): void {
    if (this.opts.persistent) throw new Error('adopt() is for memory sessions');
    this.memoryCluster = cluster;
  }

  /**
   * Runs fn with the cluster. Afterwards, if anything changed, controllers run to a fixed point and (persistent
   * sessions) the state is saved. A thrown error leaves the stored state untouched.
   */
  async withCluster<T>(fn: (c: Cluster) => Promise<T> | T, run: RunOptions = {}): Promise<T> {
    if (!this.opts.persistent) {
      if (!this.memoryCluster) this.memoryCluster = await this.freshCluster();
      const c = this.memoryCluster;
      c.catchUp();
      const result = await fn(c);
      if (c.api.dirty) c.reconcile();
      c.api.dirty = false;
      c.touched = false;
      return result;
    }
    if (run.readOnly) {
      const snap = readSnapshot(this.home);
      // a read-only command never writes, so nothing is saved; the cluster has no controllers to run either --
      // unless timers fell due while no command ran (a wall clock): then it takes the locked path below, so what
      // it reads is the state at "now"
      if (snap) {
        const base = readOnlyCluster(snap);
        const due = nextTimer(base.data);
        if (due === undefined || due > base.clock.nowMs()) return fn(base as Cluster);
      }
    }
    const { loadCluster, saveCluster, withLock } = await import('../cluster/state/persistence.js');
    return withLock(this.home, async () => {
      let cluster = loadCluster(this.home);
      let created = false;
      if (!cluster) {
        cluster = await this.freshCluster();
        created = true;
      }
      cluster.catchUp();
      const result = await fn(cluster);
      if (cluster.api.dirty) cluster.reconcile();
      if (created || cluster.changed) saveCluster(this.home, cluster);
      return result;
    });
  }
}

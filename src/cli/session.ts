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
import type { HeldOutput } from './held-output.js';
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
  /** the command line, shown to writers that wait for the lock */
  command?: string;
  /** output held until the state is saved (flushed after each save, dropped when the command's save fails) */
  hold?: HeldOutput;
}

/** What a command holding the state may do while it waits for a person (exec -it reading the next line). */
export interface Lease {
  /**
   * Saves what the command changed so far, releases the lock while wait() runs (other writers go ahead), then
   * takes it again and picks up what they saved.
   */
  pause<T>(wait: () => Promise<T>): Promise<T>;
}

const NO_LEASE: Lease = { pause: (wait) => wait() };

/** The controllers are about to run: the kubelet runs client commands in the container shell, registered on import. */
async function loadProcessRunner(): Promise<void> {
  await import('../node/container/process-runner.js');
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
      await withLock(this.home, () => saveCluster(this.home, cluster), { command: 'kubesim init' });
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
      mutate: <T>(fn: (c: Cluster) => T) => this.withCluster((c) => fn(c), { command: 'kubectl port-forward' }),
    };
  }

  /** Memory sessions: replaces the in-memory cluster (e.g. with the state a bash fallback saved and changed). */
  adopt(cluster: Cluster): void {
    if (this.opts.persistent) throw new Error('adopt() is for memory sessions');
    this.memoryCluster = cluster;
  }

  /**
   * Runs fn with the cluster. Afterwards, if anything changed, controllers run to a fixed point and (persistent
   * sessions) the state is saved durably before held output is shown. A thrown error leaves the stored state
   * untouched. Read-only commands run without the lock (a wall clock's due timers are caught up and saved first).
   */
  async withCluster<T>(fn: (c: Cluster, lease: Lease) => Promise<T> | T, run: RunOptions = {}): Promise<T> {
    if (!this.opts.persistent) {
      await loadProcessRunner();
      if (!this.memoryCluster) this.memoryCluster = await this.freshCluster();
      const c = this.memoryCluster;
      c.catchUp();
      const result = await fn(c, NO_LEASE);
      if (c.api.dirty) c.reconcile();
      c.api.dirty = false;
      c.touched = false;
      return result;
    }
    if (run.readOnly) {
      const snap = readSnapshot(this.home);
      // a read-only command never writes, so nothing is saved; the cluster has no controllers to run either --
      // unless timers fell due while no command ran (a wall clock): then the locked path below catches up first,
      // so what it reads is the state at "now"
      if (snap) {
        const base = readOnlyCluster(snap);
        const due = nextTimer(base.data);
        if (due === undefined || due > base.clock.nowMs()) return fn(base as Cluster, NO_LEASE);
      }
    }
    await loadProcessRunner();
    const { loadCluster, saveCluster, acquireLock } = await import('../cluster/state/persistence.js');
    const lockOpts = { command: run.command };
    let release = await acquireLock(this.home, lockOpts);
    try {
      let cluster = loadCluster(this.home);
      let created = false;
      if (!cluster) {
        cluster = await this.freshCluster();
        created = true;
      }
      const c = cluster;
      c.catchUp();
      const save = () => {
        if (c.api.dirty) c.reconcile();
        if (created || c.changed) saveCluster(this.home, c);
        created = false;
        c.api.dirty = false;
        c.touched = false;
      };
      if (run.readOnly) {
        // caught up and saved; the command itself reads without holding the lock (get -w, logs -f poll for long)
        save();
        await release();
        return await fn(c, NO_LEASE);
      }
      const lease: Lease = {
        pause: async (wait) => {
          save();
          run.hold?.flush();
          const stamp = stateStamp(this.home);
          await release();
          try {
            return await wait();
          } finally {
            release = await acquireLock(this.home, lockOpts);
            if (stateStamp(this.home) !== stamp) {
              const snap = readSnapshot(this.home);
              if (snap) c.restore(snap);
            }
            c.catchUp();
          }
        },
      };
      try {
        const result = await fn(c, lease);
        save();
        run.hold?.flush();
        return result;
      } catch (e) {
        run.hold?.discard();
        throw e;
      }
    } finally {
      await release();
    }
  }
}

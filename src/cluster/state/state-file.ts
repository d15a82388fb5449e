// Where the cluster state lives ($KUBESIM_HOME/cluster.json) and how it is read and checked. Kept free of the
// lock and of the controllers so read-only commands can load a snapshot cheaply.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ClusterBase, STATE_FORMAT, type ClusterSnapshot } from './cluster-base.js';
import { Clock } from './clock.js';
import { Rng } from './rng.js';
import { ObjectStore } from '../apiserver/store.js';
import { snapshotShapeProblem } from './snapshot-shape.js';

export const STATE_FILE = 'cluster.json';

export function kubesimHome(env: NodeJS.ProcessEnv = process.env): string {
  return env.KUBESIM_HOME || path.join(os.homedir(), '.kubesim');
}

export function statePath(home: string): string {
  return path.join(home, STATE_FILE);
}

/** A state file that cannot be read: the message names the file and how to reset. */
export class CorruptStateError extends Error {}

/** How to get going again, appended to every corrupt-state message. */
export const RESET_HINT = "run 'kubesim init --force' to start a fresh cluster, or move the file aside";

function corrupt(file: string, what: string): CorruptStateError {
  return new CorruptStateError(`error: the cluster state file ${file} ${what}; ${RESET_HINT}`);
}

function fileKind(st: fs.Stats): string {
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

/** The state file's text; undefined when there is none. Anything but a regular file is refused before opening. */
function readStateText(file: string): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'ELOOP') throw corrupt(file, 'is a symbolic link loop');
    throw corrupt(file, `cannot be read (${describeCode(e)})`);
  }
  if (!st.isFile()) throw corrupt(file, `is ${fileKind(st)}, not a regular file`);
  let fd: number;
  try {
    // non-blocking, so a file swapped for a FIFO after the stat still cannot block us; checked again on the fd
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw corrupt(file, `cannot be read (${describeCode(e)})`);
  }
  try {
    const fst = fs.fstatSync(fd);
    if (!fst.isFile()) throw corrupt(file, `is ${fileKind(fst)}, not a regular file`);
    return fs.readFileSync(fd, 'utf8');
  } catch (e) {
    if (e instanceof CorruptStateError) throw e;
    throw corrupt(file, `cannot be read (${describeCode(e)})`);
  } finally {
    fs.closeSync(fd);
  }
}

function describeCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return (err.message ?? String(e)).replace(/, \w+ '.*'$/, '');
}

/** Parses and checks a state file's text; throws CorruptStateError naming the file and how to reset. */
export function parseSnapshot(file: string, text: string): ClusterSnapshot {
  if (text.trim() === '') throw corrupt(file, 'is empty');
  let snap: unknown;
  try {
    snap = JSON.parse(text);
  } catch (e) {
    throw corrupt(file, `is corrupt (${(e as Error).message.replace(/\s+/g, ' ').slice(0, 200)})`);
  }
  if (!snap || typeof snap !== 'object' || Array.isArray(snap)) throw corrupt(file, 'is not a kubesim state');
  const format = (snap as { format?: unknown }).format;
  if (typeof format === 'number' && Number.isInteger(format) && format > STATE_FORMAT) {
    throw new CorruptStateError(
      `error: the cluster state file ${file} was written by a newer kubesim (state format ${format}; this kubesim reads format ${STATE_FORMAT}); upgrade kubesim, or run 'kubesim init --force' to replace it with a fresh cluster`,
    );
  }
  if (format !== STATE_FORMAT) throw corrupt(file, `is not a kubesim state (format ${JSON.stringify(format) ?? 'missing'}, expected ${STATE_FORMAT})`);
  const problem = snapshotShapeProblem(snap as Record<string, unknown>);
  if (problem) throw corrupt(file, `is corrupt: ${problem}`);
  return snap as ClusterSnapshot;
}

/** The saved snapshot, or undefined when there is no state yet. */
export function readSnapshot(home: string): ClusterSnapshot | undefined {
  const file = statePath(home);
  const text = readStateText(file);
  return text === undefined ? undefined : parseSnapshot(file, text);
}

/** A cluster for reading only: no registry (writes are not validated) and no controllers. */
export function readOnlyCluster(snap: ClusterSnapshot): ClusterBase {
  return new ClusterBase(snap.config, new Clock(snap.clock), new Rng(snap.rng), ObjectStore.fromSnapshot(snap.store), snap.data ?? {}, {});
}

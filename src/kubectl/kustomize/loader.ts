// kustomize's file loader (api/internal/loader/fileloader.go) with its default LoadRestrictionsRootOnly: files
// are read relative to the kustomization root and must lie in or below it; directories may be anywhere.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { KustomizeError } from './resource.js';

export class Loader {
  constructor(
    /** the kustomization directory (absolute, symlinks resolved) */
    readonly root: string,
    readonly restrictRoot = true,
  ) {}

  abs(p: string): string {
    return path.resolve(this.root, p);
  }

  /** ldr.Load: a file's bytes, or kustomize's evalsymlink / security error */
  load(p: string): Buffer {
    const abs = this.abs(p);
    let real: string;
    try {
      real = fs.realpathSync(abs);
    } catch {
      throw new KustomizeError(`evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`);
    }
    if (fs.statSync(real).isDirectory()) throw new KustomizeError(`'${real}' must resolve to a file`);
    if (this.restrictRoot && real !== this.root && !real.startsWith(this.root + path.sep)) {
      throw new KustomizeError(`security; file '${real}' is not in or below '${this.root}'`);
    }
    return fs.readFileSync(real);
  }

  /** ldr.New: a loader for a sub-directory (a base), or kustomize's error for a path that is not one */
  sub(p: string): Loader {
    return newLoader(this.abs(p), this.abs(p), this.restrictRoot);
  }
}

/** The loader of a directory given on the command line or as a base: `must build at directory: ...` otherwise. */
export function newLoader(abs: string, shown: string, restrictRoot = true): Loader {
  let real: string;
  try {
    real = fs.realpathSync(abs);
  } catch {
    throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${shown}' : lstat ${abs}: no such file or directory`);
  }
  if (!fs.statSync(real).isDirectory()) throw new KustomizeError(`must build at directory: '${real}': file is not directory`);
  return new Loader(real, restrictRoot);
}

export function isRemote(p: string): boolean {
  return /^(https?|git|ssh|file):\/\//.test(p) || /^git@/.test(p) || /^github\.com\//.test(p) || p.includes('?ref=') || p.includes('.git//');
}

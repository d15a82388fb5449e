// Shim executables put first on PATH for real bash (replay, transcript fallback, `kubesim shell --bash`):
// `kubectl`, `k` and the node tools call back into kubesim with the same $KUBESIM_HOME; `sudo` runs its
// arguments; `sleep N` moves the cluster clock instead of waiting; tools a simulation cannot honour say so.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ResidentAddress } from './resident.js';
import { residentClient } from './shim-client.js';
import { shellQuote } from './words.js';

/** The kubesim executable the shims call (bin/kubesim.js of this checkout; $KUBESIM_SHIM_BIN overrides). */
export function kubesimBin(): string {
  if (process.env.KUBESIM_SHIM_BIN) return process.env.KUBESIM_SHIM_BIN;
  // walk up from this module (dist/cli/bash/ or a bundle chunk) to the package holding bin/kubesim.js
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'bin', 'kubesim.js')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'bin', 'kubesim.js');
}

/** Node tools always shimmed (served by kubesim on the first node), whether or not their module has landed. */
export const BASE_NODE_TOOLS = ['iptables-save', 'iptables', 'curl', 'ipvsadm', 'nslookup'];

/** Commands that cannot run in a simulation, and why (the shims report them as skipped, exit 0). */
export const UNSUPPORTED_TOOLS: Record<string, string> = {
  ssh: 'needs a remote lab machine (ssh)',
  scp: 'needs a remote lab machine (scp)',
  vim: 'opens an editor',
  vi: 'opens an editor',
  nano: 'opens an editor',
  emacs: 'opens an editor',
  watch: 'repeats forever (watch)',
  helm: 'helm is not simulated',
  kubeadm: 'installs or changes a real cluster (kubeadm)',
  minikube: 'manages a real cluster (minikube)',
  kind: 'manages a real cluster (kind)',
};

export interface ShimOptions {
  /** extra node tools to shim (e.g. every registered node command) */
  nodeTools?: string[];
  /** directory to write into (default: a fresh temp directory) */
  dir?: string;
  /** a resident kubesim serves the shims (resident.ts); without it each shimmed line starts Node */
  resident?: ResidentAddress;
}

/** bash's own path, so a shim starts bash directly rather than through /usr/bin/env. */
function bashPath(): string {
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    const f = path.join(d || '.', 'bash');
    try {
      fs.accessSync(f, fs.constants.X_OK);
      return f;
    } catch {
      // not here
    }
  }
  return '/usr/bin/env bash';
}

/** Writes the shim scripts and returns their directory (to put first on PATH). */
export function createShimDir(opts: ShimOptions = {}): string {
  const dir = opts.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-shims-'));
  fs.mkdirSync(dir, { recursive: true });
  const node = shellQuote(process.execPath);
  const bin = shellQuote(kubesimBin());
  const bash = opts.resident ? bashPath() : '/usr/bin/env bash';
  const write = (name: string, body: string): void => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `#!${bash}\n${body}\n`, { mode: 0o755 });
  };
  const r = opts.resident;
  /** the shim of a command line starting with `words` */
  const shim = (words: string[]): string =>
    r ? residentClient({ words, node: process.execPath, bin: kubesimBin(), port: r.port, token: r.token, dir }) : `exec ${node} ${bin} ${words.map(shellQuote).join(' ')} "$@"`;
  write('kubectl', shim(['kubectl']));
  write('k', shim(['kubectl']));
  write('kubesim', `exec ${node} ${bin} "$@"`);
  for (const tool of new Set([...BASE_NODE_TOOLS, ...(opts.nodeTools ?? [])])) {
    if (!/^[A-Za-z0-9._-]+$/.test(tool) || tool === 'kubectl' || tool === 'k' || tool === 'sudo' || tool === 'sleep') continue;
    write(tool, shim([tool]));
  }
  // sudo: drop its own options, run the rest (shims included)
  write('sudo', 'while [ $# -gt 0 ]; do case "$1" in -E|-H|-S|-n|-i|-s|--preserve-env*) shift ;; -u) shift 2 ;; *) break ;; esac; done\n[ $# -eq 0 ] && exit 0\nexec "$@"');
  // sleep: move the cluster clock instead of waiting
  if (r) {
    write('.clock-advance', shim(['clock', 'advance']));
    write('sleep', `for a in "$@"; do ${shellQuote(path.join(dir, '.clock-advance'))} "$a" >/dev/null || exit 1; done`);
  } else write('sleep', `for a in "$@"; do ${node} ${bin} clock advance "$a" >/dev/null || exit 1; done`);
  for (const [tool, reason] of Object.entries(UNSUPPORTED_TOOLS)) {
    write(tool, `echo "kubesim: skipped \\"${tool} $*\\": ${reason}" >&2\nexit 0`);
  }
  return dir;
}

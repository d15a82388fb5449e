// Test support: runs stock kubectl v1.32 (`kubectl.1.32`, beside the `kubectl` on PATH, which here is a Google Cloud
// SDK dispatcher whose error texts differ) with a temporary HOME whose discovery cache describes kubesim's API
// resources, so client-side commands (`--dry-run=client`, `-f` mapping) work offline.

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';

let home: string | undefined;

/** Writes kubesim's discovery into a kubectl discovery cache directory (`~/.kube/cache/discovery/<host_port>`). */
export function writeDiscoveryCache(base: string): void {
  const byGv = new Map<string, typeof RESOURCES[number][]>();
  for (const r of RESOURCES) byGv.set(r.apiVersion, [...(byGv.get(r.apiVersion) ?? []), r]);
  const groups = new Map<string, string[]>();
  for (const gv of byGv.keys()) {
    const g = gv.includes('/') ? gv.split('/')[0] : '';
    groups.set(g, [...(groups.get(g) ?? []), gv]);
  }
  const groupList = {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groups].map(([name, gvs]) => ({
      name,
      versions: gvs.map((gv) => ({ groupVersion: gv, version: gv.split('/').pop() })),
      preferredVersion: { groupVersion: gvs[0], version: gvs[0].split('/').pop() },
    })),
  };
  fs.mkdirSync(base, { recursive: true });
  fs.writeFileSync(path.join(base, 'servergroups.json'), JSON.stringify(groupList));
  for (const [gv, list] of byGv) {
    const dir = path.join(base, ...gv.split('/'));
    fs.mkdirSync(dir, { recursive: true });
    const resources = list.map((r) => ({ name: r.name, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: r.verbs, shortNames: r.shortNames, categories: r.categories }));
    fs.writeFileSync(path.join(dir, 'serverresources.json'), JSON.stringify({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: gv, resources }));
  }
}

/** A HOME for the oracle: no kubeconfig (so the server is localhost:8080) and that server's discovery cached. */
export function discoveryHome(): string {
  if (home) return home;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-kubectl-home-'));
  writeDiscoveryCache(path.join(home, '.kube', 'cache', 'discovery', 'localhost_8080'));
  return home;
}

/** Path of stock kubectl v1.32: `kubectl.1.32` on PATH or beside the `kubectl` PATH resolves to; undefined if absent. */
export const KUBECTL_132: string | undefined = (() => {
  const candidates: string[] = [];
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    candidates.push(path.join(dir, 'kubectl.1.32'));
    const k = path.join(dir, 'kubectl');
    try {
      candidates.push(path.join(path.dirname(fs.realpathSync(k)), 'kubectl.1.32'));
    } catch {
      // no kubectl here
    }
  }
  for (const c of candidates) {
    try {
      fs.accessSync(c, fs.constants.X_OK);
      if (spawnSync(c, ['version', '--client'], { stdio: 'ignore', timeout: 20000 }).status === 0) return c;
    } catch {
      // not this one
    }
  }
  return undefined;
})();

export const HAS_KUBECTL = KUBECTL_132 !== undefined;

/** The message tests print when they skip for want of the oracle. */
export const NO_KUBECTL_MESSAGE = 'stock kubectl v1.32 (kubectl.1.32) not found on PATH or beside kubectl: skipping the comparisons with it';

/** stdout of stock kubectl v1.32, or undefined when it is missing or failed. */
export function realKubectl(args: string[], cwd?: string): string | undefined {
  if (!KUBECTL_132) return undefined;
  try {
    return execFileSync(KUBECTL_132, args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20000,
      cwd,
      env: { ...process.env, HOME: discoveryHome(), KUBECONFIG: '' },
    });
  } catch {
    return undefined;
  }
}

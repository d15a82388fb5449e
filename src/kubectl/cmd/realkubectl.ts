// Test support: runs the real kubectl binary (when installed) with a temporary HOME whose discovery cache
// describes kubesim's API resources, so client-side commands (`--dry-run=client`, `-f` mapping) work offline.

import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';

let home: string | undefined;

function discoveryHome(): string {
  if (home) return home;
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-kubectl-home-'));
  const base = path.join(home, '.kube', 'cache', 'discovery', 'localhost_8080');
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
  return home;
}

/** stdout of the real kubectl, or undefined when it is missing or failed. */
export function realKubectl(args: string[], cwd?: string): string | undefined {
  try {
    return execFileSync('kubectl', args, {
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

export const HAS_KUBECTL = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 20000 });
    return true;
  } catch {
    return false;
  }
})();

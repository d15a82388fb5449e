// Manifest URLs kubesim knows (kind's ingress example, ingress-nginx's kind provider manifest): `apply -f URL` reads
// kubesim's own copy of the file (manifests/addons, unchanged from upstream) instead of the network. Every other URL
// stays unreachable, as it is for a cluster without internet access.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const KNOWN: Record<string, string> = {
  'https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml': 'ingress-nginx/kind-deploy-ingress-nginx.yaml',
  'https://kind.sigs.k8s.io/examples/ingress/usage.yaml': 'ingress-nginx/kind-usage.yaml',
  'https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml':
    'ingress-nginx/provider-kind-controller-v1.12.1.yaml',
};

/** The package's manifests/addons directory. */
export function addonsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'manifests', 'addons')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'manifests', 'addons');
}

/** `http://` and `https://` name the same file; a trailing `?raw=true`-style query is not part of it. */
function canonical(url: string): string {
  return url.replace(/^http:\/\//, 'https://').replace(/[?#].*$/, '');
}

/** The text of a known manifest URL, or undefined for any other URL. */
export function addonManifest(url: string): string | undefined {
  const rel = KNOWN[canonical(url)];
  if (!rel) return undefined;
  const file = path.join(addonsDir(), rel);
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
}

/** The URLs kubesim knows (for the README and tests). */
export function knownAddonUrls(): string[] {
  return Object.keys(KNOWN);
}

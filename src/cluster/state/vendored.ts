// Manifests kubesim carries instead of fetching them: release manifests of the add-ons that the kind and
// kubernetes.io pages install by URL (metrics-server's components.yaml, kind's ingress-nginx example and
// ingress-nginx's kind provider manifest, Emissary-ingress 2.2.2's
// emissary-crds.yaml and emissary-emissaryns.yaml; listed in manifests/remote/README.md), and kubesim's copy of the kubernetes/website
// examples (`https://k8s.io/examples/PATH` and its raw GitHub forms). Nothing here touches the network: a URL that is
// not listed stays unreachable, as it is for a cluster without internet access.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's `manifests/` directory (found by walking up from this module, in the sources or the bundle). */
export function manifestsDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'manifests', 'examples')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return path.join(dir, 'manifests');
}

/** kubesim's vendored copy of kubernetes/website content/en/examples. */
export function vendoredExamplesDir(): string {
  return path.join(manifestsDir(), 'examples');
}

const SITE = /^https?:\/\/(?:www\.)?(?:k8s\.io|kubernetes\.io)\/examples\/([^?#\s]+)$/;
const RAW = /^https?:\/\/raw\.githubusercontent\.com\/kubernetes\/website\/(?:refs\/heads\/)?[^/]+\/content\/en\/examples\/([^?#\s]+)$/;
const GITHUB = /^https?:\/\/github\.com\/kubernetes\/website\/(?:raw|blob)\/[^/]+\/content\/en\/examples\/([^?#\s]+?)(?:\?raw=true)?$/;

/** The examples path a URL names (`application/deployment.yaml`), or undefined for any other URL. */
export function examplePath(url: string): string | undefined {
  const m = SITE.exec(url) ?? RAW.exec(url) ?? GITHUB.exec(url);
  if (!m) return undefined;
  const p = path.posix.normalize(decodeURIComponent(m[1]));
  return p.startsWith('..') || p.startsWith('/') ? undefined : p;
}

export interface ReleaseManifest {
  /** what the URL installs, for notes and errors */
  what: string;
  /** the file under manifests/remote */
  file: string;
  urls: RegExp[];
}

/**
 * Release manifests kubesim models. `latest` resolves to the version kubesim models (the one current for
 * Kubernetes v1.32), which is what a user of a v1.32 kind cluster got from that URL.
 */
export const METRICS_SERVER_MANIFEST = 'metrics-server-v0.7.2/components.yaml';

export const INGRESS_NGINX_KIND_MANIFEST = 'ingress-nginx/provider-kind-controller-v1.12.1.yaml';

export const EMISSARY_CRDS_MANIFEST = 'emissary-2.2.2/emissary-crds.yaml';

export const RELEASE_MANIFESTS: ReleaseManifest[] = [
  {
    what: "kind's ingress-nginx example (controller v1.12.1)",
    file: 'ingress-nginx/kind-deploy-ingress-nginx.yaml',
    urls: [/^https?:\/\/kind\.sigs\.k8s\.io\/examples\/ingress\/deploy-ingress-nginx\.yaml$/],
  },
  {
    what: "kind's ingress example usage.yaml",
    file: 'ingress-nginx/kind-usage.yaml',
    urls: [/^https?:\/\/kind\.sigs\.k8s\.io\/examples\/ingress\/usage\.yaml$/],
  },
  {
    what: 'ingress-nginx controller-v1.12.1 (kind provider)',
    file: INGRESS_NGINX_KIND_MANIFEST,
    urls: [
      /^https:\/\/raw\.githubusercontent\.com\/kubernetes\/ingress-nginx\/(?:refs\/heads\/main|main|controller-v1\.12\.1)\/deploy\/static\/provider\/kind\/deploy\.yaml$/,
      /^https:\/\/github\.com\/kubernetes\/ingress-nginx\/(?:raw|blob)\/(?:main|controller-v1\.12\.1)\/deploy\/static\/provider\/kind\/deploy\.yaml(?:\?raw=true)?$/,
    ],
  },
  {
    what: 'Emissary-ingress 2.2.2 CRDs and apiext',
    file: EMISSARY_CRDS_MANIFEST,
    urls: [/^https:\/\/app\.getambassador\.io\/yaml\/emissary\/2\.2\.2\/emissary-crds\.yaml$/],
  },
  {
    what: 'Emissary-ingress 2.2.2 (emissary namespace)',
    file: 'emissary-2.2.2/emissary-emissaryns.yaml',
    urls: [/^https:\/\/app\.getambassador\.io\/yaml\/emissary\/2\.2\.2\/emissary-emissaryns\.yaml$/],
  },
  {
    what: 'metrics-server v0.7.2',
    file: METRICS_SERVER_MANIFEST,
    urls: [
      /^https:\/\/github\.com\/kubernetes-sigs\/metrics-server\/releases\/(?:latest\/download|download\/v0\.7\.2)\/components\.yaml$/,
    ],
  },
];

/** The local file a manifest URL stands for, or undefined when kubesim has no copy (the URL is unreachable). */
export function vendoredManifestFile(url: string): { file: string; what: string } | undefined {
  for (const r of RELEASE_MANIFESTS) {
    if (r.urls.some((u) => u.test(url))) return { file: path.join(manifestsDir(), 'remote', r.file), what: r.what };
  }
  const ex = examplePath(url);
  if (ex !== undefined) {
    const f = path.join(vendoredExamplesDir(), ex);
    if (fs.existsSync(f) && fs.statSync(f).isFile()) return { file: f, what: `kubernetes/website content/en/examples/${ex}` };
  }
  return undefined;
}

/** The text of a release manifest kubesim carries (by its file under manifests/remote). */
export function readReleaseManifest(file: string): string {
  return fs.readFileSync(path.join(manifestsDir(), 'remote', file), 'utf8');
}

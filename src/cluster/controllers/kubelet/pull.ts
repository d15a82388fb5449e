// Image pulls as containerd and the kubelet's image manager do them: whether a reference is pullable at all,
// what the registry answers (a host that does not resolve, a tag an image kubesim models does not have, a private
// registry without credentials), the error texts the kubelet puts in its events and container statuses, the
// image pull back-off (10 s doubling to 5 min), and how long a successful pull takes.

import type { Container, Pod } from '../../apiserver/types.js';
import { imageRepository, imageSize, normalizeImage } from '../runtime.js';

/** The outcome of asking the registry for an image reference. */
export type PullVerdict =
  | { ok: true }
  /** the reference cannot be parsed: InvalidImageName, never retried */
  | { ok: false; kind: 'invalid'; message: string }
  /** the registry refuses: ErrImagePull then ImagePullBackOff */
  | { ok: false; kind: 'failed'; message: string };

export const IMAGE_BACKOFF_INITIAL_MS = 10_000;
export const IMAGE_BACKOFF_MAX_MS = 300_000;

/** The node's resolver (kind nodes forward to the docker network gateway). */
const NODE_DNS = '172.18.0.1:53';

/** Top-level domains that never resolve (RFC 2606 / 6761). */
const UNRESOLVABLE_TLDS = new Set(['invalid', 'example', 'test', 'localhost', 'local']);

/**
 * Tags the images kubesim models really have: named tags, and version tags up to the newest release (a tag past
 * it, `nginx:1.99`, is not found). Other images are not modelled: any plausible tag pulls.
 */
const KNOWN_TAGS: Record<string, { named: string[]; maxVersion: number[]; variants: string[] }> = {
  'docker.io/library/nginx': { named: ['latest', 'stable', 'mainline', 'alpine', 'perl', 'alpine-slim', 'bookworm', 'stable-alpine', 'mainline-alpine'], maxVersion: [1, 29, 3], variants: ['alpine', 'perl', 'alpine-slim', 'bookworm', 'alpine-perl', 'bullseye'] },
  'docker.io/library/httpd': { named: ['latest', 'alpine', 'bookworm'], maxVersion: [2, 4, 65], variants: ['alpine', 'bookworm', 'alpine3.21'] },
  'docker.io/library/busybox': { named: ['latest', 'musl', 'glibc', 'uclibc', 'stable', 'unstable'], maxVersion: [1, 37, 0], variants: ['musl', 'glibc', 'uclibc'] },
  'docker.io/library/alpine': { named: ['latest', 'edge'], maxVersion: [3, 22, 2], variants: [] },
  'docker.io/library/redis': { named: ['latest', 'alpine', 'bookworm'], maxVersion: [8, 2, 2], variants: ['alpine', 'bookworm'] },
  'docker.io/library/ubuntu': { named: ['latest', 'noble', 'jammy', 'focal', 'bionic', 'rolling', 'devel', 'oracular', 'plucky'], maxVersion: [25, 10], variants: [] },
  'docker.io/library/debian': { named: ['latest', 'bookworm', 'bullseye', 'buster', 'trixie', 'stable', 'oldstable', 'testing', 'unstable', 'sid', 'bookworm-slim', 'bullseye-slim', 'stable-slim', 'trixie-slim'], maxVersion: [13, 1], variants: ['slim'] },
};

function parseVersion(text: string): number[] | undefined {
  if (!/^\d+(\.\d+){0,2}$/.test(text)) return undefined;
  return text.split('.').map(Number);
}

function versionAtMost(v: number[], max: number[]): boolean {
  for (let i = 0; i < v.length; i++) {
    const m = max[i] ?? 0;
    if (v[i] !== m) return v[i] < m;
  }
  return true;
}

/** Whether a modelled repository has this tag (undefined: the repository is not modelled). */
function tagExists(repo: string, tag: string): boolean | undefined {
  const known = KNOWN_TAGS[repo];
  if (!known) return undefined;
  if (known.named.includes(tag)) return true;
  const dash = tag.indexOf('-');
  const version = dash >= 0 ? tag.slice(0, dash) : tag;
  const variant = dash >= 0 ? tag.slice(dash + 1) : '';
  const v = parseVersion(version);
  if (!v) return false;
  if (variant && !known.variants.some((x) => variant === x || variant.startsWith(`${x}`))) return false;
  return versionAtMost(v, known.maxVersion);
}

/** docker/distribution's reference grammar, as far as the kubelet's ParseImageName checks it. */
function referenceProblem(image: string): string | undefined {
  if (image !== image.trim() || /\s/.test(image)) return 'invalid reference format';
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : undefined;
  if (digest !== undefined && !/^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}$/.test(digest)) return 'invalid reference format';
  const lastSlash = name.lastIndexOf('/');
  const colon = name.indexOf(':', lastSlash + 1);
  const repoPart = colon >= 0 ? name.slice(0, colon) : name;
  const tag = colon >= 0 ? name.slice(colon + 1) : undefined;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return 'invalid reference format';
  const parts = repoPart.split('/');
  const hasHost = parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost');
  const path = hasHost ? parts.slice(1) : parts;
  if (!path.length || path.some((p) => p === '')) return 'invalid reference format';
  for (const p of path) {
    if (/[A-Z]/.test(p) && /^[a-zA-Z0-9._-]+$/.test(p)) return 'invalid reference format: repository name must be lowercase';
    if (!/^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/.test(p)) return 'invalid reference format';
  }
  return undefined;
}

/** Registries that never serve anonymous pulls. */
function isPrivateRegistry(host: string): boolean {
  return /\.dkr\.ecr\.[a-z0-9-]+\.amazonaws\.com$/.test(host) || /\.azurecr\.io$/.test(host);
}

/** `registry.example.invalid/nope:1` -> its registry host, path and tag as containerd's resolver sees them. */
function splitReference(norm: string): { host: string; path: string; ref: string } {
  const slash = norm.indexOf('/');
  const host = norm.slice(0, slash);
  const rest = norm.slice(slash + 1);
  const at = rest.indexOf('@');
  if (at >= 0) return { host, path: rest.slice(0, at), ref: rest.slice(at + 1) };
  const colon = rest.lastIndexOf(':');
  return { host, path: rest.slice(0, colon), ref: rest.slice(colon + 1) };
}

/** What the registry answers for this container's image. */
export function pullVerdict(pod: Pod, c: Container, hasPullSecret: (name: string, host: string) => boolean): PullVerdict {
  const image = c.image ?? '';
  const problem = referenceProblem(image);
  if (problem) {
    return { ok: false, kind: 'invalid', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${problem}` };
  }
  const norm = normalizeImage(image);
  const { host, path, ref } = splitReference(norm);
  const registryHost = host === 'docker.io' ? 'registry-1.docker.io' : host;
  const tld = host.split(':')[0].split('.').pop() ?? '';
  const unpack = `failed to pull and unpack image "${norm}": failed to resolve reference "${norm}"`;
  if (host !== 'docker.io' && (UNRESOLVABLE_TLDS.has(tld) || !host.includes('.'))) {
    const h = host.split(':')[0];
    return {
      ok: false,
      kind: 'failed',
      message: `rpc error: code = Unknown desc = ${unpack}: failed to do request: Head "https://${registryHost}/v2/${path}/manifests/${ref}": dial tcp: lookup ${h} on ${NODE_DNS}: no such host`,
    };
  }
  if (isPrivateRegistry(host) && !(pod.spec.imagePullSecrets as Array<{ name?: string }> | undefined)?.some((s) => s.name && hasPullSecret(s.name, host))) {
    return {
      ok: false,
      kind: 'failed',
      message: `rpc error: code = Unknown desc = ${unpack}: pull access denied, repository does not exist or may require authorization: authorization failed: no basic auth credentials`,
    };
  }
  if (!ref.includes(':') && tagExists(imageRepository(image), ref) === false) {
    return { ok: false, kind: 'failed', message: `rpc error: code = NotFound desc = ${unpack}: ${norm}: not found` };
  }
  return { ok: true };
}

/** The registry host a docker config key names (`https://r.io/v1/` -> `r.io`; Docker Hub's index -> docker.io). */
function configHost(key: string): string {
  const host = key.replace(/^[a-z]+:\/\//, '').split('/')[0];
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host;
}

/**
 * Whether a pull secret holds credentials for a registry host, as the kubelet's keyring reads it: a
 * kubernetes.io/dockerconfigjson (`auths`) or kubernetes.io/dockercfg Secret with an entry whose host matches
 * (`*.` globs one label). Other Secrets give no credentials.
 */
export function secretHasCredentials(secret: { type?: string; data?: Record<string, string> } | undefined, host: string): boolean {
  if (!secret) return false;
  const key = secret.type === 'kubernetes.io/dockerconfigjson' ? '.dockerconfigjson' : secret.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : undefined;
  const raw = key && secret.data?.[key];
  if (!raw) return false;
  let config: Record<string, unknown>;
  try {
    config = JSON.parse(Buffer.from(raw, 'base64').toString('utf8'));
  } catch {
    return false;
  }
  const entries = (key === '.dockerconfigjson' ? config.auths : config) as Record<string, unknown> | undefined;
  return Object.keys(entries ?? {}).some((k) => {
    const h = configHost(k);
    if (h === host) return true;
    if (!h.startsWith('*.')) return false;
    const rest = host.slice(host.indexOf('.') + 1);
    return h.slice(2) === rest;
  });
}

/** The kubelet's image back-off after the n-th failed pull (n >= 1): 10 s, 20 s, 40 s ... 5 min. */
export function imageBackoffMs(failures: number): number {
  return Math.min(IMAGE_BACKOFF_INITIAL_MS * 2 ** Math.max(0, failures - 1), IMAGE_BACKOFF_MAX_MS);
}

/** How long pulling this image takes on a kind node: a round trip plus its size over a seeded bandwidth. */
export function pullDurationMs(image: string, bandwidthDraw: number): number {
  const bytesPerSecond = 40_000_000 + bandwidthDraw * 50_000_000;
  return 300 + Math.round((imageSize(image) / bytesPerSecond) * 1000);
}

/** How long a failed pull takes to fail (name resolution or the registry's answer). */
export function failDurationMs(v: PullVerdict): number {
  if (v.ok || v.kind === 'invalid') return 0;
  return v.message.includes('no such host') ? 40 : 600;
}

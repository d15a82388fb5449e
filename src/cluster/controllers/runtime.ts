// The container runtime as the kubelet sees it: image reference normalisation (what containerd reports as
// `image`/`imageID`), image sizes, pull durations in Go's time.Duration format, and how long a container's
// command runs (a web server forever, busybox's `sh` or `echo` at once, `sleep N` for N seconds).

import { createHash } from 'node:crypto';
import type { Container } from '../apiserver/types.js';
import { memo, memoByObject } from '../state/memo.js';
import { goDuration } from '../network/images/format.js';
import { scriptDurationMs } from '../network/images/script-output.js';

export { goDuration };

/** `httpd` -> `docker.io/library/httpd:latest` (containerd's normalised reference). */
export const normalizeImage = memo(normalizeImageOnce);

function normalizeImageOnce(image: string): string {
  let ref = image.trim();
  const at = ref.indexOf('@');
  const digest = at >= 0 ? ref.slice(at) : '';
  if (at >= 0) ref = ref.slice(0, at);
  const first = ref.split('/')[0];
  const hasRegistry = ref.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  if (!hasRegistry) ref = ref.includes('/') ? `docker.io/${ref}` : `docker.io/library/${ref}`;
  const lastSlash = ref.lastIndexOf('/');
  const hasTag = ref.slice(lastSlash + 1).includes(':');
  if (!hasTag && !digest) ref += ':latest';
  return ref + digest;
}

/** The repository part of a normalised reference (no tag, no digest). */
export const imageRepository = memo(imageRepositoryOnce);

function imageRepositoryOnce(image: string): string {
  const n = normalizeImage(image);
  const at = n.indexOf('@');
  const noDigest = at >= 0 ? n.slice(0, at) : n;
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? noDigest.slice(0, colon) : noDigest;
}

/** A stable content digest per image reference (the same image has the same imageID on every node). */
export const imageDigest = memo((image: string): string => createHash('sha256').update(`kubesim-image:${normalizeImage(image)}`).digest('hex'));

export const imageID = memo((image: string): string => `${imageRepository(image)}@sha256:${imageDigest(image)}`);

const SIZES: Record<string, number> = {
  'docker.io/library/nginx': 72099410,
  'docker.io/library/httpd': 58198591,
  'docker.io/library/busybox': 2167176,
  // the docs' busybox build (1.27.2)
  'registry.k8s.io/busybox': 1144547,
  // kind's node image (crictl images on a kind v0.26 node)
  'registry.k8s.io/pause': 320368,
  'registry.k8s.io/coredns/coredns': 18562039,
  'registry.k8s.io/etcd': 57680541,
  'docker.io/library/alpine': 3653068,
  'docker.io/library/redis': 45011542,
  'docker.io/library/ubuntu': 29754290,
  'docker.io/library/debian': 48494272,
  'docker.io/library/postgres': 158506620,
  'docker.io/library/mysql': 172145405,
  'docker.io/traefik/whoami': 3384834,
  'docker.io/curlimages/curl': 11920376,
  'docker.io/nicolaka/netshoot': 206512354,
};

/** Image size in bytes as the kubelet reports it after a pull. */
export function imageSize(image: string): number {
  const repo = imageRepository(image);
  if (SIZES[repo]) return SIZES[repo];
  return 5_000_000 + (parseInt(imageDigest(image).slice(0, 8), 16) % 150_000_000);
}

/**
 * The images kind's node image (kindest/node v1.32 of kind v0.26) has in containerd: the control plane's, etcd,
 * pause, CoreDNS, kindnetd and local-path's. Every other image is pulled, registry.k8s.io's too (the docs' busybox,
 * serve_hostname, ingress-nginx's controller...).
 */
const KIND_NODE_IMAGES = new Set([
  'registry.k8s.io/coredns/coredns:v1.11.3',
  'registry.k8s.io/etcd:3.5.16-0',
  'registry.k8s.io/pause:3.10',
  'docker.io/kindest/kindnetd:v20241212-9f82dd49',
  'docker.io/kindest/local-path-provisioner:v20241212-8ac705d0',
  'docker.io/kindest/local-path-helper:v20241212-8ac705d0',
]);
const CONTROL_PLANE = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kube-proxy'];

/** The images every kind node has from its node image, normalised. */
export function kindNodeImages(kubernetesVersion: string): string[] {
  return [...KIND_NODE_IMAGES, ...CONTROL_PLANE.map((c) => `registry.k8s.io/${c}:${kubernetesVersion}`)];
}

/** Whether a kind node has the image without pulling it (the control plane's images in the cluster's version). */
export function preloaded(image: string, kubernetesVersion: string): boolean {
  const n = normalizeImage(image);
  return KIND_NODE_IMAGES.has(n) || CONTROL_PLANE.some((c) => n === `registry.k8s.io/${c}:${kubernetesVersion}`);
}

// ---------------------------------------------------------------- how long a container runs

/** Default command (ENTRYPOINT + CMD) of images that do not run a server. */
const SHELL_IMAGES: Record<string, string[]> = {
  'docker.io/library/busybox': ['sh'],
  // the docs' busybox builds (registry.k8s.io/busybox, its k8s.gcr.io and gcr.io/google-containers mirrors)
  'registry.k8s.io/busybox': ['sh'],
  'k8s.gcr.io/busybox': ['sh'],
  'gcr.io/google-containers/busybox': ['sh'],
  'docker.io/library/alpine': ['/bin/sh'],
  'docker.io/library/ubuntu': ['/bin/bash'],
  'docker.io/library/debian': ['bash'],
  'docker.io/library/centos': ['/bin/bash'],
  'docker.io/library/fedora': ['/bin/bash'],
  'docker.io/library/bash': ['bash'],
  'docker.io/library/hello-world': ['/hello'],
  'docker.io/curlimages/curl': ['curl'],
};

const FINITE_TOOLS = new Set([
  'sh', 'bash', 'ash', 'dash', 'echo', 'true', 'false', 'sleep', 'date', 'ls', 'cat', 'env', 'printenv', 'nslookup',
  'dig', 'host', 'wget', 'curl', 'hostname', 'whoami', 'id', 'uname', 'pwd', 'exit', 'hello', 'ping', 'test', 'expr',
]);

export interface RunSpec {
  /** ms the command runs before exiting; Infinity for a server or an endless loop */
  durationMs: number;
  exitCode: number;
}

function sleepSeconds(word: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(word);
  if (!m) return undefined;
  return Number(m[1]) * ({ '': 1, s: 1, m: 60, h: 3600, d: 86400 } as Record<string, number>)[m[2]];
}

/** The argv a container's process runs (command + args, or the shell images' ENTRYPOINT/CMD); undefined for a server image's own entrypoint. */
export const containerArgv = memoByObject(containerArgvOnce);

function containerArgvOnce(c: Container): string[] | undefined {
  const repo = imageRepository(c.image ?? '');
  const defaults = SHELL_IMAGES[repo];
  if (c.command?.length) return [...c.command, ...(c.args ?? [])];
  if (!defaults) return undefined;
  // curl's image has an ENTRYPOINT (args append to it); the shell images only a CMD (args replace it)
  const entrypoint = repo === 'docker.io/curlimages/curl' ? defaults : [];
  return c.args?.length ? [...entrypoint, ...c.args] : defaults;
}

/** What a container's process does: how long it runs and its exit code. */
export const containerRun = memoByObject(containerRunOnce);

function containerRunOnce(c: Container): RunSpec {
  const forever: RunSpec = { durationMs: Infinity, exitCode: 0 };
  if (c.stdin || c.tty) return forever;
  // kube-webhook-certgen create|patch: a few API calls, then exit 0
  if (imageRepository(c.image ?? '') === 'registry.k8s.io/ingress-nginx/kube-webhook-certgen' && !c.command?.length) return { durationMs: 1_000, exitCode: 0 };
  const argv = containerArgv(c);
  if (!argv) return forever;
  // the cilium agent's init containers (mount-cgroup's nsenter, clean-cilium-state's /init-container.sh) finish
  if (imageRepository(c.image ?? '') === 'quay.io/cilium/cilium' && argv[0] !== 'cilium-agent' && argv[0] !== 'cilium') return { durationMs: 1_000, exitCode: 0 };
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (!FINITE_TOOLS.has(prog)) return forever;
  const text = argv.join(' ');
  if (/sleep\s+inf/.test(text) || /\bwhile\b|\buntil\b|tail\s+-f|\bnc\s+-l|httpd\s+-f|\bfor\s*\(\(\s*;\s*;/.test(text)) return forever;
  if (prog === 'ping' && !/\s-c\s*\d/.test(text)) return forever;
  if (prog === 'curl' && argv.length === 1) return { durationMs: 0, exitCode: 2 };
  // a script the closed-form replay follows runs as long as its sleeps add up, loops included
  const simulated = scriptDurationMs(c);
  let seconds = 0;
  const words = simulated === undefined ? text.split(/[\s;&|]+/) : [];
  if (simulated !== undefined) seconds = simulated / 1000;
  for (let i = 0; i < words.length - 1; i++) {
    if (words[i] === 'sleep' || words[i].endsWith('/sleep')) seconds += sleepSeconds(words[i + 1]) ?? 0;
  }
  let exitCode = 0;
  const exit = /\bexit\s+(\d+)/.exec(text);
  if (exit) exitCode = Number(exit[1]);
  else if (prog === 'false' || /(^|[;&|]\s*)false\s*$/.test(text)) exitCode = 1;
  return { durationMs: Math.round(seconds * 1000), exitCode };
}

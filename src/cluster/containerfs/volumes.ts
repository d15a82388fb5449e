// What the kubelet mounts into a container: the root overlay (the image's files under the container's writable
// layer, which a restart throws away), the pod's volumes at their volumeMounts (emptyDir shared by the pod's
// containers, configMap/secret/downwardAPI/projected in the atomic-writer layout with `..data`, hostPath and
// local-path claims on the node's disk, other claims on their volume) and the kubelet's own bind mounts.

import type { Container, KubeObject, Pod } from '../apiserver/types.js';
import { imageLayer } from './image-files.js';
import { layerMount, type Mount } from './vfs.js';
import { dir, file, link, normalize, type FsEntry, type Layer } from './types.js';

/** Where file contents live in cluster data (saved with the state). */
export interface FsData {
  /** `<pod uid>/<container>` → the container's writable layer, tied to one container ID */
  containerFs?: Record<string, { id: string; files: Layer } | Record<string, string>>;
  /** `ed/<pod uid>/<volume>` (emptyDir) and `pv/<name>` (claims not on a node's disk) → their files */
  volumeFs?: Record<string, Layer>;
  /** node → its disk (hostPath, local-path-provisioner's directories), keyed by absolute path */
  nodeFs?: Record<string, Layer>;
}

/** What building the mounts reads from the API. */
export interface FsSource {
  data: Record<string, unknown>;
  get(resource: string, ns: string | undefined, name: string): KubeObject | undefined;
  nowMs: number;
}

type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function fsData(src: FsSource): FsData {
  return src.data as FsData;
}

/** The container's writable layer (a new container ID starts from an empty one). */
function writableLayer(src: FsSource, pod: Pod, c: Container, create: boolean): Layer | undefined {
  const store = (fsData(src).containerFs ??= {});
  const key = `${pod.metadata.uid ?? ''}/${c.name}`;
  const id = containerId(pod, c.name);
  let rec = store[key];
  if (rec && !('files' in rec && typeof rec.files === 'object' && typeof (rec as { id?: unknown }).id === 'string')) {
    // a state written before the layered filesystem: path → content
    const files: Layer = {};
    for (const [p, v] of Object.entries(rec as Record<string, string>)) if (typeof v === 'string') files[normalize(p)] = file(v, 0);
    rec = store[key] = { id, files };
  }
  const layer = rec as { id: string; files: Layer } | undefined;
  if (layer && layer.id === id) return layer.files;
  if (!create) return undefined;
  const fresh = { id, files: {} as Layer };
  store[key] = fresh;
  return fresh.files;
}

export function containerId(pod: Pod, name: string): string {
  const all = [...((pod.status?.containerStatuses as Any[] | undefined) ?? []), ...((pod.status?.initContainerStatuses as Any[] | undefined) ?? [])];
  return String(all.find((s) => s.name === name)?.containerID ?? '');
}

/** A layer in cluster data that exists once written. */
function storedLayer(store: Record<string, Layer>, key: string, root: FsEntry): { top: Layer | undefined; make: () => Layer } {
  return {
    top: store[key],
    make: () => (store[key] ??= { '/': root }),
  };
}

/** Go's time.Format("2006_01_02_15_04_05.") of the atomic writer's timestamped directory, plus its random suffix. */
function atomicDirName(ms: number, seed: string): string {
  const d = new Date(ms);
  const p = (n: number) => String(n).padStart(2, '0');
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  return `..${d.getUTCFullYear()}_${p(d.getUTCMonth() + 1)}_${p(d.getUTCDate())}_${p(d.getUTCHours())}_${p(d.getUTCMinutes())}_${p(d.getUTCSeconds())}.${h}`;
}

/** The atomic writer's layout: `..<ts>/<files>`, `..data -> ..<ts>`, and one link per top-level name. */
export function atomicLayout(files: Array<{ path: string; content: string; mode: number }>, ms: number, seed: string, tmpfs: boolean): Layer {
  const ts = atomicDirName(ms, seed);
  const L: Layer = { '/': { t: 'd', m: tmpfs ? 0o1777 : 0o777, ts: ms } };
  L[`/${ts}`] = dir(ms);
  L['/..data'] = link(ts, ms);
  const tops = new Set<string>();
  for (const f of files) {
    const rel = normalize(f.path);
    const segs = rel.split('/').filter(Boolean);
    let cur = `/${ts}`;
    for (const s of segs.slice(0, -1)) {
      cur += `/${s}`;
      L[cur] ??= dir(ms);
    }
    L[`/${ts}${rel}`] = file(f.content, ms, f.mode);
    tops.add(segs[0]);
  }
  for (const t of tops) L[`/${t}`] = link(`..data/${t}`, ms);
  return L;
}

function decode(v: string, base64: boolean): string {
  return base64 ? Buffer.from(v, 'base64').toString('utf8') : v;
}

export type VolumeProblem = { volume: string; message: string };

/** The files of a configMap or secret source (its items or every key); a problem when it cannot be mounted. */
function keyedFiles(src: FsSource, pod: Pod, kind: 'configmap' | 'secret', spec: Any, defaultMode: number, volume: string): { files: Array<{ path: string; content: string; mode: number }>; problem?: VolumeProblem } {
  const name = String(kind === 'secret' ? spec.secretName ?? spec.name ?? '' : spec.name ?? '');
  const obj = src.get(kind === 'secret' ? 'secrets' : 'configmaps', pod.metadata.namespace, name) as Any | undefined;
  if (!obj) {
    if (spec.optional) return { files: [] };
    return { files: [], problem: { volume, message: `${kind} "${name}" not found` } };
  }
  const entries = new Map<string, string>();
  for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, string>)) entries.set(k, decode(v, kind === 'secret'));
  for (const [k, v] of Object.entries((obj.binaryData ?? {}) as Record<string, string>)) entries.set(k, decode(v, true));
  const items = spec.items as Array<{ key: string; path: string; mode?: number }> | undefined;
  const files: Array<{ path: string; content: string; mode: number }> = [];
  if (items?.length) {
    for (const it of items) {
      const v = entries.get(it.key);
      if (v === undefined) {
        if (spec.optional) continue;
        return { files: [], problem: { volume, message: `${kind === 'secret' ? 'secret' : 'configmap'} references non-existent ${kind === 'secret' ? 'secret' : 'config'} key: ${it.key}` } };
      }
      files.push({ path: it.path, content: v, mode: it.mode ?? defaultMode });
    }
  } else {
    for (const [k, v] of [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) files.push({ path: k, content: v, mode: defaultMode });
  }
  return { files };
}

/** A downwardAPI fieldRef's value as the kubelet writes it (labels and annotations as sorted `k="v"` lines). */
export function downwardValue(pod: Pod, fieldPath: string): string | undefined {
  const kv = (m: Record<string, string> | undefined) =>
    Object.keys(m ?? {})
      .sort()
      .map((k) => `${k}=${JSON.stringify(m![k])}`)
      .join('\n');
  switch (fieldPath) {
    case 'metadata.name':
      return pod.metadata.name;
    case 'metadata.namespace':
      return pod.metadata.namespace;
    case 'metadata.uid':
      return pod.metadata.uid;
    case 'metadata.labels':
      return kv(pod.metadata.labels);
    case 'metadata.annotations':
      return kv(pod.metadata.annotations);
  }
  const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(fieldPath);
  if (m) return (m[1] === 'labels' ? pod.metadata.labels : pod.metadata.annotations)?.[m[2]] ?? '';
  return undefined;
}

function downwardFiles(pod: Pod, items: Any[] | undefined, defaultMode: number): Array<{ path: string; content: string; mode: number }> {
  const out: Array<{ path: string; content: string; mode: number }> = [];
  for (const it of items ?? []) {
    const fp = it.fieldRef?.fieldPath as string | undefined;
    const v = fp ? downwardValue(pod, fp) : undefined;
    if (v !== undefined) out.push({ path: it.path, content: v, mode: it.mode ?? defaultMode });
  }
  return out;
}

/** The node whose disk a PersistentVolume's files are on (local/hostPath volumes), or undefined. */
function pvNode(pv: Any, pod: Pod): string | undefined {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms as Any[] | undefined;
  for (const t of terms ?? []) {
    for (const e of (t.matchExpressions ?? []) as Any[]) if (e.key === 'kubernetes.io/hostname' && e.values?.length) return String(e.values[0]);
  }
  return pod.spec.nodeName;
}

/** The mount source of one pod volume, or a problem that keeps the pod from starting. */
function volumeSource(src: FsSource, pod: Pod, vol: Any): { mount: (at: string, readOnly: boolean, subPath?: string) => Mount } | { problem: VolumeProblem } | undefined {
  const uid = pod.metadata.uid ?? '';
  const data = fsData(src);
  const start = Date.parse(String(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '')) || src.nowMs;
  const name = String(vol.name);
  const onStore = (store: Record<string, Layer>, key: string, prefix: string, root: FsEntry) => ({
    mount: (at: string, readOnly: boolean, subPath?: string) => {
      const base = normalize(`${prefix}/${subPath ?? ''}`);
      return prefixMount(at, store, key, base, root, readOnly);
    },
  });
  if (vol.emptyDir) return onStore((data.volumeFs ??= {}), `ed/${uid}/${name}`, '/', { t: 'd', m: 0o777, ts: start });
  if (vol.hostPath) {
    const node = pod.spec.nodeName ?? '';
    return onStore((data.nodeFs ??= {}), node, String(vol.hostPath.path ?? '/'), dir(start));
  }
  if (vol.configMap || vol.secret) {
    const kind = vol.secret ? 'secret' : 'configmap';
    const spec = (vol.secret ?? vol.configMap) as Any;
    const r = keyedFiles(src, pod, kind, spec, spec.defaultMode ?? 0o644, name);
    if (r.problem) return { problem: r.problem };
    return generated(atomicLayout(r.files, start, `${uid}/${name}`, kind === 'secret'));
  }
  if (vol.downwardAPI) return generated(atomicLayout(downwardFiles(pod, vol.downwardAPI.items, vol.downwardAPI.defaultMode ?? 0o644), start, `${uid}/${name}`, false));
  if (vol.projected) {
    const mode = vol.projected.defaultMode ?? 0o644;
    const files: Array<{ path: string; content: string; mode: number }> = [];
    for (const s of (vol.projected.sources ?? []) as Any[]) {
      if (s.configMap || s.secret) {
        const r = keyedFiles(src, pod, s.secret ? 'secret' : 'configmap', { ...(s.secret ?? s.configMap), secretName: (s.secret ?? {}).name }, mode, name);
        if (r.problem) return { problem: r.problem };
        files.push(...r.files);
      } else if (s.downwardAPI) files.push(...downwardFiles(pod, s.downwardAPI.items, mode));
      else if (s.serviceAccountToken) {
        const token = projectedToken(src, pod, s.serviceAccountToken);
        if (token !== undefined) files.push({ path: s.serviceAccountToken.path, content: token, mode });
      }
    }
    return generated(atomicLayout(files, start, `${uid}/${name}`, true));
  }
  if (vol.persistentVolumeClaim) {
    const claim = String(vol.persistentVolumeClaim.claimName ?? '');
    const pvc = src.get('persistentvolumeclaims', pod.metadata.namespace, claim) as Any | undefined;
    const pvName = pvc?.spec?.volumeName as string | undefined;
    const pv = pvName ? (src.get('persistentvolumes', undefined, pvName) as Any | undefined) : undefined;
    if (!pvc || !pv) return { problem: { volume: name, message: `persistentvolumeclaim "${claim}" not found` } };
    const path = pv.spec?.hostPath?.path ?? pv.spec?.local?.path;
    if (path) return onStore((data.nodeFs ??= {}), pvNode(pv, pod) ?? '', String(path), { t: 'd', m: 0o777, ts: start });
    return onStore((data.volumeFs ??= {}), `pv/${pvName}`, '/', { t: 'd', m: 0o755, ts: start });
  }
  return undefined;
}

/** Token content for a projected serviceAccountToken source, from the provider the identity code registers. */
let tokenProvider: ((src: FsSource, pod: Pod, spec: Any) => string | undefined) | undefined;
export function setProjectedTokenProvider(p: typeof tokenProvider): void {
  tokenProvider = p;
}
function projectedToken(src: FsSource, pod: Pod, spec: Any): string | undefined {
  return tokenProvider?.(src, pod, spec);
}

function generated(layer: Layer): { mount: (at: string, readOnly: boolean, subPath?: string) => Mount } {
  return {
    mount: (at, _readOnly, subPath) => {
      if (!subPath) return layerMount(at, undefined, [layer], true);
      // a subPath mount binds the resolved file itself (no ..data indirection, so it never updates)
      const base = normalize(`/${subPath}`);
      const top = layer[base];
      const target = top?.t === 'l' ? layer[normalize(`/..data/${base}`)] ?? resolveLink(layer, base) : top;
      const sub: Layer = {};
      if (target) sub['/'] = target;
      for (const [k, v] of Object.entries(layer)) if (k.startsWith(base + '/')) sub[k.slice(base.length)] = v;
      return layerMount(at, undefined, [sub], true);
    },
  };
}

function resolveLink(layer: Layer, p: string): FsEntry | undefined {
  const data = layer['/..data'];
  if (data?.t !== 'l') return undefined;
  return layer[normalize(`/${data.to}/${p}`)] ?? undefined;
}

/** A mount of the directory `base` of a stored layer (an emptyDir, a node's disk), created on first write. */
function prefixMount(at: string, store: Record<string, Layer>, key: string, base: string, root: FsEntry, readOnly: boolean): Mount {
  const full = (rel: string) => normalize(`${base}/${rel}`);
  const layer = () => store[key];
  return {
    at: normalize(at),
    readOnly,
    get(rel) {
      const p = full(rel);
      const l = layer();
      const e = l?.[p];
      if (e) return e;
      // the volume's directory exists from the moment it is mounted (the kubelet creates it)
      if (rel === '/') return root;
      return undefined;
    },
    children(rel) {
      const l = layer();
      if (!l) return [];
      const p = full(rel);
      const prefix = p === '/' ? '/' : `${p}/`;
      return Object.keys(l)
        .filter((k) => k !== p && k.startsWith(prefix) && !k.slice(prefix.length).includes('/') && l[k])
        .map((k) => k.slice(prefix.length));
    },
    put: readOnly
      ? undefined
      : (rel, e) => {
          const l = (store[key] ??= {});
          const p = full(rel);
          // the directories down to the volume's root exist on the node
          let cur = '';
          for (const seg of base.split('/').filter(Boolean)) {
            cur += `/${seg}`;
            l[cur] ??= cur === base ? root : dir(root.ts);
          }
          l['/'] ??= base === '/' ? root : dir(root.ts);
          if (e === null) delete l[p];
          else l[p] = e;
        },
  };
}

/** Problems that keep the kubelet from mounting a pod's volumes (MountVolume.SetUp failed ...). */
export function volumeProblems(src: FsSource, pod: Pod): VolumeProblem[] {
  const out: VolumeProblem[] = [];
  for (const vol of (pod.spec.volumes ?? []) as Any[]) {
    const r = volumeSource(src, pod, vol);
    if (r && 'problem' in r) out.push(r.problem);
  }
  return out;
}

export interface MountOptions {
  /** tools on the image's PATH (their binaries appear in /bin or /usr/bin) */
  tools?: Iterable<string>;
  /** the kubelet's bind-mounted files (/etc/hosts, /etc/resolv.conf, /etc/hostname, /dev/termination-log) */
  kubeletFiles?: Record<string, string>;
  /** write access: create the writable layer when missing */
  forWrite?: boolean;
}

/** The mount table of a container, in mount order (root first). */
export function containerMounts(src: FsSource, pod: Pod, c: Container, opts: MountOptions = {}): Mount[] {
  const image = imageLayer(c.image ?? '', opts.tools ?? []);
  const store = (fsData(src).containerFs ??= {});
  const key = `${pod.metadata.uid ?? ''}/${c.name}`;
  const mounts: Mount[] = [
    layerMount('/', writableLayer(src, pod, c, false), [image], false, () => {
      const l = writableLayer(src, pod, c, true)!;
      void store[key];
      return l;
    }),
  ];
  const start = Date.parse(String(pod.status?.startTime ?? pod.metadata.creationTimestamp ?? '')) || src.nowMs;
  for (const [path, content] of Object.entries(opts.kubeletFiles ?? {})) {
    mounts.push(layerMount(path, undefined, [{ '/': file(content, start) }], false));
  }
  const vols = new Map(((pod.spec.volumes ?? []) as Any[]).map((v) => [String(v.name), v]));
  for (const vm of ((c as Any).volumeMounts ?? []) as Any[]) {
    const vol = vols.get(String(vm.name));
    if (!vol) continue;
    const r = volumeSource(src, pod, vol);
    if (!r || 'problem' in r) continue;
    mounts.push(r.mount(String(vm.mountPath), !!vm.readOnly, vm.subPath ? String(vm.subPath) : undefined));
  }
  return mounts;
}

/** Forgets the files of pods that no longer exist (their containers' layers and emptyDirs). */
export function forgetPodFiles(data: Record<string, unknown>, liveUids: Set<string>): void {
  const d = data as FsData;
  for (const k of Object.keys(d.containerFs ?? {})) if (!liveUids.has(k.split('/')[0])) delete d.containerFs![k];
  for (const k of Object.keys(d.volumeFs ?? {})) if (k.startsWith('ed/') && !liveUids.has(k.split('/')[1])) delete d.volumeFs![k];
}

// crictl v1.32 on a kind node, against its containerd: `ps` (running containers, `-a` with the exited ones the
// kubelet keeps), `pods` (the pod sandboxes), `images` and `logs`, in crictl's tables (text/tabwriter with minwidth
// 20, padding 3), IDs truncated to 13 characters, ages in docker's units.HumanDuration, newest first. What the node
// runs comes from the pods' statuses: the same container IDs `kubectl describe` shows.

import type { ContainerStatus, Pod } from '../cluster/apiserver/types.js';
import { containerLog } from '../cluster/network/logs.js';
import { imageSize, kindNodeImages, normalizeImage } from '../cluster/controllers/runtime.js';
import { tabwrite } from '../cluster/text/tabwriter.js';
import { createHash } from 'node:crypto';
import type { NodeCommandContext } from './tool-context.js';

const TABLE = { minwidth: 20, tabwidth: 1, padding: 3 };
const TRUNC = 13;

/** A pod's sandbox ID on its node (the containerd shim's `-id` in `ps aux`). */
export function sandboxID(pod: Pod): string {
  const u = (pod.metadata.uid ?? '').replace(/-/g, '');
  return (u + u).slice(0, 64);
}

/** The image's config digest: what containerd lists as the image ID (not the repository digest). */
function imageConfigID(image: string): string {
  return `sha256:${createHash('sha256').update(`kubesim-image-config:${normalizeImage(image)}`).digest('hex')}`;
}

/** docker/go-units HumanDuration. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3_600_000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3_600_000 / 24 / 365)} years`;
}

/** docker/go-units HumanSizeWithPrecision(size, 3): decimal units, `%.3g`. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) {
    size /= 1000;
    i++;
  }
  const g = Number(size.toPrecision(3));
  return `${g >= 1000 ? '1e+03' : String(g)}${units[i]}`;
}

interface Row {
  id: string;
  image: string;
  createdMs: number;
  state: 'Running' | 'Exited' | 'Created';
  name: string;
  attempt: number;
  pod: Pod;
}

function localPods(ctx: NodeCommandContext): Pod[] {
  return ctx.cluster.api.list<Pod>('pods').filter((p) => p.spec.nodeName === ctx.node && p.status?.phase !== undefined);
}

/** The node's containers: each container's current one and, exited, the previous one the kubelet keeps. */
function containers(ctx: NodeCommandContext): Row[] {
  const rows: Row[] = [];
  for (const pod of localPods(ctx)) {
    const statuses = [...((pod.status?.initContainerStatuses ?? []) as ContainerStatus[]), ...(pod.status?.containerStatuses ?? [])];
    for (const st of statuses) {
      const image = st.image ?? '';
      const cur = st.state;
      if (st.containerID && (cur?.running || cur?.terminated)) {
        const started = cur.running?.startedAt ?? cur.terminated?.startedAt ?? '';
        rows.push({ id: st.containerID.replace(/^\w+:\/\//, ''), image, createdMs: Date.parse(started), state: cur.running ? 'Running' : 'Exited', name: st.name, attempt: st.restartCount ?? 0, pod });
      }
      const last = (st.lastState as { terminated?: { containerID?: string; startedAt?: string } } | undefined)?.terminated;
      if (last?.containerID) rows.push({ id: last.containerID.replace(/^\w+:\/\//, ''), image, createdMs: Date.parse(last.startedAt ?? ''), state: 'Exited', name: st.name, attempt: Math.max(0, (st.restartCount ?? 1) - 1), pod });
    }
  }
  // containerByCreated: the newest first
  return rows.sort((a, b) => b.createdMs - a.createdMs || (a.id < b.id ? -1 : 1));
}

function flagValue(argv: string[], names: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    for (const n of names) {
      if (argv[i] === n) return argv[i + 1];
      if (argv[i].startsWith(`${n}=`)) return argv[i].slice(n.length + 1);
    }
  }
  return undefined;
}

const has = (argv: string[], ...names: string[]) => argv.some((a) => names.includes(a) || (/^-[a-z]+$/.test(a) && names.some((n) => /^-[a-z]$/.test(n) && a.includes(n[1]))));

function ps(argv: string[], ctx: NodeCommandContext): number {
  const now = ctx.cluster.clock.nowMs();
  const all = has(argv, '-a', '--all');
  const name = flagValue(argv, ['--name']);
  const ns = flagValue(argv, ['--namespace']);
  const podID = flagValue(argv, ['--pod', '-p']);
  let rows = containers(ctx).filter((r) => (all || r.state === 'Running') && (!name || new RegExp(name).test(r.name)) && (!ns || new RegExp(ns).test(r.pod.metadata.namespace ?? '')) && (!podID || sandboxID(r.pod).startsWith(podID)));
  if (has(argv, '-l', '--latest')) rows = rows.slice(0, 1);
  if (has(argv, '-q', '--quiet')) {
    ctx.io.out(rows.map((r) => `${r.id}\n`).join(''));
    return 0;
  }
  let text = 'CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\tNAMESPACE\n';
  for (const r of rows) {
    const img = imageConfigID(r.image).slice('sha256:'.length, 'sha256:'.length + TRUNC);
    text += `${r.id.slice(0, TRUNC)}\t${img}\t${humanDuration(now - r.createdMs)} ago\t${r.state}\t${r.name}\t${r.attempt}\t${sandboxID(r.pod).slice(0, TRUNC)}\t${r.pod.metadata.name}\t${r.pod.metadata.namespace}\n`;
  }
  ctx.io.out(tabwrite(text, TABLE));
  return 0;
}

function pods(argv: string[], ctx: NodeCommandContext): number {
  const now = ctx.cluster.clock.nowMs();
  const name = flagValue(argv, ['--name']);
  const ns = flagValue(argv, ['--namespace']);
  const list = localPods(ctx)
    .filter((p) => p.status?.phase !== 'Pending' || (p.status?.conditions ?? []).some((c) => c.type === 'PodReadyToStartContainers' && c.status === 'True'))
    .filter((p) => (!name || new RegExp(name).test(p.metadata.name ?? '')) && (!ns || new RegExp(ns).test(p.metadata.namespace ?? '')))
    .map((p) => ({ p, created: Date.parse(p.status?.startTime ?? p.metadata.creationTimestamp ?? '') }))
    .sort((a, b) => b.created - a.created);
  if (has(argv, '-q', '--quiet')) {
    ctx.io.out(list.map(({ p }) => `${sandboxID(p)}\n`).join(''));
    return 0;
  }
  let text = 'POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME\n';
  for (const { p, created } of list) {
    // a finished pod's sandbox is stopped
    const ready = p.status?.phase === 'Running' || p.status?.phase === 'Pending';
    text += `${sandboxID(p).slice(0, TRUNC)}\t${humanDuration(now - created)} ago\t${ready ? 'Ready' : 'NotReady'}\t${p.metadata.name}\t${p.metadata.namespace}\t0\t(default)\n`;
  }
  ctx.io.out(tabwrite(text, TABLE));
  return 0;
}

function images(argv: string[], ctx: NodeCommandContext): number {
  const refs = new Set<string>();
  for (const p of ctx.cluster.api.list<Pod>('pods')) {
    if (p.spec.nodeName !== ctx.node) continue;
    for (const c of [...(p.spec.initContainers ?? []), ...p.spec.containers]) {
      const st = [...((p.status?.initContainerStatuses ?? []) as ContainerStatus[]), ...(p.status?.containerStatuses ?? [])].find((s) => s.name === c.name);
      if (st?.imageID) refs.add(normalizeImage(c.image ?? ''));
    }
  }
  // the node image's own images are there on every node
  for (const r of kindNodeImages(ctx.cluster.config.kubernetesVersion)) refs.add(r);
  const list = [...refs].filter((r) => r).sort();
  if (has(argv, '-q', '--quiet')) {
    ctx.io.out(list.map((r) => `${imageConfigID(r)}\n`).join(''));
    return 0;
  }
  let text = 'IMAGE\tTAG\tIMAGE ID\tSIZE\n';
  for (const ref of list) {
    const at = ref.indexOf('@');
    const noDigest = at >= 0 ? ref.slice(0, at) : ref;
    const colon = noDigest.lastIndexOf(':');
    const tagged = colon > noDigest.lastIndexOf('/');
    // an image pulled by digest alone has no tag
    const [repo, tag] = at >= 0 && !tagged ? [noDigest, '<none>'] : [noDigest.slice(0, colon), noDigest.slice(colon + 1)];
    text += `${repo}\t${tag}\t${imageConfigID(ref).slice(7, 7 + TRUNC)}\t${humanSize(imageSize(ref))}\n`;
  }
  ctx.io.out(tabwrite(text, TABLE));
  return 0;
}

function logs(argv: string[], ctx: NodeCommandContext): number {
  const id = argv.find((a, i) => !a.startsWith('-') && !['--tail', '--since'].includes(argv[i - 1] ?? ''));
  if (!id) {
    ctx.io.err('crictl logs: ID cannot be empty\n');
    return 1;
  }
  const row = containers(ctx).find((r) => r.id.startsWith(id));
  if (!row) {
    ctx.io.err(`FATA[0000] rpc error: code = NotFound desc = an error occurred when try to find container "${id}": not found\n`);
    return 1;
  }
  const current = row.pod.status?.containerStatuses?.concat((row.pod.status?.initContainerStatuses ?? []) as ContainerStatus[]).find((s) => s.name === row.name);
  const which = current?.containerID?.endsWith(row.id) ? 'current' : 'previous';
  let lines = containerLog(ctx.cluster.data, row.pod, row.name, '', ctx.cluster.clock.nowMs(), which);
  const tail = flagValue(argv, ['--tail']);
  if (tail !== undefined && Number(tail) >= 0) lines = lines.slice(Math.max(0, lines.length - Number(tail)));
  for (const l of lines) (l.stream === 'stderr' ? ctx.io.err : ctx.io.out)(`${l.text}\n`);
  return 0;
}

const SUBCOMMANDS: Record<string, (argv: string[], ctx: NodeCommandContext) => number> = { ps, pods, images, img: images, logs };

export function crictlTool(argv: string[], ctx: NodeCommandContext): number {
  const sub = argv[0];
  const run = sub ? SUBCOMMANDS[sub] : undefined;
  const rest = argv.slice(1);
  if (!run) {
    ctx.io.err(`kubesim: "crictl${sub ? ` ${sub}` : ''}" is not simulated (crictl ps, pods, images and logs are)\n`);
    return 1;
  }
  const output = flagValue(rest, ['-o', '--output']);
  if (output !== undefined && output !== 'table') {
    ctx.io.err(`kubesim: "crictl ${sub} -o ${output}" is not simulated (the table output is)\n`);
    return 1;
  }
  return run(rest, ctx);
}

// Process tools of a kind node: `ps aux` / `ps -ef` list what runs there (systemd, containerd, the kubelet with
// kind's flags, one containerd shim and pause per pod sandbox, and each running container's processes, with
// their command lines from the pod spec or the image's entrypoint), and `ipvsadm` shows an empty IPVS table
// (kube-proxy runs in iptables mode). Nothing reads the host machine.

import type { Container, Pod } from '../cluster/apiserver/types.js';
import { stableHash } from '../cluster/network/dataplane/topology.js';
import { parseImage } from '../cluster/network/images/index.js';
import type { NodeCommandContext } from './tool-context.js';
import { sandboxID } from './crictl-tool.js';

interface Proc {
  user: string;
  pid: number;
  ppid: number;
  stat: string;
  startMs: number;
  vsz: number;
  rss: number;
  cmd: string;
}

/** The image's own entrypoint + cmd as ps shows it (process titles such as nginx's included). */
function imageProcesses(c: Container): string[] {
  const ref = parseImage(c.image ?? '');
  const last = ref.repo.split('/').pop() ?? '';
  const argv = [...(c.command ?? []), ...(c.args ?? [])];
  if (argv.length) return [argv.join(' ')];
  if (last === 'nginx' || last === 'nginx-slim') return ['nginx: master process nginx -g daemon off;', 'nginx: worker process', 'nginx: worker process'];
  if (last === 'httpd') return ['httpd -DFOREGROUND', 'httpd -DFOREGROUND', 'httpd -DFOREGROUND', 'httpd -DFOREGROUND'];
  if (last === 'coredns') return ['/coredns -conf /etc/coredns/Corefile'];
  if (last === 'redis') return ['redis-server *:6379'];
  if (last === 'kubernetes-bootcamp') return ['node server.js'];
  if (last === 'busybox' || last === 'alpine') return ['sh'];
  if (last === 'ubuntu' || last === 'debian') return ['bash'];
  if (last === 'whoami') return ['/whoami'];
  if (last === 'http-echo') return ['/http-echo'];
  if (last === 'hello-app') return ['./hello-app'];
  return [`/${last}`];
}

/** `$(VAR)` references in a container's command, expanded from its literal env and the downward API's nodeName. */
function expand(cmd: string, c: Container, pod: Pod): string {
  return cmd.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name: string) => {
    const e = c.env?.find((x) => x.name === name);
    if (e?.value !== undefined) return e.value;
    const ref = (e as { valueFrom?: { fieldRef?: { fieldPath?: string } } } | undefined)?.valueFrom?.fieldRef?.fieldPath;
    if (ref === 'spec.nodeName') return pod.spec.nodeName ?? '';
    if (ref === 'status.podIP') return pod.status?.podIP ?? '';
    return m;
  });
}

export function nodeProcesses(ctx: NodeCommandContext): Proc[] {
  const { cluster, node } = ctx;
  const cfg = cluster.config.nodes.find((n) => n.name === node)!;
  // the node came up with the cluster: the earliest object it created (kube-system's pods)
  const created = cluster.api.list<Pod>('pods').map((p) => Date.parse(p.metadata.creationTimestamp ?? '')).filter((t) => Number.isFinite(t));
  const t0 = created.length ? Math.min(...created) : cluster.clock.nowMs();
  const procs: Proc[] = [
    { user: 'root', pid: 1, ppid: 0, stat: 'Ss', startMs: t0, vsz: 20376, rss: 11520, cmd: '/sbin/init' },
    { user: 'root', pid: 92, ppid: 1, stat: 'Ss', startMs: t0, vsz: 33084, rss: 14592, cmd: '/lib/systemd/systemd-journald' },
    { user: 'root', pid: 105, ppid: 1, stat: 'Ssl', startMs: t0, vsz: 2497300, rss: 61504, cmd: '/usr/local/bin/containerd' },
    {
      user: 'root',
      pid: 213,
      ppid: 1,
      stat: 'Ssl',
      startMs: t0,
      vsz: 2860212,
      rss: 80632,
      cmd: `/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=${cfg.ip} --node-labels= --pod-infra-container-image=registry.k8s.io/pause:3.10 --provider-id=kind://docker/kind/${node} --runtime-cgroups=/system.slice/containerd.service`,
    },
  ];
  const pods = cluster.api
    .list<Pod>('pods')
    .filter((p) => p.spec.nodeName === node && p.status?.phase === 'Running')
    .sort((a, b) => (a.metadata.uid ?? '').localeCompare(b.metadata.uid ?? ''));
  let pid = 400;
  for (const pod of pods) {
    const started = Date.parse(pod.status?.startTime ?? '') || t0;
    const shim = pid + (stableHash(pod.metadata.uid ?? '') % 50);
    const id = sandboxID(pod);
    procs.push({ user: 'root', pid: shim, ppid: 1, stat: 'Sl', startMs: started, vsz: 1238652, rss: 12928, cmd: `/usr/local/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${id} -address /run/containerd/containerd.sock` });
    procs.push({ user: '65535', pid: shim + 20, ppid: shim, stat: 'Ss', startMs: started, vsz: 1020, rss: 640, cmd: '/pause' });
    let next = shim + 60;
    for (const c of pod.spec.containers) {
      const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
      if (!st?.state?.running) continue;
      const cStart = Date.parse(st.state.running.startedAt) || started;
      const lines = imageProcesses(c).map((l) => expand(l, c, pod));
      const main = next;
      lines.forEach((cmd, k) => {
        procs.push({ user: 'root', pid: next, ppid: k === 0 ? shim : main, stat: k === 0 ? 'Ss' : 'S', startMs: cStart, vsz: 11000 + (stableHash(cmd) % 90000), rss: 3000 + (stableHash(cmd) % 40000), cmd });
        next += 1;
      });
      next += 7;
    }
    pid = next + 40;
  }
  return procs.sort((a, b) => a.pid - b.pid);
}

function hhmm(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** procps ps: `aux` (BSD) and `-ef` (UNIX) forms; other selections are refused rather than answered wrongly. */
export function psTool(argv: string[], ctx: NodeCommandContext): number {
  const spec = argv.join(' ');
  const procs = nodeProcesses(ctx);
  if (/^-?auxw*$/.test(spec)) {
    let out = 'USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n';
    for (const p of procs) out += `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${'0.0'.padStart(4)} ${(p.rss > 50000 ? '0.1' : '0.0').padStart(4)} ${String(p.vsz).padStart(6)} ${String(p.rss).padStart(5)} ${'?'.padEnd(8)} ${p.stat.padEnd(4)} ${hhmm(p.startMs).padStart(5)} ${'0:00'.padStart(6)} ${p.cmd}\n`;
    ctx.io.out(out);
    return 0;
  }
  if (spec === '-ef' || spec === '-e -f' || spec === '-eF' || spec === '-efww' || spec === '-efw') {
    let out = 'UID          PID    PPID  C STIME TTY          TIME CMD\n';
    for (const p of procs) out += `${p.user.padEnd(8)} ${String(p.pid).padStart(7)} ${String(p.ppid).padStart(7)}  0 ${hhmm(p.startMs)} ?        00:00:00 ${p.cmd}\n`;
    ctx.io.out(out);
    return 0;
  }
  ctx.io.err(`kubesim: "ps ${spec}" is not simulated (ps aux and ps -ef are)\n`);
  return 1;
}

/** ipvsadm on a node whose kube-proxy runs in iptables mode: the IPVS table is empty. */
export function ipvsadmTool(argv: string[], ctx: NodeCommandContext): number {
  const list = argv.length === 0 || argv.every((a) => /^-[LlnS]+$|^--list$|^--numeric$|^--save$/.test(a));
  if (!list) {
    ctx.io.err(`kubesim: "ipvsadm ${argv.join(' ')}" is not simulated: kube-proxy runs in iptables mode and owns no IPVS services\n`);
    return 1;
  }
  if (argv.some((a) => a === '-S' || a === '--save' || (/^-[a-zA-Z]+$/.test(a) && a.includes('S')))) return 0;
  ctx.io.out('IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n');
  return 0;
}

// busybox ps in a container: the processes of the container's PID namespace. That is its own main process (PID 1)
// and the ps itself; an ephemeral container with a target (kubectl debug --target) joins the target container's
// namespace, so the target's processes come first (its main process is PID 1); a pod with shareProcessNamespace
// shows the pause process as PID 1 and every running container's processes. Command lines are what the node's
// `ps` shows for those containers (proc-tools.ts). Selections other than busybox's default columns are refused.

import type { Container, Pod } from '../../../cluster/apiserver/types.js';
import { expand, imageProcesses } from '../../proc-tools.js';
import { mainProcess } from '../main-process.js';
import type { CmdIO, ContainerSession } from '../context.js';

interface Row {
  pid: number;
  user: string;
  cmd: string;
}

function running(pod: Pod, name: string): boolean {
  const all = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.ephemeralContainerStatuses ?? [])];
  return !!all.find((s) => s.name === name)?.state?.running;
}

/** nginx's workers run as its user (uid 101, which busybox's /etc/passwd does not name) */
const userOf = (cmd: string) => (cmd === 'nginx: worker process' ? '101' : 'root');

/** The rows of one container's processes from `pid` on. */
function rowsOf(pod: Pod, c: Container, pid: number): Row[] {
  return imageProcesses(c).map((l, k) => {
    const cmd = expand(l, c, pod);
    return { pid: k === 0 ? pid : pid + 27 + k, user: userOf(cmd), cmd };
  });
}

/** What `ps` lists in session s, before the ps itself. */
export function containerProcesses(s: ContainerSession): Row[] {
  const { pod, container } = s;
  const ephemeral = (pod.spec.ephemeralContainers ?? []).find((e) => e.name === container.name);
  const own = (pid: number): Row => ({ pid, user: 'root', cmd: mainProcess(container).join(' ') });
  if (pod.spec.shareProcessNamespace === true) {
    const rows: Row[] = [{ pid: 1, user: '65535', cmd: '/pause' }];
    let pid = 7;
    for (const c of [...pod.spec.containers, ...(pod.spec.ephemeralContainers ?? [])]) {
      if (!running(pod, c.name) && c !== container) continue;
      const r = c === container ? [own(pid)] : rowsOf(pod, c, pid);
      rows.push(...r);
      pid = Math.max(...r.map((x) => x.pid)) + 6;
    }
    return rows;
  }
  const target = ephemeral?.targetContainerName ? pod.spec.containers.find((c) => c.name === ephemeral.targetContainerName) ?? pod.spec.initContainers?.find((c) => c.name === ephemeral.targetContainerName) : undefined;
  if (target && running(pod, target.name)) {
    const rows = rowsOf(pod, target, 1);
    return [...rows, own(Math.max(...rows.map((r) => r.pid)) + 1)];
  }
  return [own(1)];
}

export function psTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const opts = argv.slice(1);
  if (opts.some((a) => !/^-?[aefxAuw]+$/.test(a))) {
    io.err(`kubesim: "ps ${opts.join(' ')}" is not simulated in a container (ps with busybox's default columns is)\n`);
    return 1;
  }
  const rows = containerProcesses(s);
  const last = Math.max(...rows.map((r) => r.pid));
  rows.push({ pid: last + 6, user: 'root', cmd: opts.length ? `ps ${opts.join(' ')}` : 'ps' });
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const r of rows) out += `${String(r.pid).padStart(5)} ${r.user.padEnd(8)} ${'0:00'.padStart(5)} ${r.cmd}\n`;
  io.out(out);
  return 0;
}

// The inside of one running container as commands see it: its process environment (PATH, HOSTNAME, image ENV,
// the pod's env, the service variables snapshotted at start, HOME), its files (/etc/resolv.conf, /etc/hosts,
// files written by wget/curl, kept in cluster data), and name resolution through its resolv.conf and cluster DNS.

import type { Container, Pod } from '../../cluster/apiserver/types.js';
import { clusterDNSIP, isIPv4, nodeHostsFile, podHostname, podHostsFile, podResolvConf, renderResolvConf, type DnsReply, type ResolvConf, type RRType } from '../../cluster/network/dns/index.js';
import { containerServiceEnv } from '../../cluster/network/envvars.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { ContainerFs } from '../../cluster/containerfs/vfs.js';
import { containerMounts } from '../../cluster/containerfs/volumes.js';
import { FsError, normalize, type FsErrorCode } from '../../cluster/containerfs/types.js';
import { searchCandidates } from '../net/common.js';
import { askClusterDns, clusterAddress, dnsQueryBytes } from '../net/dns-query.js';
import { imageFacts, type ImageFacts } from './images.js';
import type { Command } from './shell-parse.js';

export interface ContainerSession {
  cluster: Cluster;
  pod: Pod;
  container: Container;
  facts: ImageFacts;
  /** shell and environment variables (exported ones are in `exported`) */
  vars: Map<string, string>;
  exported: Set<string>;
  cwd: string;
  /** the exec has a terminal (`-t`) */
  tty: boolean;
  /** `$?` */
  status: number;
  /** the shell running the commands (null: exec'd directly) */
  shell: 'ash' | 'dash' | 'bash' | null;
  /** where redirections and the text tools' file operands go, when not the container's files (hermetic mode) */
  files?: ShellFiles;
  /** what the shell interpreter does differently here (hermetic mode); absent: a container */
  host?: ShellHost;
  /** $1 $2 ...: the positional parameters */
  params?: string[];
  /** $0 (`sh -c 'script' NAME`): also the name the shell's messages start with */
  arg0?: string;
  funcs?: Map<string, Command>;
  /** one frame per function call: the variables `local` saved, restored on return */
  locals?: Array<Map<string, { value: string | undefined; exported: boolean }>>;
  /** `set` flags (e, u, x) and long options (pipefail) */
  options?: Set<string>;
  readonly?: Set<string>;
  traps?: Map<string, string>;
  /** loops the running command is inside (break and continue need one) */
  loopDepth?: number;
  /** reading commands from a terminal (messages without line numbers in bash; errors do not end the shell) */
  interactive?: boolean;
  /** lines read before the current input (dash's and bash's messages count lines) */
  lineBase?: number;
  /** the line of the command running */
  lineno?: number;
  /** conditions (if/while tests, the left of && and ||) being run: `set -e` does not apply inside them */
  condDepth?: number;
}

/** Files seen by the shell and the text tools outside a container (hermetic mode: the host's working directory). */
export interface ShellFiles {
  read(path: string): string | 'ENOENT' | 'EISDIR';
  /** opens `> path` (truncating) or `>> path`: an errno code, or a whole line refusing it */
  open(path: string, append: boolean): FsErrorCode | { refused: string } | undefined;
  /** appends to a file `open` accepted */
  write(path: string, text: string): void;
}

/**
 * The per-context part of the one shell interpreter (shell.ts). In a container the builtins are the shell's and
 * other commands are the image's tools; hermetic mode has fewer builtins and runs kubectl, kubesim and node tools
 * (asynchronously) besides the text tools, reporting anything else as not run.
 */
export interface ShellHost {
  builtins: ReadonlySet<string>;
  /** runs a command that is not a builtin; its status, or a promise of it */
  run(argv: string[], s: ContainerSession, io: CmdIO): number | Promise<number>;
  /** `cd [DIR]` */
  cd(dir: string | undefined, s: ContainerSession, io: CmdIO): number;
  /** what moves when a command lets cluster time pass (the loop guard stops a loop where it never moves); absent: nothing does */
  nowMs?(): number;
}

export interface CmdIO {
  stdin: string;
  /** stdout goes to a pipe or a file (not the terminal) */
  piped: boolean;
  out(text: string): void;
  err(text: string): void;
}

/** Raised by `exit` to end the shell. */
export class ShellExit extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

function literalEnv(pod: Pod, c: Container, vars: Map<string, string>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const e of c.env ?? []) {
    if (e.value !== undefined) out.push([e.name, e.value.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, n) => vars.get(n) ?? m)]);
    else if (e.valueFrom) {
      const ref = (e.valueFrom as { fieldRef?: { fieldPath?: string } }).fieldRef?.fieldPath;
      const v: Record<string, string | undefined> = {
        'metadata.name': pod.metadata.name,
        'metadata.namespace': pod.metadata.namespace,
        'metadata.uid': pod.metadata.uid,
        'spec.nodeName': pod.spec.nodeName,
        'spec.serviceAccountName': pod.spec.serviceAccountName,
        'status.podIP': pod.status?.podIP,
        'status.hostIP': pod.status?.hostIP,
      };
      if (ref && v[ref] !== undefined) out.push([e.name, v[ref]!]);
    }
  }
  return out;
}

/** The process environment a new exec gets, in the order `env` prints it. */
export function containerEnvironment(cluster: Cluster, pod: Pod, c: Container, facts: ImageFacts, tty: boolean): Array<[string, string]> {
  const env: Array<[string, string]> = [['PATH', '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'], ['HOSTNAME', podHostname(pod)]];
  const set = (k: string, v: string): void => {
    const i = env.findIndex(([n]) => n === k);
    if (i >= 0) env[i] = [k, v];
    else env.push([k, v]);
  };
  for (const [k, v] of facts.env) set(k, v);
  const services = containerServiceEnv(cluster.data, pod, c.name, cluster.api.list('services') as never);
  const current = new Map(env);
  for (const s of services) current.set(s.name, s.value);
  const user = literalEnv(pod, c, current);
  for (const [k, v] of user) set(k, v);
  const userNames = new Set(user.map(([k]) => k));
  for (const s of services) if (!userNames.has(s.name)) set(s.name, s.value);
  if (tty) set('TERM', 'xterm');
  if (!env.some(([k]) => k === 'HOME')) env.push(['HOME', '/root']);
  return env;
}

export function newSession(cluster: Cluster, pod: Pod, c: Container, tty: boolean): ContainerSession {
  const facts = imageFacts(c.image ?? '');
  const env = containerEnvironment(cluster, pod, c, facts, tty);
  return {
    cluster,
    pod,
    container: c,
    facts,
    vars: new Map(env),
    exported: new Set(env.map(([k]) => k)),
    cwd: c.workingDir && typeof c.workingDir === 'string' ? c.workingDir : facts.workdir,
    tty,
    status: 0,
    shell: null,
  };
}

/** `env` output: the exported variables. */
export function exportedEnv(s: ContainerSession): Array<[string, string]> {
  return [...s.vars].filter(([k]) => s.exported.has(k));
}

// ---------------------------------------------------------------- files

export function resolvConfOf(s: ContainerSession): ResolvConf {
  return podResolvConf(s.pod, [clusterDNSIP(s.cluster.config)], s.cluster.config.clusterDomain);
}

function nodeIP(s: ContainerSession): string {
  return s.cluster.config.nodes.find((n) => n.name === s.pod.spec.nodeName)?.ip ?? s.pod.status?.hostIP ?? '';
}

export function absPath(s: ContainerSession, p: string): string {
  return normalize(p.startsWith('/') ? p : `${s.cwd.replace(/\/$/, '')}/${p}`);
}

/** The container's filesystem: image, writable layer, volumes and the kubelet's /etc/hosts, resolv.conf, hostname. */
export function fsOf(s: ContainerSession): ContainerFs {
  const src = { data: s.cluster.data, get: (r: string, ns: string | undefined, n: string) => s.cluster.api.tryGet(r, ns, n), nowMs: s.cluster.clock.nowMs() };
  const kubeletFiles = {
    '/etc/resolv.conf': renderResolvConf(resolvConfOf(s)),
    '/etc/hosts': podHostsFile(s.pod, s.cluster.config.clusterDomain, nodeHostsFile(s.pod.spec.nodeName ?? '', nodeIP(s))),
    '/etc/hostname': `${podHostname(s.pod)}\n`,
    '/dev/termination-log': '',
  };
  return new ContainerFs(containerMounts(src, s.pod, s.container, { tools: s.facts.tools, kubeletFiles }), () => {
    s.cluster.touched = true;
    return s.cluster.clock.nowMs();
  });
}

/** The content of a file in the container, or undefined when it does not exist (or is not a file). */
export function readFile(s: ContainerSession, path: string): string | undefined {
  const p = absPath(s, path);
  if (p === '/dev/null') return '';
  try {
    return fsOf(s).read(p);
  } catch (e) {
    if (e instanceof FsError) return undefined;
    throw e;
  }
}

/** Writes a file; the errno code when it cannot be written (a read-only volume, no such directory...). */
export function writeFile(s: ContainerSession, path: string, content: string, append = false): FsErrorCode | undefined {
  const p = absPath(s, path);
  if (p === '/dev/null' || p === '/dev/stdout' || p === '/dev/stderr') return undefined;
  try {
    fsOf(s).write(p, content, append);
    s.cluster.touched = true;
    return undefined;
  } catch (e) {
    if (e instanceof FsError) return e.code;
    throw e;
  }
}

// ---------------------------------------------------------------- name resolution

/** Whether `ip` is an address the data plane routes (a Service ClusterIP or a pod IP): DNS to it is walked. */
/**
 * One DNS question to a nameserver, on a new UDP socket (one conntrack flow through the node's kube-proxy rules,
 * net/dns-query.ts). Any server outside the cluster is the node's upstream resolver, which knows no cluster
 * names (and, with no internet, nothing else). Undefined: no answer.
 */
export function queryDns(s: ContainerSession, server: string, name: string, type: RRType): DnsReply | undefined {
  if (!clusterAddress(s.cluster, server)) return { rcode: 'NXDOMAIN', authoritative: false, answer: [], extra: [] };
  return askClusterDns(s.cluster, { kind: 'pod', pod: s.pod }, server, name, type);
}

export { dnsQueryBytes };

export { searchCandidates };

export type LookupResult = { ok: true; ip: string; canonical: string } | { ok: false; error: 'NXDOMAIN' | 'TIMEOUT' };

/** getaddrinfo(): /etc/hosts, then the search walk over the resolv.conf nameservers (IPv4 answers); each DNS question is a datagram walked through the node's rules. */
export function lookupHost(s: ContainerSession, host: string): LookupResult {
  if (isIPv4(host)) return { ok: true, ip: host, canonical: host };
  const hosts = readFile(s, '/etc/hosts') ?? '';
  for (const line of hosts.split('\n')) {
    const parts = line.replace(/#.*/, '').trim().split(/\s+/);
    if (parts.length > 1 && isIPv4(parts[0]) && parts.slice(1).some((h) => h.toLowerCase() === host.toLowerCase())) return { ok: true, ip: parts[0], canonical: parts[1] };
  }
  const conf = resolvConfOf(s);
  if (conf.nameservers.length === 0) return { ok: false, error: 'NXDOMAIN' };
  for (const cand of searchCandidates(host, conf)) {
    // one socket per candidate: the A and AAAA questions go out together on it (one conntrack flow, walked once)
    let answered = false;
    for (const server of conf.nameservers) {
      const reply = queryDns(s, server, cand, 'A');
      if (!reply) continue;
      answered = true;
      const a = reply.answer.find((r) => r.type === 'A');
      if (reply.rcode === 'NOERROR' && a) return { ok: true, ip: a.value, canonical: a.name };
      break;
    }
    // no server answered this candidate: musl's name_from_dns_search returns EAI_AGAIN and glibc's res_nsearch
    // gives up (ECONNREFUSED / TRY_AGAIN) instead of trying the next search domain
    if (!answered) return { ok: false, error: 'TIMEOUT' };
  }
  return { ok: false, error: 'NXDOMAIN' };
}

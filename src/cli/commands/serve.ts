// `kubesim serve [--port 6443] [--insecure-port N]`: the simulated cluster's Kubernetes API over HTTPS on
// 127.0.0.1, for stock kubectl and client libraries; `kubesim kubeconfig [--path]`: the kubeconfig that points at
// it (cluster, user and context `kind-kubesim`, as `kind get kubeconfig` names them), with the cluster CA and a
// kubernetes-admin client certificate signed by it.

import fs from 'node:fs';
import path from 'node:path';
import { clusterCA } from '../../cluster/controllers/serviceaccount.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';
import { keyPem, leafCertificate } from '../../cluster/state/pki.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
import { sharedWatchCache, startServer, type TlsMaterial } from '../serve/http.js';

const NAME = 'kind-kubesim';
const DEFAULT_PORT = 6443;

function born(c: ClusterBase): number {
  const ts = c.api.tryGet('namespaces', undefined, 'kube-system')?.metadata.creationTimestamp;
  return ts ? Date.parse(ts) : 0;
}

/** The serving certificate (kube-apiserver's SANs as kubeadm writes them, plus localhost) and its key. */
function servingTls(c: ClusterBase): TlsMaterial {
  const ca = clusterCA({ api: c.api, config: c.config });
  const cp = c.api.list('nodes').find((n) => n.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined);
  const cert = leafCertificate(c.config.seed, born(c), {
    cn: 'kube-apiserver',
    purpose: 'apiserver',
    usage: 'serverAuth',
    dns: [...(cp ? [cp.metadata.name!] : []), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', `kubernetes.default.svc.${c.config.clusterDomain}`, 'localhost'],
    ips: ['127.0.0.1', '::1'],
  });
  return { cert, key: keyPem(c.config.seed, 'apiserver'), ca };
}

export function kubeconfigYaml(c: ClusterBase, port: number): string {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const ca = clusterCA({ api: c.api, config: c.config });
  const cert = leafCertificate(c.config.seed, born(c), { cn: 'kubernetes-admin', o: 'kubeadm:cluster-admins', purpose: 'admin', usage: 'clientAuth' });
  return [
    'apiVersion: v1',
    'clusters:',
    '- cluster:',
    `    certificate-authority-data: ${b64(ca)}`,
    `    server: https://127.0.0.1:${port}`,
    `  name: ${NAME}`,
    'contexts:',
    '- context:',
    `    cluster: ${NAME}`,
    `    user: ${NAME}`,
    `  name: ${NAME}`,
    `current-context: ${NAME}`,
    'kind: Config',
    'preferences: {}',
    'users:',
    `- name: ${NAME}`,
    '  user:',
    `    client-certificate-data: ${b64(cert)}`,
    `    client-key-data: ${b64(keyPem(c.config.seed, 'admin'))}`,
    '',
  ].join('\n');
}

export function kubeconfigPath(session: Session): string {
  return path.join(session.home, 'kubeconfig');
}

function writeKubeconfig(session: Session, text: string): string {
  const file = kubeconfigPath(session);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o600 });
  fs.renameSync(tmp, file);
  return file;
}

function parsePort(text: string | undefined, flag: string, io: CommandIO): number | undefined {
  if (text === undefined || !/^\d+$/.test(text) || Number(text) > 65535) {
    io.err(`error: ${flag} takes a port number (0-65535), not ${JSON.stringify(text ?? '')}\n`);
    return undefined;
  }
  return Number(text);
}

/** `kubesim kubeconfig [--path] [--port N]`: prints the kubeconfig, or writes $KUBESIM_HOME/kubeconfig and prints its path. */
export async function runKubeconfig(argv: string[], session: Session, io: CommandIO): Promise<number> {
  let port = DEFAULT_PORT;
  let toPath = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--path') toPath = true;
    else if (a === '--port' || a.startsWith('--port=')) {
      const p = parsePort(a.includes('=') ? a.slice(7) : argv[++i], '--port', io);
      if (p === undefined) return 1;
      port = p;
    } else {
      io.err(`error: unknown argument "${a}"; usage: kubesim kubeconfig [--path] [--port N]\n`);
      return 1;
    }
  }
  const text = await session.withCluster((c) => kubeconfigYaml(c, port), { readOnly: true });
  if (!toPath) {
    io.out(text);
    return 0;
  }
  const file = kubeconfigPath(session);
  // a running `kubesim serve --port N` wrote its own port there: keep it unless --port is given
  if (!fs.existsSync(file) || argv.some((a) => a.startsWith('--port'))) writeKubeconfig(session, text);
  io.out(`${file}\n`);
  return 0;
}

/** `kubesim serve`: runs until Ctrl-C (SIGINT) or SIGTERM. */
export async function runServe(argv: string[], session: Session, io: CommandIO): Promise<number> {
  let port = DEFAULT_PORT;
  let insecurePort: number | undefined;
  let verbose = false;
  let watchCacheSize: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => (a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i]);
    if (a === '--port' || a.startsWith('--port=')) {
      const p = parsePort(value(), '--port', io);
      if (p === undefined) return 1;
      port = p;
    } else if (a === '--insecure-port' || a.startsWith('--insecure-port=')) {
      const p = parsePort(value(), '--insecure-port', io);
      if (p === undefined) return 1;
      insecurePort = p;
    } else if (a === '--default-watch-cache-size' || a.startsWith('--default-watch-cache-size=')) {
      const text = value();
      if (!/^\d+$/.test(text ?? '') || Number(text) < 1) {
        io.err(`error: --default-watch-cache-size takes a number of events (1 or more), not ${JSON.stringify(text ?? '')}\n`);
        return 1;
      }
      watchCacheSize = Number(text);
    } else if (a === '-v' || a === '--verbose') verbose = true;
    else {
      io.err(`error: unknown argument "${a}"; usage: kubesim serve [--port N] [--insecure-port N] [--default-watch-cache-size N] [-v]\n`);
      return 1;
    }
  }
  const tls = await session.withCluster((c) => servingTls(c), { readOnly: true });
  const log = verbose ? (line: string) => io.err(`${line}\n`) : undefined;
  const servers = [];
  // one watch cache for both listeners: the events each of them serves are the same
  const watchCache = sharedWatchCache(session, watchCacheSize);
  try {
    const secure = await startServer({ session, port, tls, log, watchCache });
    servers.push(secure);
    const actual = (secure.server.address() as { port: number }).port;
    const file = writeKubeconfig(session, await session.withCluster((c) => kubeconfigYaml(c, actual), { readOnly: true }));
    io.out(`Serving the Kubernetes API on https://127.0.0.1:${actual}\nexport KUBECONFIG=${file}\n`);
    if (insecurePort !== undefined) {
      const plain = await startServer({ session, port: insecurePort, insecure: true, log, watchCache });
      servers.push(plain);
      io.out(`Serving without authentication on http://127.0.0.1:${(plain.server.address() as { port: number }).port}\n`);
    }
  } catch (e) {
    for (const s of servers) await s.close();
    watchCache.feeder.stop();
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      io.err(`error: listen tcp 127.0.0.1:${err.message.match(/:(\d+)$/)?.[1] ?? port}: bind: address already in use\n`);
      return 1;
    }
    throw e;
  }
  // on a wall clock, time moves by itself: due timers are caught up (and saved) every second
  const tick = setInterval(() => {
    session.withCluster(() => undefined, { readOnly: true }).catch(() => undefined);
  }, 1000);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  clearInterval(tick);
  for (const s of servers) await s.close();
  watchCache.feeder.stop();
  return 0;
}

// `kubectl proxy`: the API of the simulated cluster as plain HTTP on 127.0.0.1 (default port 8001), as the
// kubeconfig's user (kubernetes-admin), through the same HTTP layer as `kubesim serve`: JSON answers, pretty for
// curl as kube-apiserver gives them, kubectl proxy's host and path filters, and "Starting to serve on ...". The
// state lock is taken per request only, so an idle proxy holds none. Ends on Ctrl-C.

import type { CommandIO } from '../../kubectl/context.js';
import { KUBERNETES_ADMIN } from '../../cluster/rbac/access.js';
import { startServer } from '../serve/http.js';
import type { Session } from '../session.js';

/** kubectl proxy's defaults (cmd/proxy/proxy.go, pkg/proxy/proxy_server.go) */
const DEFAULT_ACCEPT_HOSTS = [/^localhost$/, /^127\.0\.0\.1$/, /^\[::1\]$/];
const DEFAULT_REJECT_PATHS = [/^\/api\/.*\/pods\/.*\/exec/, /^\/api\/.*\/pods\/.*\/attach/];

const UNSUPPORTED = new Set(['www', 'w', 'www-prefix', 'P', 'unix-socket', 'u', 'accept-hosts', 'accept-paths', 'reject-paths', 'reject-methods', 'disable-filter', 'keepalive', 'append-server-path', 'api-prefix']);

export async function runProxy(argv: string[], session: Session, io: CommandIO): Promise<number> {
  let port = 8001;
  let address = '127.0.0.1';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--?([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      io.err(`error: unexpected argument "${a}"\n`);
      return 1;
    }
    const name = m[1];
    const value = () => (m[2] !== undefined ? m[2] : argv[++i]);
    if (name === 'port' || name === 'p') {
      const v = value() ?? '';
      if (!/^\d+$/.test(v)) {
        io.err(`error: invalid argument "${v}" for "-p, --port" flag: strconv.ParseInt: parsing "${v}": invalid syntax\n`);
        return 1;
      }
      port = Number(v);
    } else if (name === 'address') address = value() ?? '';
    else if (UNSUPPORTED.has(name)) {
      io.err(`error: kubesim does not simulate "kubectl proxy --${name}" yet\n`);
      return 1;
    } else {
      io.err(`error: unknown flag: --${name}\nSee 'kubectl proxy --help' for usage.\n`);
      return 1;
    }
  }
  if (!['127.0.0.1', 'localhost'].includes(address)) {
    io.err(`error: kubesim does not simulate "kubectl proxy --address=${address}": its servers bind 127.0.0.1 only\n`);
    return 1;
  }
  let running;
  try {
    running = await startServer({
      session,
      port,
      plainUser: KUBERNETES_ADMIN,
      filter: (host, path) => {
        const h = host.replace(/:\d+$/, '');
        return DEFAULT_ACCEPT_HOSTS.some((r) => r.test(h)) && !DEFAULT_REJECT_PATHS.some((r) => r.test(path));
      },
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'EADDRINUSE') {
      io.err(`error: listen tcp 127.0.0.1:${port}: bind: address already in use\n`);
      return 1;
    }
    throw e;
  }
  io.out(`Starting to serve on 127.0.0.1:${(running.server.address() as { port: number }).port}\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await running.close();
  return 0;
}

// The network as a container's client tools see it: names resolved through the pod's /etc/hosts and resolv.conf,
// connections and echo requests sent through the data plane (`sendTcp`/`pingIP`, which walk the node's kube-proxy
// rules) from this pod, files saved into the container. The shared tools (curl, iputils ping) run on it.

import { pingIP, sendTcp, type SendResult, type TlsClientHello } from '../../../cluster/network/request.js';
import type { NetEnv, ParsedURL } from '../../net/common.js';
import { lookupHost, readFile, writeFile, type CmdIO, type ContainerSession } from '../context.js';

export function containerNetEnv(s: ContainerSession, io: CmdIO): NetEnv {
  const { cluster, pod } = s;
  return {
    resolve: (name) => {
      const look = lookupHost(s, name);
      return look.ok ? look.ip : null;
    },
    connect: (ip, port, req) => {
      const res = sendTcp(cluster, { kind: 'pod', pod }, ip, port, req);
      cluster.touched = true;
      return res;
    },
    ping: (ip) => {
      const res = pingIP(cluster, { kind: 'pod', pod }, ip);
      cluster.touched = true;
      return res;
    },
    random: () => cluster.rng.float(),
    nowMs: cluster.clock.now().getTime(),
    isTTY: s.tty && !io.piped,
    sourceIP: pod.status?.podIP ?? '0.0.0.0',
    writeFile: (path, content) => writeFile(s, path, content),
    readFile: (path) => readFile(s, path),
    caBundle: caBundleOf(s),
  };
}

/** One HTTP request from this pod with the Host header as typed (busybox wget sends `host[:port]` verbatim). */
export function sendHttp(s: ContainerSession, ip: string, url: ParsedURL, method: string, userAgent: string, headers: Record<string, string> = {}, tls?: TlsClientHello): SendResult {
  const res = sendTcp(s.cluster, { kind: 'pod', pod: s.pod }, ip, url.port, { method, host: url.hostPort, path: url.path, headers, userAgent, ...(tls ? { tls } : {}) });
  s.cluster.touched = true;
  return res;
}

/** Where the image's curl looks for CA certificates: $CURL_CA_BUNDLE (curlimages/curl sets /cacert.pem), else the
 *  distribution's bundle. */
function caBundleOf(s: ContainerSession): { file: string; path?: string } {
  const env = s.vars.get('CURL_CA_BUNDLE');
  if (env) return { file: env };
  return { file: '/etc/ssl/certs/ca-certificates.crt', path: '/etc/ssl/certs' };
}

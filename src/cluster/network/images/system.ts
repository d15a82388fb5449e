// Start-up logs of the cluster's own images that labs read with `kubectl logs -n kube-system`: kube-proxy (klog
// lines of a kind/kubeadm iptables-mode proxy: the sequence of a v1.31 capture, `server_linux.go:170` as v1.32
// prints "Using iptables Proxier") and CoreDNS (the kubeadm Corefile's reload SHA and version banner).

import { stableHash } from '../dataplane/topology.js';
import type { StartupContext, TimedLogWrite } from './types.js';

export { klogLine } from '../../klog.js';
import { klogLine } from '../../klog.js';

export function kubeProxyStartup(ctx: StartupContext, version: string): TimedLogWrite[] {
  const ip = ctx.pod.status?.hostIP ?? '';
  let us = 100_000 + (stableHash(ctx.pod.metadata.uid ?? '') % 500_000);
  const out: TimedLogWrite[] = [];
  const log = (level: 'I' | 'E', where: string, msg: string, step: number) => {
    us += step;
    out.push({ ms: ctx.startMs + Math.floor(us / 1000), stream: 'stderr', text: klogLine(level, ctx.startMs, us, where, msg) });
  };
  log('I', 'server_linux.go:66', '"Using iptables proxy"', 0);
  log('I', 'server.go:677', `"Successfully retrieved node IP(s)" IPs=["${ip}"]`, 23_117);
  log('E', 'server.go:234', '"Kube-proxy configuration may be incomplete or incorrect" err="nodePortAddresses is unset; NodePort connections will be accepted on all local IPs. Consider using `--nodeport-addresses primary`"', 1_204);
  log('I', 'server.go:243', '"kube-proxy running in dual-stack mode" primary ipFamily="IPv4"', 20_231);
  log('I', 'server_linux.go:170', '"Using iptables Proxier"', 131);
  log('I', 'proxier.go:255', '"Setting route_localnet=1 to allow node-ports on localhost; to change this either disable iptables.localhostNodePorts (--iptables-localhost-nodeports) or set nodePortAddresses (--nodeport-addresses) to filter loopback addresses" ipFamily="IPv4"', 2_082);
  log('I', 'server.go:483', `"Version info" version="${version}"`, 19_673);
  log('I', 'server.go:485', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""', 47);
  log('I', 'config.go:197', '"Starting service config controller"', 2_483);
  log('I', 'config.go:104', '"Starting endpoint slice config controller"', 3);
  log('I', 'shared_informer.go:313', 'Waiting for caches to sync for service config', 66);
  log('I', 'shared_informer.go:313', 'Waiting for caches to sync for endpoint slice config', 1);
  log('I', 'config.go:326', '"Starting node config controller"', 91);
  log('I', 'shared_informer.go:313', 'Waiting for caches to sync for node config', 39);
  log('I', 'shared_informer.go:320', 'Caches are synced for node config', 100_986);
  log('I', 'shared_informer.go:320', 'Caches are synced for endpoint slice config', 27);
  log('I', 'shared_informer.go:320', 'Caches are synced for service config', 6);
  return out;
}

export function corednsStartup(ctx: StartupContext, tag: string): TimedLogWrite[] {
  const v = tag.replace(/^v/, '') || '1.11.3';
  const build: Record<string, string> = { '1.11.3': 'linux/amd64, go1.21.11, a6338e9', '1.11.1': 'linux/amd64, go1.20.7, ae2bbc2', '1.10.1': 'linux/amd64, go1.20, 055b2c3' };
  const ms = ctx.startMs;
  return [
    { ms, stream: 'stdout', text: '.:53' },
    { ms, stream: 'stdout', text: '[INFO] plugin/reload: Running configuration SHA512 = 591cf328cccc12bc490481273e738df59329c62c0b729d94e8b61db9961c2fa5f046dd37f1cf888b953814040d180f52594972691cd6ff41be96639138a43908' },
    { ms, stream: 'stdout', text: `CoreDNS-${v}` },
    { ms, stream: 'stdout', text: build[v] ?? 'linux/amd64, go1.21.11, a6338e9' },
  ];
}

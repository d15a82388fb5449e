import { describe, expect, it } from 'vitest';
import type { EndpointSlice, Pod, Service } from '../../apiserver/types.js';
import { podHostname, podHostsFile, podResolvConf, renderResolvConf } from './podfiles.js';
import { resolve, reverseName, type DnsZoneInputs } from './records.js';

const svc = (name: string, spec: Service['spec'], ns = 'default'): Service => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec });
const slice = (svcName: string, eps: Array<{ ip: string; hostname?: string; ready?: boolean }>, ports: Array<{ name?: string; port: number }>, ns = 'default'): EndpointSlice => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: `${svcName}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': svcName } },
  addressType: 'IPv4',
  endpoints: eps.map((e) => ({ addresses: [e.ip], conditions: { ready: e.ready ?? true }, ...(e.hostname ? { hostname: e.hostname } : {}) })),
  ports: ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: 'TCP' })),
});

const zone: DnsZoneInputs = {
  clusterDomain: 'cluster.local',
  namespaces: ['default', 'kube-system'],
  services: [
    svc('kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] }),
    svc('kube-dns', { clusterIP: '10.96.0.10', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'metrics', port: 9153, protocol: 'TCP' }] }, 'kube-system'),
    svc('website', { clusterIP: '10.111.148.30', ports: [{ port: 80, protocol: 'TCP' }] }),
    svc('headlesswebsite', { clusterIP: 'None', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }),
    svc('webstate', { clusterIP: 'None', ports: [{ name: 'webstate', port: 80, protocol: 'TCP' }] }),
    svc('ext', { type: 'ExternalName', externalName: 'website.default.svc.cluster.local' }),
  ],
  endpointSlices: [
    slice('website', [{ ip: '10.0.0.202' }, { ip: '10.0.0.12' }], [{ port: 80 }]),
    slice('headlesswebsite', [{ ip: '10.0.0.202' }, { ip: '10.0.0.12' }, { ip: '10.0.0.99', ready: false }], [{ name: 'http', port: 80 }]),
    slice('webstate', [{ ip: '10.0.0.58', hostname: 'webstate-0' }, { ip: '10.0.0.38', hostname: 'webstate-1' }, { ip: '10.0.0.52', hostname: 'webstate-2' }], [{ name: 'webstate', port: 80 }]),
  ],
};

const text = (r: ReturnType<typeof resolve>) => [r.rcode, ...r.answer.map((a) => `${a.name} ${a.ttl} ${a.type} ${a.srv ? `${a.srv.priority} ${a.srv.weight} ${a.srv.port} ` : ''}${a.value}`)];

describe('CoreDNS kubernetes plugin semantics', () => {
  it('ClusterIP A, AAAA NODATA, other namespace NXDOMAIN', () => {
    expect(text(resolve(zone, 'website.default.svc.cluster.local.', 'A'))).toEqual(['NOERROR', 'website.default.svc.cluster.local 30 A 10.111.148.30']);
    expect(text(resolve(zone, 'website.default.svc.cluster.local', 'AAAA'))).toEqual(['NOERROR']);
    expect(resolve(zone, 'website.kube-system.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(resolve(zone, 'website.nons.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(resolve(zone, 'website.default.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
    expect(resolve(zone, 'default.svc.cluster.local', 'A')).toMatchObject({ rcode: 'NOERROR', answer: [] });
    expect(resolve(zone, 'website.default', 'A')).toMatchObject({ rcode: 'NXDOMAIN', authoritative: false });
    expect(resolve(zone, 'website.default.svc.cluster.local', 'A').authoritative).toBe(true);
  });
  it('SRV for named ports and plain-name SRV (weights 100/n, priority 0)', () => {
    expect(text(resolve(zone, '_https._tcp.kubernetes.default.svc.cluster.local', 'SRV'))).toEqual([
      'NOERROR',
      '_https._tcp.kubernetes.default.svc.cluster.local 30 SRV 0 100 443 kubernetes.default.svc.cluster.local',
    ]);
    expect(resolve(zone, '_dns._udp.kube-dns.kube-system.svc.cluster.local', 'SRV').answer.map((a) => a.srv?.port)).toEqual([53]);
    expect(resolve(zone, '_nope._tcp.kubernetes.default.svc.cluster.local', 'SRV').rcode).toBe('NXDOMAIN');
    // seed 002: nslookup -q=SRV headlesswebsite
    expect(text(resolve(zone, 'headlesswebsite.default.svc.cluster.local', 'SRV'))).toEqual([
      'NOERROR',
      'headlesswebsite.default.svc.cluster.local 30 SRV 0 50 80 10-0-0-202.headlesswebsite.default.svc.cluster.local',
      'headlesswebsite.default.svc.cluster.local 30 SRV 0 50 80 10-0-0-12.headlesswebsite.default.svc.cluster.local',
    ]);
    expect(resolve(zone, 'webstate.default.svc.cluster.local', 'SRV').answer.map((a) => `${a.srv!.weight} ${a.value}`)).toEqual([
      '33 webstate-0.webstate.default.svc.cluster.local',
      '33 webstate-1.webstate.default.svc.cluster.local',
      '33 webstate-2.webstate.default.svc.cluster.local',
    ]);
  });
  it('headless A = every ready endpoint; StatefulSet and dashed-IP endpoint names', () => {
    expect(resolve(zone, 'headlesswebsite.default.svc.cluster.local', 'A').answer.map((a) => a.value)).toEqual(['10.0.0.202', '10.0.0.12']);
    expect(text(resolve(zone, 'webstate-1.webstate.default.svc.cluster.local', 'A'))).toEqual(['NOERROR', 'webstate-1.webstate.default.svc.cluster.local 30 A 10.0.0.38']);
    expect(resolve(zone, '10-0-0-12.headlesswebsite.default.svc.cluster.local', 'A').answer.map((a) => a.value)).toEqual(['10.0.0.12']);
    expect(resolve(zone, 'webstate-7.webstate.default.svc.cluster.local', 'A').rcode).toBe('NXDOMAIN');
  });
  it('pods insecure, ExternalName CNAME, PTR', () => {
    expect(text(resolve(zone, '10-244-1-5.default.pod.cluster.local', 'A'))).toEqual(['NOERROR', '10-244-1-5.default.pod.cluster.local 30 A 10.244.1.5']);
    expect(text(resolve(zone, 'ext.default.svc.cluster.local', 'A'))).toEqual([
      'NOERROR',
      'ext.default.svc.cluster.local 30 CNAME website.default.svc.cluster.local',
      'website.default.svc.cluster.local 30 A 10.111.148.30',
    ]);
    expect(reverseName('10.96.0.10')).toBe('10.0.96.10.in-addr.arpa');
    expect(text(resolve(zone, '10.0.96.10.in-addr.arpa', 'PTR'))).toEqual(['NOERROR', '10.0.96.10.in-addr.arpa 30 PTR kube-dns.kube-system.svc.cluster.local']);
    expect(text(resolve(zone, '58.0.0.10.in-addr.arpa', 'PTR'))).toEqual(['NOERROR', '58.0.0.10.in-addr.arpa 30 PTR webstate-0.webstate.default.svc.cluster.local']);
    expect(resolve(zone, '12.0.0.10.in-addr.arpa', 'PTR').answer.map((a) => a.value)).toEqual([
      '10-0-0-12.website.default.svc.cluster.local',
      '10-0-0-12.headlesswebsite.default.svc.cluster.local',
    ]);
    expect(resolve(zone, '7.7.7.7.in-addr.arpa', 'PTR')).toMatchObject({ rcode: 'NXDOMAIN', authoritative: false });
  });
});

describe('pod resolv.conf and /etc/hosts', () => {
  const p: Pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-0', namespace: 'default' }, spec: { containers: [], hostname: 'web-0', subdomain: 'web' }, status: { podIP: '10.244.1.5', podIPs: [{ ip: '10.244.1.5' }] } };
  it('ClusterFirst as containerd writes it', () => {
    expect(renderResolvConf(podResolvConf(p, ['10.96.0.10'], 'cluster.local'))).toBe(
      'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n',
    );
  });
  it('None + dnsConfig, hostNetwork falls back to Default, ClusterFirstWithHostNet', () => {
    const none = { ...p, spec: { ...p.spec, dnsPolicy: 'None', dnsConfig: { nameservers: ['1.2.3.4'], searches: ['ns1.svc.cluster-domain.example'], options: [{ name: 'ndots', value: '2' }, { name: 'edns0' }] } } };
    expect(renderResolvConf(podResolvConf(none, ['10.96.0.10'], 'cluster.local'))).toBe('search ns1.svc.cluster-domain.example\nnameserver 1.2.3.4\noptions ndots:2 edns0\n');
    const host = { ...p, spec: { ...p.spec, hostNetwork: true } };
    expect(renderResolvConf(podResolvConf(host, ['10.96.0.10'], 'cluster.local'))).toBe('nameserver 172.18.0.1\noptions ndots:0\n');
    const withNet = { ...p, spec: { ...p.spec, hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } };
    expect(podResolvConf(withNet, ['10.96.0.10'], 'cluster.local').nameservers).toEqual(['10.96.0.10']);
  });
  it('the hostname: spec.hostname or the pod name, the node name for a hostNetwork pod', () => {
    expect(podHostname(p)).toBe('web-0');
    expect(podHostname({ ...p, spec: { ...p.spec, hostname: undefined } })).toBe('web-0');
    expect(podHostname({ ...p, spec: { ...p.spec, hostNetwork: true, nodeName: 'kubesim-worker' } })).toBe('kubesim-worker');
  });
  it('hosts file with subdomain and host aliases', () => {
    const withAlias = { ...p, spec: { ...p.spec, hostAliases: [{ ip: '127.0.0.1', hostnames: ['foo.local', 'bar.local'] }] } };
    expect(podHostsFile(withAlias, 'cluster.local')).toBe(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n' +
        '10.244.1.5\tweb-0.web.default.svc.cluster.local\tweb-0\n\n# Entries added by HostAliases.\n127.0.0.1\tfoo.local\tbar.local\n',
    );
  });
});

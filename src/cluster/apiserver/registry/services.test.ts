import { describe, expect, it } from 'vitest';
import { invalid, isStatusError, StatusError } from '../errors.js';
import { ObjectStore } from '../store.js';
import type { KubeObject, Service } from '../types.js';
import { serviceStrategy as st } from './services.js';
import { testContext } from './test-context.js';
import type { RegistryContext } from './strategy.js';

function svc(name: string, spec: Record<string, unknown>): Service {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'default' }, spec } as Service;
}

/** What the API server does on create: defaults, validate (throw Invalid), allocate, status; then store. */
function create(ctx: RegistryContext, s: Service): Service {
  st.defaults!(s, ctx);
  const causes = st.validate!(s, ctx);
  if (causes.length) throw invalid('Service', '', s.metadata.name!, causes);
  st.allocate!(s, undefined, ctx);
  st.initialStatus!(s, ctx);
  if (!ctx.dryRun) ctx.store.put('services', s);
  return s;
}

function update(ctx: RegistryContext, s: Service): Service {
  const old = ctx.store.get('services', s.metadata.namespace, s.metadata.name!) as Service;
  st.defaultsUpdate!(s, old, ctx);
  const causes = st.validateUpdate!(s, old, ctx);
  if (causes.length) throw invalid('Service', '', s.metadata.name!, causes);
  st.allocate!(s, old, ctx);
  if (!ctx.dryRun) ctx.store.put('services', s);
  return s;
}

function errorOf(fn: () => unknown): StatusError {
  try {
    fn();
  } catch (e) {
    if (isStatusError(e)) return e;
    throw e;
  }
  throw new Error('expected a StatusError');
}

const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('Service defaults (§8.1)', () => {
  it('ClusterIP service as `kubectl expose` makes it', () => {
    const ctx = testContext();
    const s = create(ctx, svc('web', { ports: [{ port: 80 }], selector: { app: 'web' } }));
    const ip = s.spec.clusterIP!;
    expect(s.spec).toEqual({
      clusterIP: ip,
      clusterIPs: [ip],
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      selector: { app: 'web' },
      sessionAffinity: 'None',
      type: 'ClusterIP',
    });
    expect(s.status).toEqual({ loadBalancer: {} });
  });

  it('NodePort gets externalTrafficPolicy Cluster and a nodePort; LoadBalancer allocateLoadBalancerNodePorts', () => {
    const ctx = testContext();
    const n = create(ctx, svc('np', { type: 'NodePort', ports: [{ name: '80-8080', port: 80, targetPort: 8080 }] }));
    expect(n.spec.externalTrafficPolicy).toBe('Cluster');
    expect(n.spec.ports![0].nodePort).toBeGreaterThanOrEqual(30086);
    const lb = create(ctx, svc('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
    expect(lb.spec.allocateLoadBalancerNodePorts).toBe(true);
    expect(lb.spec.healthCheckNodePort).toBeUndefined();
  });

  it('headless without selector is RequireDualStack with both families; with selector SingleStack', () => {
    const ctx = testContext();
    const h = create(ctx, svc('h', { clusterIP: 'None', ports: [{ port: 80 }] }));
    expect([h.spec.clusterIPs, h.spec.ipFamilyPolicy, h.spec.ipFamilies]).toEqual([['None'], 'RequireDualStack', ['IPv4', 'IPv6']]);
    const hs = create(ctx, svc('hs', { clusterIP: 'None', selector: { app: 'x' } }));
    expect([hs.spec.clusterIP, hs.spec.ipFamilyPolicy, hs.spec.ipFamilies]).toEqual(['None', 'SingleStack', ['IPv4']]);
  });

  it('ExternalName gets no IP fields and no internalTrafficPolicy', () => {
    const ctx = testContext();
    const e = create(ctx, svc('ext', { type: 'ExternalName', externalName: 'example.com' }));
    expect(e.spec).toEqual({ type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'None' });
  });

  it('ClientIP affinity gets the 10800s timeout', () => {
    const s = create(testContext(), svc('a', { sessionAffinity: 'ClientIP', ports: [{ port: 80 }] }));
    expect(s.spec.sessionAffinityConfig).toEqual({ clientIP: { timeoutSeconds: 10800 } });
  });
});

describe('Service validation messages', () => {
  const msgs = (spec: Record<string, unknown>, name = 'x') => {
    const s = svc(name, spec);
    const ctx = testContext();
    st.defaults!(s, ctx);
    return st.validate!(s, ctx).map((c) => c.message);
  };
  it('ports required, names required for several ports, ranges, protocols', () => {
    expect(msgs({})).toEqual(['spec.ports: Required value']);
    expect(msgs({ ports: [{ port: 80 }, { port: 443 }] })).toEqual(['spec.ports[0].name: Required value', 'spec.ports[1].name: Required value']);
    expect(msgs({ ports: [{ port: 70000 }] })).toEqual([
      'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    ]);
    expect(msgs({ ports: [{ port: 80, protocol: 'tcp' }] })).toEqual([
      'spec.ports[0].protocol: Unsupported value: "tcp": supported values: "SCTP", "TCP", "UDP"',
    ]);
  });
  it('duplicate ports and names', () => {
    expect(msgs({ ports: [{ name: 'a', port: 80 }, { name: 'a', port: 80 }] })).toEqual([
      'spec.ports[1].name: Duplicate value: "a"',
      'spec.ports[1]: Duplicate value: core.ServicePort{Name:"", Protocol:"TCP", AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:""}, NodePort:0}',
    ]);
  });
  it('nodePort on ClusterIP, bad type, name', () => {
    expect(msgs({ ports: [{ port: 80, nodePort: 30080 }] })).toEqual([
      "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'",
    ]);
    expect(msgs({ type: 'Foo', ports: [{ port: 80 }] })).toEqual([
      'spec.type: Unsupported value: "Foo": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"',
    ]);
    expect(msgs({ ports: [{ port: 80 }] }, '1web')).toEqual([
      `metadata.name: Invalid value: "1web": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    ]);
  });
  it('ExternalName rules and headless NodePort', () => {
    expect(msgs({ type: 'ExternalName' })).toEqual(['spec.externalName: Required value']);
    expect(msgs({ type: 'NodePort', clusterIP: 'None', ports: [{ port: 80 }] })[0]).toBe(
      `spec.clusterIPs[0]: Invalid value: "None": may not be set to 'None' for NodePort services`,
    );
    expect(msgs({ clusterIP: '10.96.0.300', ports: [{ port: 80 }] })).toEqual([
      'spec.clusterIPs[0]: Invalid value: "10.96.0.300": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)',
    ]);
  });
  it('dual-stack requests on a single-stack cluster', () => {
    expect(msgs({ ipFamilyPolicy: 'RequireDualStack', ports: [{ port: 80 }], selector: { a: 'b' } })).toEqual([
      'spec.ipFamilyPolicy: Invalid value: "RequireDualStack": this cluster is not configured for dual-stack services',
    ]);
  });
});

describe('ClusterIP allocator', () => {
  it('is deterministic for a seed and draws from the upper band', () => {
    const a = create(testContext({ seed: 7 }), svc('a', { ports: [{ port: 80 }] })).spec.clusterIP;
    const b = create(testContext({ seed: 7 }), svc('a', { ports: [{ port: 80 }] })).spec.clusterIP;
    expect(a).toBe(b);
    const n = a!.split('.').map(Number);
    expect(n[0]).toBe(10);
    expect(n[1] * 65536 + n[2] * 256 + n[3]).toBeGreaterThan(96 * 65536 + 256); // past the static band 10.96.0.1-10.96.1.0
  });

  it('explicit IPs are honoured; a taken one is rejected with the upstream text', () => {
    const ctx = testContext();
    expect(create(ctx, svc('dns', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] })).spec.clusterIPs).toEqual(['10.96.0.10']);
    const e = errorOf(() => create(ctx, svc('x', { clusterIP: '10.96.0.10', ports: [{ port: 53 }] })));
    expect(e.message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.10"}: failed to allocate IP 10.96.0.10: provided IP is already allocated',
    );
    expect(e.status.code).toBe(422);
  });

  it('out of range', () => {
    const e = errorOf(() => create(testContext(), svc('x', { clusterIP: '10.0.0.5', ports: [{ port: 80 }] })));
    expect(e.message).toBe(
      'Service "x" is invalid: spec.clusterIPs: Invalid value: []string{"10.0.0.5"}: failed to allocate IP 10.0.0.5: the provided IP (10.0.0.5) is not in the valid range. The range of valid IPs is 10.96.0.0/12',
    );
  });

  it('a /29 holds 6 services, then the range is full', () => {
    const ctx = testContext({ serviceCIDR: '10.96.0.0/29' });
    const ips = Array.from({ length: 6 }, (_, i) => create(ctx, svc(`s${i}`, { ports: [{ port: 80 }] })).spec.clusterIP);
    expect([...ips].sort()).toEqual(['10.96.0.1', '10.96.0.2', '10.96.0.3', '10.96.0.4', '10.96.0.5', '10.96.0.6']);
    const e = errorOf(() => create(ctx, svc('full', { ports: [{ port: 80 }] })));
    expect(e.reason).toBe('InternalError');
    expect(e.message).toBe('Internal error occurred: failed to allocate a serviceIP: range is full');
  });

  it('a /27 fills the upper band before the static lower band', () => {
    const ctx = testContext({ serviceCIDR: '10.96.0.0/27' }); // 30 usable, offset 16
    const first14 = Array.from({ length: 14 }, (_, i) => create(ctx, svc(`s${i}`, { ports: [{ port: 80 }] })).spec.clusterIP!);
    expect(first14.every((ip) => Number(ip.split('.')[3]) >= 17)).toBe(true);
    const next = create(ctx, svc('low', { ports: [{ port: 80 }] })).spec.clusterIP!;
    expect(Number(next.split('.')[3])).toBeLessThanOrEqual(16);
  });

  it('deleting a service frees its IP (state is derived from the store)', () => {
    const store = new ObjectStore();
    const ctx = testContext({ serviceCIDR: '10.96.0.0/30', store }); // 2 usable
    create(ctx, svc('a', { ports: [{ port: 80 }] }));
    create(ctx, svc('b', { ports: [{ port: 80 }] }));
    expect(() => create(ctx, svc('c', { ports: [{ port: 80 }] }))).toThrow(/range is full/);
    store.remove('services', 'default', 'a');
    expect(create(ctx, svc('c', { ports: [{ port: 80 }] })).spec.clusterIP).toMatch(/^10\.96\.0\.[12]$/);
  });

  it('server dry-run fills fields with the network address and keeps nothing', () => {
    const ctx = testContext({ dryRun: true });
    const s = create(ctx, svc('d', { type: 'NodePort', ports: [{ name: 'a', port: 80 }, { name: 'b', port: 81 }] }));
    expect(s.spec.clusterIP).toBe('10.96.0.0');
    expect(s.spec.ports!.map((p) => p.nodePort)).toEqual([32769, 32770]);
    expect(ctx.store.list('services')).toEqual([]);
  });
});

describe('NodePort allocator', () => {
  it('explicit nodePort collision and out-of-range texts', () => {
    const ctx = testContext();
    create(ctx, svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }));
    expect(errorOf(() => create(ctx, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }] }))).message).toBe(
      'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30080: provided port is already allocated',
    );
    expect(errorOf(() => create(ctx, svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 40000 }] }))).message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 40000: provided port is not in the valid range. The range of valid ports is 30000-32767',
    );
  });

  it('same port number shares one nodePort (TCP and UDP 53)', () => {
    const s = create(testContext(), svc('dns', { type: 'NodePort', ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }] }));
    expect(s.spec.ports![0].nodePort).toBe(s.spec.ports![1].nodePort);
  });

  it('exhausting a tiny range', () => {
    const ctx = testContext({ nodePortRange: { base: 30000, size: 3 } });
    const got = ['a', 'b', 'c'].map((n) => create(ctx, svc(n, { type: 'NodePort', ports: [{ port: 80 }] })).spec.ports![0].nodePort);
    expect([...got].sort()).toEqual([30000, 30001, 30002]);
    expect(errorOf(() => create(ctx, svc('d', { type: 'NodePort', ports: [{ port: 80 }] }))).message).toBe(
      'Internal error occurred: failed to allocate a nodePort: range is full',
    );
  });

  it('LoadBalancer with externalTrafficPolicy Local gets a healthCheckNodePort', () => {
    const s = create(testContext(), svc('lb', { type: 'LoadBalancer', externalTrafficPolicy: 'Local', ports: [{ port: 80 }] }));
    expect(s.spec.healthCheckNodePort).toBeGreaterThanOrEqual(30000);
    expect(s.spec.healthCheckNodePort).not.toBe(s.spec.ports![0].nodePort);
  });
});

describe('Service updates', () => {
  it('an update that omits clusterIP and nodePorts keeps them (kubectl apply)', () => {
    const ctx = testContext();
    const s = create(ctx, svc('a', { type: 'NodePort', ports: [{ port: 80 }] }));
    const u = update(ctx, svc('a', { type: 'NodePort', ports: [{ port: 80 }], selector: { app: 'a' } }));
    expect(u.spec.clusterIP).toBe(s.spec.clusterIP);
    expect(u.spec.ports![0].nodePort).toBe(s.spec.ports![0].nodePort);
  });

  it('changing the clusterIP is rejected', () => {
    const ctx = testContext();
    const s = create(ctx, svc('a', { ports: [{ port: 80 }] }));
    const next = clone(s);
    next.spec.clusterIP = '10.96.0.50';
    next.spec.clusterIPs = ['10.96.0.50'];
    expect(errorOf(() => update(ctx, next)).message).toBe(
      'Service "a" is invalid: spec.clusterIPs[0]: Invalid value: []string{"10.96.0.50"}: may not change once set',
    );
  });

  it('NodePort → ClusterIP drops nodePorts and externalTrafficPolicy, freeing the port', () => {
    const ctx = testContext({ nodePortRange: { base: 30000, size: 1 } });
    const s = create(ctx, svc('a', { type: 'NodePort', ports: [{ port: 80 }] }));
    expect(s.spec.ports![0].nodePort).toBe(30000);
    const next = clone(s);
    next.spec.type = 'ClusterIP';
    const u = update(ctx, next);
    expect(u.spec.ports).toEqual([{ port: 80, protocol: 'TCP', targetPort: 80 }]);
    expect(u.spec.externalTrafficPolicy).toBeUndefined();
    expect(create(ctx, svc('b', { type: 'NodePort', ports: [{ port: 80 }] })).spec.ports![0].nodePort).toBe(30000);
  });

  it('ClusterIP → ExternalName drops the IP fields; back to ClusterIP allocates again', () => {
    const ctx = testContext({ serviceCIDR: '10.96.0.0/30' });
    const s = create(ctx, svc('a', { ports: [{ port: 80 }] }));
    const next = clone(s);
    next.spec.type = 'ExternalName';
    next.spec.externalName = 'example.com';
    const u = update(ctx, next);
    for (const k of ['clusterIP', 'clusterIPs', 'ipFamilies', 'ipFamilyPolicy']) expect(u.spec[k]).toBeUndefined();
    const back = clone(u) as KubeObject as Service;
    back.spec.type = 'ClusterIP';
    delete back.spec.externalName;
    expect(update(ctx, back).spec.clusterIP).toMatch(/^10\.96\.0\.[12]$/);
  });
});

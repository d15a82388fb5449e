import { describe, expect, it } from 'vitest';
import type { KubeObject, Pod } from '../../cluster/apiserver/types.js';
import { convertPodNamedPorts, parseAddresses, parsePorts, splitPort, translateServicePorts } from './port-forward.js';
import { testCluster } from './testkit.js';

const T = '2025-01-06T10:00:00Z';

function pod(name: string, phase = 'Running', ports: Array<Record<string, unknown>> = [{ name: 'http', containerPort: 80 }]): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'web' }, uid: `uid-${name}`, creationTimestamp: T },
    spec: { nodeName: 'kubesim-worker', containers: [{ name: 'nginx', image: 'nginx', ports: ports as never }] },
    status: { phase, podIP: '10.244.1.5', containerStatuses: [{ name: 'nginx', image: 'nginx', imageID: '', ready: true, restartCount: 0, state: phase === 'Running' ? { running: { startedAt: T } } : { waiting: { reason: 'ContainerCreating' } } }] },
  } as Pod;
}

function svc(ports: Array<Record<string, unknown>>, clusterIP = '10.96.0.10'): KubeObject {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { clusterIP, selector: { app: 'web' }, ports } } as unknown as KubeObject;
}

describe('port translation as kubectl does it', () => {
  it('splits LOCAL:REMOTE, and takes a spec with more colons as its first part', () => {
    expect(splitPort('8080:80')).toEqual(['8080', '80']);
    expect(splitPort('80')).toEqual(['80', '80']);
    expect(splitPort('1:2:3')).toEqual(['1', '1']);
  });

  it('turns a Service port (by number or name) into the targetPort, named target ports through the pod', () => {
    const s = svc([{ name: 'web', port: 8080, targetPort: 80 }, { name: 'alt', port: 9090, targetPort: 'http' }, { port: 7070 }]) as never;
    const p = pod('a');
    expect(translateServicePorts(['8080', '9000:8080', 'web', 'alt', ':7070'], s, p)).toEqual(['8080:80', '9000:80', '8080:80', '9090:80', ':7070']);
    expect(() => translateServicePorts(['9999'], s, p)).toThrow('error: Service web does not have a service port 9999');
    expect(() => translateServicePorts(['nope'], s, p)).toThrow("error: Service 'web' does not have a named port 'nope'");
    // a headless Service forwards the port as given
    expect(translateServicePorts(['9999'], svc([], 'None') as never, p)).toEqual(['9999']);
  });

  it('turns a pod named port into its number', () => {
    expect(convertPodNamedPorts(['http', '8080:http', '5000'], pod('a'))).toEqual(['80', '8080:80', '5000']);
    expect(() => convertPodNamedPorts(['metrics'], pod('a'))).toThrow("error: Pod 'a' does not have a named port 'metrics'");
    expect(() => convertPodNamedPorts(['8080:'], pod('a'))).toThrow('error: remote port cannot be empty');
  });

  it("parses ports with client-go's errors", () => {
    expect(parsePorts(['8080:80', ':80', '5000'])).toEqual([{ local: 8080, remote: 80 }, { local: 0, remote: 80 }, { local: 5000, remote: 5000 }]);
    expect(() => parsePorts(['70000'])).toThrow(`error: error parsing local port '70000': strconv.ParseUint: parsing "70000": value out of range`);
    expect(() => parsePorts(['80:x'])).toThrow(`error: error parsing remote port 'x': strconv.ParseUint: parsing "x": invalid syntax`);
    expect(() => parsePorts(['80:0'])).toThrow('error: remote port must be > 0');
  });

  it('listens on loopback addresses only, sorted as client-go sorts them', () => {
    expect(parseAddresses(['localhost']).map((a) => `${a.address}/${a.protocol}/${a.failureMode}`)).toEqual(['127.0.0.1/tcp4/all', '::1/tcp6/all']);
    expect(parseAddresses(['::1', '127.0.0.1']).map((a) => a.address)).toEqual(['127.0.0.1', '::1']);
    expect(() => parseAddresses(['foo'])).toThrow('error: foo is not a valid IP');
    expect(() => parseAddresses(['0.0.0.0'])).toThrow('kubesim does not simulate listening on 0.0.0.0');
  });
});

describe('kubectl port-forward before it listens', () => {
  it('needs TYPE/NAME and ports', async () => {
    const tc = testCluster([pod('a')]);
    const r = await tc.run(['port-forward', 'a']);
    expect(r).toEqual({ code: 1, out: '', err: "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples\n" });
    expect((await tc.run(['port-forward', '--pod-running-timeout=0s', 'a', '80'])).err).toBe("error: --pod-running-timeout must be higher than zero\nSee 'kubectl port-forward -h' for help and examples\n");
    expect((await tc.run(['port-forward', '--bogus', 'a', '80'])).err).toBe("error: unknown flag: --bogus\nSee 'kubectl port-forward --help' for usage.\n");
  });

  it('refuses a pod that is not running, with its phase', async () => {
    const tc = testCluster([pod('a', 'Pending')]);
    const r = await tc.run(['port-forward', 'pod/a', '8080:80']);
    expect(r).toEqual({ code: 1, out: '', err: 'error: unable to forward port because pod is not running. Current status=Pending\n' });
  });

  it('names a missing pod and a missing named port of a Service', async () => {
    const tc = testCluster([pod('a'), svc([{ name: 'web', port: 8080, targetPort: 'metrics' }])]);
    expect((await tc.run(['port-forward', 'pod/nope', '80'])).err).toBe('Error from server (NotFound): pods "nope" not found\n');
    expect((await tc.run(['port-forward', 'svc/web', '8080'])).err).toBe("error: Pod 'a' does not have a named port 'metrics'\n");
  });

  it('refuses UDP-only ports as kubectl does', async () => {
    const tc = testCluster([pod('a', 'Running', [{ name: 'dns', containerPort: 53, protocol: 'UDP' }])]);
    expect((await tc.run(['port-forward', 'a', '53'])).err).toBe('error: UDP protocol is not supported for 53\n');
  });

  it('says plainly when there is no command line to run the listeners from', async () => {
    const tc = testCluster([pod('a')]);
    expect((await tc.run(['port-forward', 'a', '80'])).err).toContain('kubesim does not simulate port-forward here');
  });
});

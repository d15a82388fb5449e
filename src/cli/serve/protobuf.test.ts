import { describe, expect, it } from 'vitest';
import { decodeK8sProtobuf, goDuration, ProtobufRefusal } from './protobuf.js';
import { messageOfKind } from './protobuf-schemas.js';

// the bytes kubectl.1.32 `create secret generic s1 --from-literal=a=b --type=foo` sends (its -v=9 dump)
const SECRET = Buffer.from(
  '6b3873000a0c0a0276311206536563726574122' + '10a120a02733112001a00220' + '02a00320038004200120' + '60a0161120162' + '1a03666f6f1a002200',
  'hex',
);

describe('Kubernetes protobuf request bodies', () => {
  it('decode to the JSON object the API server reads, dropping the zero values gogo writes for non-pointer fields', () => {
    expect(decodeK8sProtobuf(SECRET)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { a: 'Yg==' }, type: 'foo' });
  });

  // the bodies kubectl.1.32 sends (its -v=9 dumps) for: create deployment pbx3 --image=nginx --replicas=0; create
  // service clusterip pbs2 --tcp=80:http; create token sa1 --audience=a1 --duration=20m; create quota pbq
  // --hard=pods=10,cpu=4; create pdb pbp --selector=app=zz --max-unavailable=50%
  const hex = (h: string) => Buffer.from(h, 'hex');
  it('keep a pointer field set to its zero value (replicas: 0) and drop the empty structs gogo writes', () => {
    expect(decodeK8sProtobuf(hex('6b3873000a150a07617070732f7631120a4465706c6f796d656e7412af010a210a047062783312001a0022002a003200380042005a0b0a03617070120470627833127c0800120d0a0b0a036170701204706278331a610a1d0a0012001a0022002a003200380042005a0b0a03617070120470627833124012220a056e67696e7812056e67696e782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200'))).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'pbx3', labels: { app: 'pbx3' } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'pbx3' } }, template: { metadata: { labels: { app: 'pbx3' } }, spec: { containers: [{ name: 'nginx', image: 'nginx' }] } } },
    });
  });

  it('decode IntOrString, Quantity maps and the authentication group', () => {
    expect(decodeK8sProtobuf(hex('6b3873000a0d0a027631120753657276696365126f0a210a047062733212001a0022002a003200380042005a0b0a0361707012047062733212460a1e0a0738302d6874747012035443501850220a080110001a04687474702800120b0a036170701204706273321a002209436c757374657249503a00420052005a00600068001a020a001a002200'))).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pbs2', labels: { app: 'pbs2' } },
      spec: { ports: [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http' }], selector: { app: 'pbs2' }, type: 'ClusterIP' },
    });
    expect(decodeK8sProtobuf(hex('6b3873000a130a027631120d5265736f7572636551756f746112330a130a0370627112001a0022002a00320038004200121a0a0a0a0363707512030a01340a0c0a04706f647312040a0231301a001a002200'))).toEqual({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'pbq' }, spec: { hard: { cpu: '4', pods: '10' } } });
    expect(decodeK8sProtobuf(hex('6b3873000a200a09706f6c6963792f76311213506f6444697372757074696f6e427564676574123b0a130a0370627012001a0022002a003200380042001218120b0a090a0361707012027a7a1a09080110001a033530251a0a080018002000280030001a002200'))).toEqual({
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'pbp' },
      spec: { selector: { matchLabels: { app: 'zz' } }, maxUnavailable: '50%' },
    });
    expect(decodeK8sProtobuf(hex('6b3873000a280a1861757468656e7469636174696f6e2e6b38732e696f2f7631120c546f6b656e5265717565737412210a100a0012001a0022002a0032003800420012070a02613120b0091a040a0012001a002200'))).toEqual({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenRequest', spec: { audiences: ['a1'], expirationSeconds: 1200 } });
  });

  it("find a kind's message by its group's package, meta/v1 for the kinds every group registers", () => {
    expect(messageOfKind('rbac.authorization.k8s.io/v1', 'Role')).toBe('k8s.io.api.rbac.v1.Role');
    expect(messageOfKind('v1', 'DeleteOptions')).toBe('k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    expect(messageOfKind('apps/v1', 'Pod')).toBeUndefined();
    expect(messageOfKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition')).toBeUndefined();
  });

  it('print durations as Go does', () => {
    expect(goDuration(0)).toBe('0s');
    expect(goDuration(90e9)).toBe('1m30s');
    expect(goDuration(3.6e12 + 1.5e9)).toBe('1h0m1.5s');
    expect(goDuration(2.5e6)).toBe('2.5ms');
  });

  it('refuses a kind without a field table, and a body that is not protobuf', () => {
    const deploy = Buffer.concat([Buffer.from('6b387300', 'hex'), Buffer.from([0x0a, 0x11, 0x0a, 0x07]), Buffer.from('apps/v1'), Buffer.from([0x12, 0x06]), Buffer.from('Deploy')]);
    expect(() => decodeK8sProtobuf(deploy)).toThrow(new ProtobufRefusal('kind Deploy (apps/v1)'));
    expect(() => decodeK8sProtobuf(Buffer.from('{}'))).toThrow(ProtobufRefusal);
  });
});

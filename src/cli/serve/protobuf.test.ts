import { describe, expect, it } from 'vitest';
import { decodeK8sProtobuf, ProtobufRefusal } from './protobuf.js';

// the bytes kubectl.1.32 `create secret generic s1 --from-literal=a=b --type=foo` sends (its -v=9 dump)
const SECRET = Buffer.from(
  '6b3873000a0c0a0276311206536563726574122' + '10a120a02733112001a00220' + '02a00320038004200120' + '60a0161120162' + '1a03666f6f1a002200',
  'hex',
);

describe('Kubernetes protobuf request bodies', () => {
  it('decode to the JSON object the API server reads, dropping the zero values gogo writes for non-pointer fields', () => {
    expect(decodeK8sProtobuf(SECRET)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's1' }, data: { a: 'Yg==' }, type: 'foo' });
  });

  it('refuses a kind without a field table, and a body that is not protobuf', () => {
    const deploy = Buffer.concat([Buffer.from('6b387300', 'hex'), Buffer.from([0x0a, 0x11, 0x0a, 0x07]), Buffer.from('apps/v1'), Buffer.from([0x12, 0x06]), Buffer.from('Deploy')]);
    expect(() => decodeK8sProtobuf(deploy)).toThrow(new ProtobufRefusal('kind Deploy (apps/v1)'));
    expect(() => decodeK8sProtobuf(Buffer.from('{}'))).toThrow(ProtobufRefusal);
  });
});

// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`, what client-go's typed clients behind
// `kubectl create configmap|secret|namespace|serviceaccount|role|...` and `kubectl auth can-i|whoami` send): the
// "k8s\0" magic, a runtime.Unknown envelope, and the object's proto2 message, decoded to the JSON object the API
// server would have read, by the field table in protobuf-schemas.ts. Pure: bytes in, object (or a reason) out.

import { DECODABLE, MESSAGES, type Field } from './protobuf-schemas.js';

export class ProtobufRefusal extends Error {}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

class Reader {
  i = 0;
  constructor(readonly b: Buffer) {}
  done(): boolean {
    return this.i >= this.b.length;
  }
  varint(): bigint {
    let v = 0n;
    for (let shift = 0n; ; shift += 7n) {
      if (this.i >= this.b.length || shift > 63n) throw new ProtobufRefusal('truncated varint');
      const c = this.b[this.i++]!;
      v |= BigInt(c & 0x7f) << shift;
      if (!(c & 0x80)) return v;
    }
  }
  bytes(): Buffer {
    const n = Number(this.varint());
    if (this.i + n > this.b.length) throw new ProtobufRefusal('truncated length-delimited field');
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
  }
  skip(wire: number): void {
    if (wire === 0) this.varint();
    else if (wire === 1) this.i += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.i += 4;
    else throw new ProtobufRefusal(`unsupported wire type ${wire}`);
  }
}

function int64(v: bigint): number {
  return Number(BigInt.asIntN(64, v));
}

/** meta/v1 Time {seconds, nanos} → RFC 3339 (seconds, as Time marshals to JSON); the zero time → undefined */
function timeOf(b: Buffer): string | undefined {
  const r = new Reader(b);
  let seconds = 0;
  while (!r.done()) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 0) seconds = int64(r.varint());
    else r.skip(tag & 7);
  }
  if (seconds === 0) return undefined;
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function mapEntry(b: Buffer, bytesValue: boolean): [string, string] {
  const r = new Reader(b);
  let key = '';
  let value = '';
  while (!r.done()) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 2) key = r.bytes().toString('utf8');
    else if (tag >> 3 === 2 && (tag & 7) === 2) {
      const v = r.bytes();
      value = bytesValue ? v.toString('base64') : v.toString('utf8');
    } else r.skip(tag & 7);
  }
  return [key, value];
}

function empty(v: unknown): boolean {
  return v === undefined || v === '' || v === 0 || v === false || (typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0);
}

/** One message as JSON: zero values of non-pointer fields dropped (omitempty), repeated and map fields gathered. */
export function decodeMessage(name: string, b: Buffer): Record<string, unknown> {
  const fields = MESSAGES[name];
  if (!fields) throw new ProtobufRefusal(`no table for ${name}`);
  const out: Record<string, unknown> = {};
  const r = new Reader(b);
  while (!r.done()) {
    const tag = Number(r.varint());
    const f: Field | undefined = fields[tag >> 3];
    const wire = tag & 7;
    if (!f) {
      r.skip(wire);
      continue;
    }
    let v: unknown;
    if (f.type === 'map:string' || f.type === 'map:bytes') {
      const [k, val] = mapEntry(r.bytes(), f.type === 'map:bytes');
      ((out[f.json] ??= {}) as Record<string, string>)[k] = val;
      continue;
    }
    if (f.type === 'string') v = r.bytes().toString('utf8');
    else if (f.type === 'bytes') v = Buffer.from(r.bytes());
    else if (f.type === 'int') v = int64(r.varint());
    else if (f.type === 'bool') v = r.varint() !== 0n;
    else if (f.type === 'time') v = timeOf(r.bytes());
    else v = decodeMessage(f.type.msg, r.bytes());
    if (f.repeated) {
      ((out[f.json] ??= []) as unknown[]).push(v);
      continue;
    }
    if (v instanceof Buffer || !empty(v) || (f.ptr && v !== undefined)) out[f.json] = v;
  }
  return out;
}

/**
 * A protobuf request body → the object it encodes (with apiVersion and kind from the envelope). Throws
 * ProtobufRefusal for a body that is not one, or whose kind kubesim has no field table for.
 */
export function decodeK8sProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufRefusal('the body does not start with the protobuf magic');
  const unknown = decodeMessage('Unknown', body.subarray(4));
  const tm = (unknown.typeMeta ?? {}) as { apiVersion?: string; kind?: string };
  const name = DECODABLE[`${tm.apiVersion}/${tm.kind}`];
  if (!name) throw new ProtobufRefusal(`kind ${tm.kind ?? '""'} (${tm.apiVersion ?? ''})`);
  if (unknown.contentEncoding) throw new ProtobufRefusal(`content encoding ${String(unknown.contentEncoding)}`);
  const obj = decodeMessage(name, (unknown.raw as Buffer | undefined) ?? Buffer.alloc(0));
  return { apiVersion: tm.apiVersion, kind: tm.kind, ...obj };
}

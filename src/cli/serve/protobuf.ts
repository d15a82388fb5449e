// Kubernetes protobuf request bodies (`application/vnd.kubernetes.protobuf`, what client-go's typed clients behind
// `kubectl create deployment|job|service|token|...`, `kubectl drain` and `kubectl auth can-i` send): the "k8s\0"
// magic, a runtime.Unknown envelope, and the object's proto2 message, decoded to the JSON object the API server
// would have read, by the v1.32 field tables of protobuf-schemas.ts. Pure: bytes in, object (or a reason) out.

import { isListMessage, messageFields, messageOfKind, META, type Field } from './protobuf-schemas.js';

export class ProtobufRefusal extends Error {}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
const RUNTIME = 'k8s.io.apimachinery.pkg.runtime';

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
  fixed(n: 4 | 8): Buffer {
    if (this.i + n > this.b.length) throw new ProtobufRefusal('truncated fixed-width field');
    const out = this.b.subarray(this.i, this.i + n);
    this.i += n;
    return out;
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
    else if (wire === 1) this.fixed(8);
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.fixed(4);
    else throw new ProtobufRefusal(`unsupported wire type ${wire}`);
  }
}

const int64 = (v: bigint) => Number(BigInt.asIntN(64, v));

/** The fields of a small message as number → raw values (for the well-known types below). */
function rawFields(b: Buffer): Map<number, Array<bigint | Buffer>> {
  const out = new Map<number, Array<bigint | Buffer>>();
  const r = new Reader(b);
  while (!r.done()) {
    const tag = Number(r.varint());
    const wire = tag & 7;
    const v = wire === 0 ? r.varint() : wire === 2 ? r.bytes() : (r.skip(wire), undefined);
    if (v !== undefined) out.set(tag >> 3, [...(out.get(tag >> 3) ?? []), v]);
  }
  return out;
}

const num = (f: Map<number, Array<bigint | Buffer>>, n: number) => {
  const v = f.get(n)?.at(-1);
  return typeof v === 'bigint' ? int64(v) : 0;
};
const str = (f: Map<number, Array<bigint | Buffer>>, n: number) => {
  const v = f.get(n)?.at(-1);
  return v instanceof Buffer ? v.toString('utf8') : '';
};

/** Go's time.Duration.String() of nanoseconds. */
export function goDuration(ns: number): string {
  if (ns === 0) return '0s';
  const neg = ns < 0;
  let u = Math.abs(ns);
  let out: string;
  const frac = (v: number, unit: number, suffix: string) => {
    const whole = Math.floor(v / unit);
    const rest = v % unit;
    const digits = String(unit).length - 1;
    const f = rest ? '.' + String(rest).padStart(digits, '0').replace(/0+$/, '') : '';
    return `${whole}${f}${suffix}`;
  };
  if (u < 1e3) out = `${u}ns`;
  else if (u < 1e6) out = frac(u, 1e3, 'µs');
  else if (u < 1e9) out = frac(u, 1e6, 'ms');
  else {
    const h = Math.floor(u / 3.6e12);
    u -= h * 3.6e12;
    const m = Math.floor(u / 6e10);
    u -= m * 6e10;
    out = (h ? `${h}h${m}m` : m ? `${m}m` : '') + frac(u, 1e9, 's');
  }
  return (neg ? '-' : '') + out;
}

/** The messages whose JSON is not their fields: meta/v1 times and durations, Quantity, IntOrString, raw JSON. */
function wellKnown(type: string, b: Buffer): { v: unknown } | undefined {
  switch (type) {
    case `${META}.Time`:
    case `${META}.MicroTime`: {
      const f = rawFields(b);
      const seconds = num(f, 1);
      if (seconds === 0 && num(f, 2) === 0) return { v: undefined };
      const iso = new Date(seconds * 1000).toISOString().slice(0, 19);
      if (type.endsWith('.Time')) return { v: `${iso}Z` };
      return { v: `${iso}.${String(Math.floor(num(f, 2) / 1000)).padStart(6, '0')}Z` };
    }
    case `${META}.Duration`:
      return { v: goDuration(num(rawFields(b), 1)) };
    case 'k8s.io.apimachinery.pkg.api.resource.Quantity':
      return { v: str(rawFields(b), 1) };
    case 'k8s.io.apimachinery.pkg.util.intstr.IntOrString': {
      const f = rawFields(b);
      return { v: num(f, 1) === 1 ? str(f, 3) : num(f, 2) };
    }
    case `${RUNTIME}.RawExtension`:
    case `${META}.FieldsV1`: {
      const raw = rawFields(b).get(1)?.at(-1);
      if (!(raw instanceof Buffer) || raw.length === 0) return { v: undefined };
      try {
        return { v: JSON.parse(raw.toString('utf8')) };
      } catch {
        throw new ProtobufRefusal(`an embedded object that is not JSON in ${type.split('.').pop()}`);
      }
    }
  }
  return undefined;
}

function empty(v: unknown): boolean {
  return v === undefined || v === '' || v === 0 || v === false || (typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Buffer) && Object.keys(v).length === 0);
}

function scalar(type: string, r: Reader, wire: number): unknown {
  switch (type) {
    case 'string':
      return r.bytes().toString('utf8');
    case 'bytes':
      return r.bytes().toString('base64');
    case 'bool':
      return r.varint() !== 0n;
    case 'double':
      return wire === 1 ? r.fixed(8).readDoubleLE(0) : (r.skip(wire), undefined);
    case 'float':
      return wire === 5 ? r.fixed(4).readFloatLE(0) : (r.skip(wire), undefined);
    default:
      return int64(r.varint());
  }
}

/** One value of a field: a scalar, or a message as JSON. */
function valueOf(type: string, r: Reader, wire: number): unknown {
  if (!type.includes('.')) return scalar(type, r, wire);
  const b = r.bytes();
  const known = wellKnown(type, b);
  return known ? known.v : decodeMessage(type, b);
}

function mapEntry(valueType: string, b: Buffer): [string, unknown] {
  const r = new Reader(b);
  let key = '';
  let value: unknown = valueType.includes('.') ? wellKnown(valueType, Buffer.alloc(0))?.v ?? {} : valueType === 'string' || valueType === 'bytes' ? '' : 0;
  while (!r.done()) {
    const tag = Number(r.varint());
    if (tag >> 3 === 1 && (tag & 7) === 2) key = r.bytes().toString('utf8');
    else if (tag >> 3 === 2) value = valueOf(valueType, r, tag & 7);
    else r.skip(tag & 7);
  }
  return [key, value];
}

/** One message as JSON: zero values of non-pointer fields dropped (omitempty), repeated and map fields gathered. */
export function decodeMessage(name: string, b: Buffer): Record<string, unknown> | unknown[] {
  const fields = messageFields(name);
  if (!fields) throw new ProtobufRefusal(`no table for ${name}`);
  const out: Record<string, unknown> = {};
  const r = new Reader(b);
  while (!r.done()) {
    const tag = Number(r.varint());
    const f: Field | undefined = fields.get(tag >> 3);
    const wire = tag & 7;
    if (!f) {
      r.skip(wire);
      continue;
    }
    if (f.type.startsWith('map:')) {
      const [k, v] = mapEntry(f.type.slice(4), r.bytes());
      ((out[f.json] ??= {}) as Record<string, unknown>)[k] = v;
      continue;
    }
    if (f.repeated) {
      const list = (out[f.json] ??= []) as unknown[];
      if (wire === 2 && !f.type.includes('.') && f.type !== 'string' && f.type !== 'bytes') {
        // a packed repeated scalar
        const packed = new Reader(r.bytes());
        while (!packed.done()) list.push(scalar(f.type, packed, f.type === 'double' ? 1 : f.type === 'float' ? 5 : 0));
      } else list.push(valueOf(f.type, r, wire));
      continue;
    }
    const v = valueOf(f.type, r, wire);
    if (f.inline && v && typeof v === 'object' && !Array.isArray(v)) Object.assign(out, v);
    else if (!empty(v) || (f.ptr && v !== undefined)) out[f.json] = v;
  }
  if (isListMessage(name)) return (out.items as unknown[] | undefined) ?? [];
  return out;
}

/**
 * A protobuf request body → the object it encodes (with apiVersion and kind from the envelope). Throws
 * ProtobufRefusal for a body that is not one, or whose kind has no v1.32 message.
 */
export function decodeK8sProtobuf(body: Buffer): Record<string, unknown> {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw new ProtobufRefusal('the body does not start with the protobuf magic');
  const unknown = rawFields(body.subarray(4));
  const typeMeta = unknown.get(1)?.at(-1);
  const tm = typeMeta instanceof Buffer ? rawFields(typeMeta) : new Map<number, Array<bigint | Buffer>>();
  const apiVersion = str(tm, 1);
  const kind = str(tm, 2);
  const name = messageOfKind(apiVersion, kind);
  if (!name) throw new ProtobufRefusal(`kind ${kind || '""'} (${apiVersion})`);
  if (str(unknown, 3)) throw new ProtobufRefusal(`content encoding ${str(unknown, 3)}`);
  const raw = unknown.get(2)?.at(-1);
  const obj = decodeMessage(name, raw instanceof Buffer ? raw : Buffer.alloc(0));
  return { apiVersion, kind, ...(obj as Record<string, unknown>) };
}

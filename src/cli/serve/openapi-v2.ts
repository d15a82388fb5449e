// /openapi/v2 of `kubesim serve`: the Swagger 2.0 document of the same v1.32 component schemas /openapi/v3 serves
// (definitions only, refs as `#/definitions/NAME`), as JSON, or as the gnostic openapi_v2.Document protobuf that
// kubectl asks for (`application/com.github.proto-openapi.spec.v2@v1.0+protobuf`). kubectl 1.27 and 1.28 read it
// for `apply` (patch metadata, validation) and `explain`.

import * as yaml from 'js-yaml';
import { openApi, type Schema } from '../../cluster/apiserver/schema/openapi.js';

/** what kubectl asks for, and the form kube-openapi answers with ('@' is not a valid media type character) */
export const OPENAPI_V2_PROTOBUF_ACCEPT = ['application/com.github.proto-openapi.spec.v2@v1.0+protobuf', 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf'];
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

type Json = Record<string, unknown>;

/** A v3 component schema as a v2 definition: `$ref`s under #/definitions, a lone allOf ref as the ref itself. */
export function v2Schema(s: Schema): Json {
  const out: Json = {};
  const only = s.allOf?.length === 1 && s.allOf[0]!.$ref && Object.keys(s.allOf[0]!).length === 1 ? s.allOf[0]!.$ref : undefined;
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.$ref = `#/definitions/${String(v)}`;
    else if (k === 'allOf') {
      if (only) out.$ref = `#/definitions/${only}`;
      else out.allOf = (v as Schema[]).map(v2Schema);
    } else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, Schema>).map(([n, p]) => [n, v2Schema(p)]));
    else if (k === 'items') out.items = v2Schema(v as Schema);
    else if (k === 'additionalProperties') out.additionalProperties = typeof v === 'boolean' ? v : v2Schema(v as Schema);
    else out[k] = v;
  }
  return out;
}

let json: Json | undefined;
let proto: Buffer | undefined;

export function openApiV2Json(): Json {
  if (!json) {
    const definitions: Json = {};
    for (const [name, s] of Object.entries(openApi().schemas)) definitions[name] = v2Schema(s);
    json = { swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.2' }, paths: {}, definitions };
  }
  return json;
}

// ---- protobuf writer (proto3 wire format: varint tags, length-delimited strings and messages)

class Writer {
  private parts: Buffer[] = [];
  private varint(n: number): void {
    const bytes: number[] = [];
    let v = n;
    while (v > 0x7f) {
      bytes.push((v & 0x7f) | 0x80);
      v = Math.floor(v / 128);
    }
    bytes.push(v);
    this.parts.push(Buffer.from(bytes));
  }
  bytes(field: number, b: Buffer): this {
    this.varint((field << 3) | 2);
    this.varint(b.length);
    this.parts.push(b);
    return this;
  }
  string(field: number, s: string | undefined): this {
    return s ? this.bytes(field, Buffer.from(s, 'utf8')) : this;
  }
  bool(field: number, b: boolean): this {
    if (b) {
      this.varint(field << 3);
      this.varint(1);
    }
    return this;
  }
  done(): Buffer {
    return Buffer.concat(this.parts);
  }
}

/** gnostic Any: the value as YAML text (field 2), as gnostic keeps values it does not type */
function anyOf(v: unknown): Buffer {
  return new Writer().string(2, yaml.dump(v, { lineWidth: -1 })).done();
}

/** gnostic openapi_v2.Schema (fields: _ref 1, format 2, description 4, required 19, enum 20, additionalProperties 21,
 * type 22, items 23, allOf 24, properties 25, vendor_extension 31) */
export function encodeSchema(s: Json): Buffer {
  const w = new Writer();
  w.string(1, s.$ref as string | undefined).string(2, s.format as string | undefined).string(4, s.description as string | undefined);
  for (const r of (s.required as string[] | undefined) ?? []) w.string(19, r);
  for (const e of (s.enum as unknown[] | undefined) ?? []) w.bytes(20, anyOf(e));
  if (typeof s.additionalProperties === 'boolean') w.bytes(21, new Writer().bool(2, s.additionalProperties).done());
  else if (s.additionalProperties) w.bytes(21, new Writer().bytes(1, encodeSchema(s.additionalProperties as Json)).done());
  if (typeof s.type === 'string') w.bytes(22, new Writer().string(1, s.type).done());
  if (s.items) w.bytes(23, new Writer().bytes(1, encodeSchema(s.items as Json)).done());
  for (const a of (s.allOf as Json[] | undefined) ?? []) w.bytes(24, encodeSchema(a));
  if (s.properties) {
    const props = new Writer();
    for (const [n, p] of Object.entries(s.properties as Record<string, Json>)) props.bytes(1, new Writer().string(1, n).bytes(2, encodeSchema(p)).done());
    w.bytes(25, props.done());
  }
  for (const [k, v] of Object.entries(s)) if (k.startsWith('x-')) w.bytes(31, new Writer().string(1, k).bytes(2, anyOf(v)).done());
  return w.done();
}

/** gnostic openapi_v2.Document: swagger 1, info 2 (title 1, version 2), paths 8, definitions 9 (NamedSchema list). */
export function openApiV2Protobuf(): Buffer {
  if (!proto) {
    const doc = openApiV2Json();
    const defs = new Writer();
    for (const [name, s] of Object.entries(doc.definitions as Record<string, Json>)) defs.bytes(1, new Writer().string(1, name).bytes(2, encodeSchema(s)).done());
    const info = doc.info as { title: string; version: string };
    proto = new Writer().string(1, '2.0').bytes(2, new Writer().string(1, info.title).string(2, info.version).done()).bytes(8, Buffer.alloc(0)).bytes(9, defs.done()).done();
  }
  return proto;
}

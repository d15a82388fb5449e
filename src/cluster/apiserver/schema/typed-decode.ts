// What kube-apiserver's JSON serializer does to a request body before any registry code runs: it decodes the
// object into the kind's Go struct (sigs.k8s.io/json, case-sensitive), which fails on the first value of the wrong
// type (`json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`, numbers
// out of the Go type's range included), and, under strict field validation, collects every unknown field with its
// full path (`unknown field "spec.template.spec.containers[0].imagePullPolic"`). Walked over the v1.32 OpenAPI
// schema with keys in sorted order, the order of the JSON kubectl sends (it marshals a map).

import { openApi, resolve, type Schema } from './openapi.js';

export interface DecodeResult {
  /** the decoding error (fatal whatever the field validation) */
  error?: string;
  /** strict decoding errors (`unknown field "x"`), in document order */
  strict: string[];
}

interface Ctx {
  /** innermost Go struct name (encoding/json errorContext.Struct) */
  struct: string;
  /** JSON names of the struct fields from the root (errorContext.FieldStack; no indices, no map keys) */
  fields: string[];
  /** the strict-error path: fields, `[i]` for list items, map keys */
  path: string;
}

const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';
const TIMES = new Set(['io.k8s.apimachinery.pkg.apis.meta.v1.Time', 'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime']);
/** types with their own UnmarshalJSON that take any JSON value */
const ANY = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);
const QUANTITY_RE = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const QUANTITY_ERR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const INT32: [number, number] = [-2147483648, 2147483647];
const INT64: [number, number] = [-9223372036854775808, 9223372036854775807];

/** The JSON kind of a value as encoding/json names it in UnmarshalTypeError. */
function jsonKind(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return 'number';
  return 'string';
}

/** A float64 as json.Marshal writes it (what kubectl sends for a YAML number). */
function jsonNumber(n: number): string {
  return String(n);
}

/** Go's reflect type name of a Go struct component: `v1.DeploymentSpec`, `resource.Quantity`. */
function goNamed(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The Go type a schema decodes into, as reflect.Type.String() prints it (pointers are dereferenced). */
export function goTypeOf(s: Schema): string {
  const { schema, name } = resolve(s);
  if (name) {
    if (schema.type && schema.type !== 'object' && !schema.properties) return goTypeOf(schema);
    return goNamed(name);
  }
  if (schema.items) return `[]${goTypeOf(schema.items)}`;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return `map[string]${goTypeOf(schema.additionalProperties)}`;
  switch (schema.type) {
    case 'integer':
      return schema.format === 'int32' ? 'int32' : 'int64';
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'string':
      return schema.format === 'byte' ? '[]uint8' : 'string';
    default:
      return schema.format === 'int-or-string' ? 'intstr.IntOrString' : 'map[string]interface {}';
  }
}

class Decoder {
  error?: string;
  strict: string[] = [];
  /** unknown fields, dropped from the object as decoding into a Go struct drops them */
  unknown: [Record<string, unknown>, string][] = [];

  constructor(
    private strictFields: boolean,
    private mode: DecodeMode,
  ) {}

  private typeError(value: unknown, s: Schema, ctx: Ctx, literal?: string): void {
    if (this.error) return;
    if (this.mode === 'unstructured') {
      this.error = converterError(value, s);
      return;
    }
    const v = literal ?? jsonKind(value);
    const into = ctx.fields.length ? `Go struct field ${ctx.struct}.${ctx.fields.join('.')}` : 'Go value';
    this.error = `json: cannot unmarshal ${v} into ${into} of type ${goTypeOf(s)}`;
  }

  private fail(msg: string): void {
    if (!this.error) this.error = msg;
  }

  visit(value: unknown, s: Schema, ctx: Ctx, parent?: [Record<string, unknown> | unknown[], string | number]): void {
    if (value === null || value === undefined || this.error) return;
    const { schema, name } = resolve(s);
    if (name) {
      if (ANY.has(name)) return;
      if (name === QUANTITY) return this.quantity(value);
      if (name === INT_OR_STRING) return this.intOrString(value);
      if (TIMES.has(name)) return this.time(value);
    }
    if (schema['x-kubernetes-int-or-string'] || schema.format === 'int-or-string') return this.intOrString(value);
    if (schema.items) return this.list(value, s, schema.items, ctx);
    if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return this.map(value, s, schema.additionalProperties, ctx);
    if (schema.properties || (name && (schema.type === 'object' || !schema.type))) return this.struct(value, s, schema, name, ctx);
    switch (schema.type) {
      case 'integer':
        return this.integer(value, s, schema.format === 'int32' ? INT32 : INT64, ctx, parent);
      case 'number':
        if (typeof value !== 'number') this.typeError(value, s, ctx);
        return;
      case 'boolean':
        if (typeof value !== 'boolean') this.typeError(value, s, ctx);
        return;
      case 'string':
        if (typeof value !== 'string') return this.typeError(value, s, ctx);
        if (schema.format === 'byte') this.base64(value);
        return;
      default:
        // a free-form object (map[string]interface{} or preserve-unknown-fields): any value decodes
        return;
    }
  }

  private struct(value: unknown, s: Schema, schema: Schema, name: string | undefined, ctx: Ctx): void {
    if (jsonKind(value) !== 'object') return this.typeError(value, s, ctx);
    const props = schema.properties ?? {};
    const preserve = !!schema['x-kubernetes-preserve-unknown-fields'];
    const obj = value as Record<string, unknown>;
    const struct = name ? lastSegment(name) : ctx.struct;
    for (const key of Object.keys(obj).sort()) {
      const path = ctx.path ? `${ctx.path}.${key}` : key;
      const prop = Object.prototype.hasOwnProperty.call(props, key) ? props[key] : undefined;
      if (!prop) {
        if (preserve) continue;
        if (this.strictFields) this.strict.push(`unknown field ${JSON.stringify(path)}`);
        this.unknown.push([obj, key]);
        continue;
      }
      this.visit(obj[key], prop, { struct, fields: [...ctx.fields, key], path }, [obj, key]);
      if (this.error) return;
    }
  }

  private list(value: unknown, s: Schema, items: Schema, ctx: Ctx): void {
    if (!Array.isArray(value)) return this.typeError(value, s, ctx);
    value.forEach((v, i) => this.visit(v, items, { ...ctx, path: `${ctx.path}[${i}]` }, [value, i]));
  }

  private map(value: unknown, s: Schema, elem: Schema, ctx: Ctx): void {
    if (jsonKind(value) !== 'object') return this.typeError(value, s, ctx);
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj).sort()) this.visit(obj[key], elem, { ...ctx, path: `${ctx.path}.${key}` }, [obj, key]);
  }

  private integer(value: unknown, s: Schema, [min, max]: [number, number], ctx: Ctx, parent?: [Record<string, unknown> | unknown[], string | number]): void {
    if (typeof value !== 'number') return this.typeError(value, s, ctx);
    if (!Number.isInteger(value)) return this.typeError(value, s, ctx, `number ${jsonNumber(value)}`);
    if (value >= min && value <= max) return;
    // reflect.Value.Convert(int64 -> int32) wraps where json.Unmarshal refuses
    if (this.mode === 'unstructured' && max === INT32[1] && parent) (parent[0] as Record<string, unknown>)[parent[1]] = value | 0;
    else this.typeError(value, s, ctx, `number ${jsonNumber(value)}`);
  }

  /** resource.Quantity.UnmarshalJSON: a string or a number that ParseQuantity accepts */
  private quantity(value: unknown): void {
    const text = typeof value === 'string' ? value.trim() : typeof value === 'number' ? jsonNumber(value) : JSON.stringify(value);
    if (!QUANTITY_RE.test(text) || !/[0-9]/.test(text)) this.fail(QUANTITY_ERR);
  }

  /** intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into an int32 */
  private intOrString(value: unknown): void {
    if (typeof value === 'string') return;
    if (typeof value === 'number') {
      if (!Number.isInteger(value) || value < INT32[0] || value > INT32[1]) this.fail(`json: cannot unmarshal number ${jsonNumber(value)} into Go value of type int32`);
      return;
    }
    this.fail(`json: cannot unmarshal ${jsonKind(value)} into Go value of type int32`);
  }

  /** metav1.Time.UnmarshalJSON: null or an RFC 3339 string */
  private time(value: unknown): void {
    if (typeof value !== 'string') return this.fail(`json: cannot unmarshal ${jsonKind(value)} into Go value of type string`);
    const err = parseRfc3339Error(value);
    if (err) this.fail(err);
  }

  /** []byte fields: standard base64 (encoding/json's error is base64.CorruptInputError) */
  private base64(value: string): void {
    const s = value.replace(/[\r\n]/g, '');
    const bad = s.search(/[^A-Za-z0-9+/=]/);
    if (bad >= 0) return this.fail(`illegal base64 data at input byte ${bad}`);
    const pad = s.indexOf('=');
    if (pad >= 0 && !/^={1,2}$/.test(s.slice(pad))) return this.fail(`illegal base64 data at input byte ${pad}`);
    if (s.length % 4 !== 0) this.fail(`illegal base64 data at input byte ${s.length - (s.length % 4)}`);
  }
}

/**
 * How a body is decoded: `json` is json.Unmarshal of a create/update request; `unstructured` is
 * runtime.DefaultUnstructuredConverter.FromUnstructured of a patched object (patch requests), whose errors read
 * differently and whose int64 -> int32 conversion wraps instead of failing.
 */
export type DecodeMode = 'json' | 'unstructured';

/** The Go kind of an unstructured (JSON-decoded) value: what the unstructured converter names. */
function unstructuredKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (Array.isArray(v)) return 'slice';
  return 'map';
}

/** runtime.DefaultUnstructuredConverter's error for a value that does not fit the field's Go type. */
function converterError(value: unknown, s: Schema): string {
  const { schema, name } = resolve(s);
  const kind = unstructuredKind(value);
  if (schema.items) return `cannot restore slice from ${kind}`;
  if (schema.additionalProperties && typeof schema.additionalProperties === 'object') return `cannot restore map from ${kind}`;
  if (schema.properties || (name && (schema.type === 'object' || !schema.type))) return `cannot restore struct from: ${kind}`;
  const src = kind === 'slice' ? '[]interface {}' : kind === 'map' ? 'map[string]interface {}' : kind;
  return `cannot convert ${src} to ${goTypeOf(s)}`;
}

const RFC3339 = '2006-01-02T15:04:05Z07:00';

/** time.Parse(time.RFC3339, s)'s error text, or undefined when s parses. */
export function parseRfc3339Error(s: string): string | undefined {
  const steps: [RegExp, string][] = [
    [/^\d{4}/, '2006'],
    [/^-/, '-'],
    [/^\d{2}/, '01'],
    [/^-/, '-'],
    [/^\d{2}/, '02'],
    [/^T/, 'T'],
    [/^\d{2}/, '15'],
    [/^:/, ':'],
    [/^\d{2}/, '04'],
    [/^:/, ':'],
    [/^\d{2}(\.\d+)?/, '05'],
    [/^(Z|[+-]\d{2}:\d{2})/, 'Z07:00'],
  ];
  let rest = s;
  for (const [re, elem] of steps) {
    const m = re.exec(rest);
    if (!m) return `parsing time ${JSON.stringify(s)} as ${JSON.stringify(RFC3339)}: cannot parse ${JSON.stringify(rest)} as ${JSON.stringify(elem)}`;
    rest = rest.slice(m[0].length);
  }
  if (rest) return `parsing time ${JSON.stringify(s)}: extra text: ${JSON.stringify(rest)}`;
  const [month, day, hour, min, sec] = [s.slice(5, 7), s.slice(8, 10), s.slice(11, 13), s.slice(14, 16), s.slice(17, 19)].map(Number);
  if (month < 1 || month > 12) return `parsing time ${JSON.stringify(s)}: month out of range`;
  if (day < 1 || day > 31) return `parsing time ${JSON.stringify(s)}: day out of range`;
  if (hour > 23) return `parsing time ${JSON.stringify(s)}: hour out of range`;
  if (min > 59) return `parsing time ${JSON.stringify(s)}: minute out of range`;
  if (sec > 59) return `parsing time ${JSON.stringify(s)}: second out of range`;
  return undefined;
}

/**
 * Decodes an object into the component schema `rootName` as the API server's serializer does. With strictFields,
 * unknown fields are reported. Unless the decoding fails, unknown fields are removed from `value` (a Go struct has
 * nowhere to keep them).
 */
export function decodeTyped(value: unknown, rootName: string, strictFields: boolean, mode: DecodeMode = 'json'): DecodeResult {
  const root = openApi().schemas[rootName];
  const d = new Decoder(strictFields, mode);
  if (!root) return { strict: [] };
  d.visit(value, { $ref: rootName }, { struct: lastSegment(rootName), fields: [], path: '' });
  if (d.error) return { error: d.error, strict: [] };
  for (const [obj, key] of d.unknown) delete obj[key];
  return { strict: d.strict };
}

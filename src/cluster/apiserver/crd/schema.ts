// A custom resource against its CRD's structural openAPIV3Schema, in the order the apiextensions-apiserver applies
// it: defaulting (structural/defaulting), pruning of unknown fields (structural/pruning, honouring
// x-kubernetes-preserve-unknown-fields and x-kubernetes-embedded-resource) and validation (go-openapi/validate
// through kube-openapi, with its messages: `in body must be of type`, `should be less than or equal to`, ...).

import { field, type FieldCause } from '../errors.js';

type Any = Record<string, any>;
export type Schema = Any;

const META = new Set(['apiVersion', 'kind', 'metadata']);

function isObject(v: unknown): v is Any {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/** structural/defaulting.Default: fills `default` of absent properties, depth first. */
export function applyDefaults(value: unknown, s: Schema | undefined): void {
  if (!s) return;
  if (isObject(value)) {
    for (const [k, ps] of Object.entries((s.properties ?? {}) as Record<string, Schema>)) {
      if (value[k] === undefined && ps.default !== undefined) value[k] = clone(ps.default);
      applyDefaults(value[k], ps);
    }
    if (isObject(s.additionalProperties)) for (const k of Object.keys(value)) applyDefaults(value[k], s.additionalProperties);
  } else if (Array.isArray(value) && s.items) {
    for (const it of value) applyDefaults(it, s.items);
  }
}

/** structural/pruning.Prune: drops fields the schema does not name. Returns the dropped paths (`spec.foo`). */
export function prune(value: unknown, s: Schema | undefined, path = '', root = true): string[] {
  const dropped: string[] = [];
  if (!s || s['x-kubernetes-preserve-unknown-fields'] === true && !s.properties) return dropped;
  if (isObject(value)) {
    const props = (s.properties ?? {}) as Record<string, Schema>;
    const additional = s.additionalProperties;
    for (const k of Object.keys(value)) {
      const p = path ? `${path}.${k}` : k;
      if (root && META.has(k)) continue;
      if (props[k]) dropped.push(...prune(value[k], props[k], p, false));
      else if (isObject(additional)) dropped.push(...prune(value[k], additional, p, false));
      else if (additional === true || s['x-kubernetes-preserve-unknown-fields'] === true) continue;
      else {
        delete value[k];
        dropped.push(p);
      }
    }
  } else if (Array.isArray(value) && s.items) {
    value.forEach((it, i) => dropped.push(...prune(it, s.items, `${path}[${i}]`, false)));
  }
  return dropped;
}

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'boolean') return 'boolean';
  return typeof v === 'object' ? 'object' : 'string';
}

function typeOk(type: string, v: unknown): boolean {
  const t = jsonType(v);
  if (type === 'number') return t === 'number' || t === 'integer';
  return t === type;
}

/** Field errors of a value against its schema (metadata is validated by the API machinery, not here). */
export function validateValue(value: unknown, s: Schema | undefined, path: string, out: FieldCause[] = []): FieldCause[] {
  if (!s) return out;
  if (value === null && s.nullable) return out;
  if (s.type && !(s['x-kubernetes-int-or-string'] && (typeof value === 'string' || Number.isInteger(value)))) {
    if (!typeOk(s.type, value)) {
      const actual = jsonType(value);
      out.push(field.invalid(path, actual, `${path} in body must be of type ${s.type}: "${actual}"`));
      return out;
    }
  }
  if (Array.isArray(s.enum) && s.enum.length && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value))) {
    out.push(field.notSupported(path, value, s.enum.map((e: unknown) => (typeof e === 'string' ? e : JSON.stringify(e)))));
  }
  if (typeof value === 'number') {
    if (typeof s.maximum === 'number' && (s.exclusiveMaximum ? value >= s.maximum : value > s.maximum)) {
      out.push(field.invalid(path, value, `${path} in body should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${s.maximum}`));
    }
    if (typeof s.minimum === 'number' && (s.exclusiveMinimum ? value <= s.minimum : value < s.minimum)) {
      out.push(field.invalid(path, value, `${path} in body should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${s.minimum}`));
    }
    if (typeof s.multipleOf === 'number' && s.multipleOf > 0 && Math.abs(value / s.multipleOf - Math.round(value / s.multipleOf)) > 1e-9) {
      out.push(field.invalid(path, value, `${path} in body should be a multiple of ${s.multipleOf}`));
    }
  }
  if (typeof value === 'string') {
    const len = [...value].length;
    if (typeof s.maxLength === 'number' && len > s.maxLength) out.push({ reason: 'FieldValueTooLong', field: path, message: `${path}: Too long: may not be more than ${s.maxLength} bytes` });
    if (typeof s.minLength === 'number' && len < s.minLength) out.push(field.invalid(path, value, `${path} in body should be at least ${s.minLength} chars long`));
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) out.push(field.invalid(path, value, `${path} in body should match '${s.pattern}'`));
  }
  if (Array.isArray(value)) {
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) out.push({ reason: 'FieldValueTooMany', field: path, message: `${path}: Too many: ${value.length}: must have at most ${s.maxItems} items` });
    if (typeof s.minItems === 'number' && value.length < s.minItems) out.push(field.invalid(path, value.length, `${path} in body should have at least ${s.minItems} items`));
    value.forEach((it, i) => validateValue(it, s.items, `${path}[${i}]`, out));
  }
  if (isObject(value)) {
    for (const req of (s.required ?? []) as string[]) if (value[req] === undefined) out.push(field.required(path ? `${path}.${req}` : req));
    for (const [k, v] of Object.entries(value)) {
      if (!path && META.has(k)) continue;
      const p = path ? `${path}.${k}` : k;
      const ps = (s.properties as Record<string, Schema> | undefined)?.[k] ?? (isObject(s.additionalProperties) ? s.additionalProperties : undefined);
      validateValue(v, ps, p, out);
    }
  }
  return out;
}

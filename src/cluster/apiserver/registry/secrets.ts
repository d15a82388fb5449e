// Secret strategy: the v1 decoding of `data` (base64, with Go's error texts), `stringData` folded into `data`
// (conversion to the internal type), type defaulting to Opaque, ValidateSecret's per-type rules, the 1 MiB limit,
// and ValidateSecretUpdate (type and, for an immutable Secret, data are frozen).

import { StatusError, field, type FieldCause } from '../errors.js';
import type { KubeObject } from '../types.js';
import type { Strategy } from './strategy.js';
import { dedupe, eachInvalid, isConfigMapKey, nameIsDNSSubdomain, validateObjectMeta, validateObjectMetaUpdate } from './validation.js';

export const MAX_SECRET_SIZE = 1024 * 1024;

type SecretObj = KubeObject & { type?: string; data?: Record<string, string>; stringData?: Record<string, string>; immutable?: boolean };

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Map([...B64].map((ch, i) => [ch, i]));

/**
 * Go's base64.StdEncoding.DecodeString: the decoded bytes, or the offset its CorruptInputError names
 * (`illegal base64 data at input byte N`). Newlines are skipped; padding must be complete.
 */
export function goBase64Decode(src: string): Buffer | number {
  let si = 0;
  for (;;) {
    let j = 0;
    let ended = false;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Buffer.from(src.replace(/[\r\n]/g, ''), 'base64');
        return si - j;
      }
      const ch = src[si++];
      if (DECODE.has(ch)) continue;
      if (ch === '\n' || ch === '\r') {
        j--;
        continue;
      }
      if (ch !== '=') return si - 1;
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && (src[si] === '\n' || src[si] === '\r')) si++;
        if (si === src.length) return src.length;
        if (src[si] !== '=') return si - 1;
        si++;
      }
      while (si < src.length && (src[si] === '\n' || src[si] === '\r')) si++;
      if (si < src.length) return si;
      ended = true;
      break;
    }
    if (ended) return Buffer.from(src.replace(/[\r\n]/g, ''), 'base64');
  }
}

/** Decoding the request body: a bad value in `data` is a BadRequest before anything else runs. */
function decode(obj: SecretObj): void {
  for (const [k, v] of Object.entries(obj.data ?? {})) {
    if (typeof v !== 'string') {
      throw new StatusError('BadRequest', `Secret in version "v1" cannot be handled as a Secret: json: cannot unmarshal ${typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'object'} into Go struct field Secret.data of type []uint8`);
    }
    const r = goBase64Decode(v);
    if (typeof r === 'number') throw new StatusError('BadRequest', `Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte ${r}`);
    // stored canonically, as the server re-encodes the bytes it decoded
    obj.data![k] = r.toString('base64');
  }
  if (obj.stringData) {
    const data = (obj.data ??= {});
    for (const [k, v] of Object.entries(obj.stringData)) data[k] = Buffer.from(String(v), 'utf8').toString('base64');
    delete obj.stringData;
  }
  if (obj.data) {
    // the API server answers with Go's map order (sorted keys)
    const keys = Object.keys(obj.data).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    if (keys.length === 0) delete obj.data;
    else obj.data = Object.fromEntries(keys.map((k) => [k, obj.data![k]]));
  }
}

function bytesOf(obj: SecretObj, key: string): Buffer | undefined {
  const v = obj.data?.[key];
  return v === undefined ? undefined : Buffer.from(v, 'base64');
}

/** encoding/json's Unmarshal error text for a docker config that is not a JSON object. */
function jsonProblem(b: Buffer): string | undefined {
  const text = b.toString('utf8');
  try {
    const v = JSON.parse(text);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) {
      const t = Array.isArray(v) ? 'array' : v === null ? undefined : typeof v === 'number' ? 'number' : typeof v === 'boolean' ? 'bool' : 'string';
      return t ? `json: cannot unmarshal ${t} into Go value of type map[string]interface {}` : undefined;
    }
    return undefined;
  } catch {
    const first = text.trimStart()[0];
    if (first === undefined) return 'unexpected end of JSON input';
    if (!'{["tfn-0123456789'.includes(first)) return `invalid character '${first}' looking for beginning of value`;
    return 'unexpected end of JSON input';
  }
}

export function validateSecret(obj: SecretObj): FieldCause[] {
  const out = validateObjectMeta(obj.metadata, true, nameIsDNSSubdomain);
  let total = 0;
  for (const key of Object.keys(obj.data ?? {}).sort()) {
    out.push(...eachInvalid(`data[${key}]`, key, isConfigMapKey(key)));
    total += bytesOf(obj, key)!.length;
  }
  if (total > MAX_SECRET_SIZE) out.push({ reason: 'FieldValueTooLong', field: 'data', message: `data: Too long: must have at most ${MAX_SECRET_SIZE} bytes` });
  const has = (k: string) => obj.data !== undefined && k in obj.data;
  switch (obj.type) {
    case 'kubernetes.io/service-account-token':
      if (!obj.metadata.annotations?.['kubernetes.io/service-account.name']) out.push(field.required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    case 'kubernetes.io/dockercfg':
    case 'kubernetes.io/dockerconfigjson': {
      const key = obj.type === 'kubernetes.io/dockercfg' ? '.dockercfg' : '.dockerconfigjson';
      if (!has(key)) {
        out.push(field.required(`data[${key}]`));
        break;
      }
      const problem = jsonProblem(bytesOf(obj, key)!);
      if (problem) out.push(field.invalid(`data[${key}]`, '<secret contents redacted>', problem));
      break;
    }
    case 'kubernetes.io/basic-auth':
      if (!has('username') && !has('password')) out.push(field.required('data[username]'), field.required('data[password]'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!bytesOf(obj, 'ssh-privatekey')?.length) out.push(field.required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!has('tls.crt')) out.push(field.required('data[tls.crt]'));
      if (!has('tls.key')) out.push(field.required('data[tls.key]'));
      break;
  }
  return out;
}

export const secretStrategy: Strategy = {
  defaults(obj) {
    const s = obj as SecretObj;
    decode(s);
    if (!s.type) s.type = 'Opaque';
  },
  validate: (obj) => dedupe(validateSecret(obj as SecretObj)),
  defaultsUpdate(obj) {
    const s = obj as SecretObj;
    decode(s);
    if (!s.type) s.type = 'Opaque';
  },
  validateUpdate(obj, old) {
    const n = obj as SecretObj;
    const o = old as SecretObj;
    const out = validateObjectMetaUpdate(n.metadata, o.metadata);
    if (n.type !== o.type) out.push(field.invalid('type', n.type ?? '', 'field is immutable'));
    if (o.immutable === true) {
      if (n.immutable !== true) out.push(field.forbidden('immutable', 'field is immutable when `immutable` is set'));
      if (JSON.stringify(sorted(n.data)) !== JSON.stringify(sorted(o.data))) out.push(field.forbidden('data', 'field is immutable when `immutable` is set'));
    }
    out.push(...validateSecret(n));
    return dedupe(out);
  },
};

function sorted(m: Record<string, string> | undefined): Array<[string, string]> {
  return Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

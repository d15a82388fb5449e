// The request-body decoding step of kube-apiserver's create, update and patch handlers (handlers/create.go,
// update.go, patch.go): the typed decode against the kind's schema, then the fieldValidation directive (Strict:
// unknown fields are an error; Warn: one warning each; Ignore: dropped silently). Decoding errors fail the request
// whatever the directive. A create or update is a BadRequest worded by transformDecodeError; a patch is an Invalid
// error on the field `patch` quoting the patch (applyPatchToObject).

import type { ResourceInfo } from '../discovery.js';
import { StatusError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { schemaNameFor } from './openapi.js';
import { decodeTyped } from './typed-decode.js';

const MAX_REQUEST_BYTES = 3 * 1024 * 1024;

/** The `fieldValidation` query parameter kubectl sends (`--validate=strict|warn|ignore`). */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Go's `%v` of an unstructured value: `map[spec:map[replicas:2]]`, `[a b]`, `<nil>`. */
export function goSprintValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprintValue).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o)
      .sort()
      .map((k) => `${k}:${goSprintValue(o[k])}`)
      .join(' ')}]`;
  }
  return String(v);
}

/** Go's %q of a string (the common escapes). */
function goQuoted(s: string): string {
  return JSON.stringify(s).replace(/\\u007f/g, '\\x7f');
}

/**
 * Decodes `obj` in place (unknown fields removed) or throws the API server's error. Warnings (Warn) are appended
 * to `warnings`. `patch`, for a patch request, is the patch as sent; `obj` is then the patched object.
 */
export function decodeRequestBody(obj: KubeObject, info: ResourceInfo, validation: FieldValidation, warnings?: string[], patch?: unknown): void {
  // kube-apiserver reads at most 3 MiB of a request body (--max-request-bytes default)
  if (Buffer.byteLength(JSON.stringify(patch ?? obj)) > MAX_REQUEST_BYTES) {
    throw new StatusError('RequestEntityTooLarge', `Request entity too large: limit is ${MAX_REQUEST_BYTES}`);
  }
  const name = schemaNameFor(info.group, info.version, info.kind);
  if (!name) return;
  const res = decodeTyped(obj, name, validation !== 'Ignore', patch === undefined ? 'json' : 'unstructured');
  const fail = (why: string): StatusError => {
    if (patch === undefined) {
      return new StatusError('BadRequest', `${info.kind} in version ${JSON.stringify(info.version)} cannot be handled as a ${info.kind}: ${why}`);
    }
    const message = `Invalid value: ${goQuoted(goSprintValue(patch))}: ${why}`;
    return new StatusError('Invalid', ` "" is invalid: patch: ${message}`, { name: '', group: '', kind: '', causes: [{ reason: 'FieldValueInvalid', message, field: 'patch' }] });
  };
  if (res.error) throw fail(res.error);
  if (res.strict.length === 0) return;
  if (validation === 'Strict') throw fail(`strict decoding error: ${res.strict.join(', ')}`);
  warnings?.push(...res.strict);
}

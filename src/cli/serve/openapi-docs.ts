// /openapi/v3 of `kubesim serve`: the root listing one document per served group/version, and each document with
// the v1.32 component schemas kubesim's own decoding, validation and explain use (assets/openapi/v1.32.json) and
// the paths of the kinds served there, whose operations name the query parameters the API server accepts
// (fieldValidation, dryRun, fieldManager): stock kubectl reads them to decide on server-side field validation.

import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { openApi, type Schema } from '../../cluster/apiserver/schema/openapi.js';

function gvPath(gv: string): string {
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

function withRefs(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(withRefs);
  if (!s || typeof s !== 'object') return s;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) out[k] = k === '$ref' && typeof v === 'string' ? `#/components/schemas/${v}` : withRefs(v);
  return out;
}

const param = (name: string) => ({ name, in: 'query', schema: { type: 'string', uniqueItems: true } });

function operations(r: ResourceInfo): Record<string, unknown> {
  const gvk = { group: r.group, version: r.version, kind: r.kind };
  const op = (action: string, params: string[]) => ({ 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, parameters: params.map(param), responses: {} });
  const base = r.namespaced ? `/${gvPath(r.apiVersion)}/namespaces/{namespace}/${r.name}` : `/${gvPath(r.apiVersion)}/${r.name}`;
  const writes = ['dryRun', 'fieldManager', 'fieldValidation'];
  return {
    [base]: { get: op('list', ['labelSelector', 'fieldSelector', 'limit', 'continue', 'watch']), post: op('post', writes) },
    [`${base}/{name}`]: { get: op('get', []), put: op('put', writes), patch: op('patch', [...writes, 'force']), delete: op('delete', ['dryRun', 'gracePeriodSeconds', 'propagationPolicy']) },
  };
}

const docs = new Map<string, string>();

/** The OpenAPI v3 document of one group/version (JSON text), or undefined when it is not served. */
export function openApiV3Doc(gv: string): string | undefined {
  const cached = docs.get(gv);
  if (cached) return cached;
  const served = RESOURCES.filter((r) => r.apiVersion === gv);
  if (!served.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const r of served) Object.assign(paths, operations(r));
  const schemas: Record<string, unknown> = {};
  for (const [name, s] of Object.entries(openApi().schemas)) schemas[name] = withRefs(s as Schema);
  const text = JSON.stringify({ openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.2' }, paths, components: { schemas } });
  docs.set(gv, text);
  return text;
}

/** GET /openapi/v3: where each group/version's document is, with its content hash as kube-apiserver gives it. */
export function openApiV3Root(): unknown {
  const paths: Record<string, unknown> = {};
  for (const gv of new Set(RESOURCES.map((r) => r.apiVersion))) {
    const hash = createHash('sha512').update(gv).update(openApi().source).digest('hex').slice(0, 128).toUpperCase();
    paths[gvPath(gv)] = { serverRelativeURL: `/openapi/v3/${gvPath(gv)}?hash=${hash}` };
  }
  return { paths };
}

// Resource endpoints of `kubesim serve`: one HTTP request on a resource path becomes one call of the simulated
// ApiServer (the same get/list/create/update/delete the CLI verbs make), and its answer or StatusError becomes the
// kube-apiserver's response: the object, a List, a meta.k8s.io/v1 Table from kubesim's own printers, or a Status.

import * as yaml from 'js-yaml';
import { RESOURCES, resourceKey, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError, field, invalid } from '../../cluster/apiserver/errors.js';
import type { UserInfo } from '../../cluster/rbac/types.js';
import { convertFieldLabels, FieldSelectorError, matchesFields, parseFieldSelector, type FieldTerm } from '../../cluster/apiserver/fields.js';
import { matches, parseSelector, SelectorParseError, type Selector } from '../../cluster/apiserver/labels.js';
import type { FieldValidation } from '../../cluster/apiserver/schema/field-validation.js';
import type { KubeObject, Pod } from '../../cluster/apiserver/types.js';
import type { ClusterBase } from '../../cluster/state/cluster-base.js';
import { applyPatch, PatchError, type Json, type PatchType } from '../../kubectl/patch/patch.js';
import { tableFor } from '../../kubectl/printers/tables.js';
import { deleteOne, deleteOptionsOf } from './delete.js';
import { goJsonSyntaxError, summarizeData } from './go-json-error.js';
import { decodeK8sProtobuf, ProtobufRefusal } from './protobuf.js';
import { POST_SUBRESOURCES, postSubresource } from './post-subresources.js';
import { selfReview, SELF_REVIEWS } from './reviews.js';
import { convertedResource, type Conversion } from './served-versions.js';
import { expiredList, keyPrefix, pageOf, parseResourceVersion, planList, tooLargeResourceVersion } from './list-options.js';

export interface ResourcePath {
  resource: ResourceInfo;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** a version served by conversion from the stored one (autoscaling/v1 HPAs): resource names the served version */
  conversion?: Conversion;
}

/** The stored objects in an answer body, as the served version shows them. */
function served(p: ResourcePath, body: unknown): unknown {
  const c = p.conversion;
  if (!c || !body || typeof body !== 'object') return body;
  const b = body as KubeObject & { items?: KubeObject[] };
  if (b.kind === p.resource.kind) return c.toServed(b);
  if (b.kind === `${p.resource.kind}List` && Array.isArray(b.items)) return { ...b, items: b.items.map((o) => c.toServed(o)) };
  return body;
}

export interface HttpAnswer {
  code: number;
  body: unknown;
  contentType?: string;
  warnings?: string[];
  /** the body already as text (or bytes: the protobuf /openapi/v2) */
  raw?: string | Buffer;
}

/** `/api/v1/...` or `/apis/G/V/...` split into resource, namespace, name and subresource; undefined: not one. */
export function parseResourcePath(pathname: string): ResourcePath | undefined {
  const segs = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  let gv: string;
  let rest: string[];
  if (segs[0] === 'api' && segs[1] === 'v1') {
    gv = 'v1';
    rest = segs.slice(2);
  } else if (segs[0] === 'apis' && segs.length >= 3) {
    gv = `${segs[1]}/${segs[2]}`;
    rest = segs.slice(3);
  } else return undefined;
  const find = (name: string | undefined) => {
    const conv = convertedResource(gv, name);
    if (conv) return { resource: conv.info, conversion: conv.conversion };
    const r = RESOURCES.find((x) => x.apiVersion === gv && x.name === name);
    return r ? { resource: r } : undefined;
  };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const r = find(rest[2]);
    if (r?.resource.namespaced) return { ...r, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const r = find(rest[0]);
  if (!r || rest.length > 3) return undefined;
  return { ...r, name: rest[1], subresource: rest[2] };
}

/** A kube-style Status answer of an error. */
export function statusAnswer(e: StatusError): HttpAnswer {
  const { kind, apiVersion, ...rest } = e.status as StatusError['status'] & { metadata?: unknown };
  // StatusDetails' name, group and kind are omitempty
  // StatusCause's fields are omitempty too
  const causes = (c: unknown) => (Array.isArray(c) ? c.map((x: Record<string, unknown>) => Object.fromEntries(Object.entries(x).filter(([, v]) => v !== ''))) : c);
  const details = rest.details && Object.fromEntries(Object.entries(rest.details).filter(([, v]) => v !== '').map(([k, v]) => [k, k === 'causes' ? causes(v) : v]));
  return { code: e.status.code ?? 500, body: { kind, apiVersion, metadata: rest.metadata ?? {}, ...rest, ...(details ? { details } : {}) } };
}

function badRequest(message: string): StatusError {
  return new StatusError('BadRequest', message);
}

export function selectors(q: URLSearchParams, info: ResourceInfo): { selector: Selector | null; fields: FieldTerm[] } {
  let selector: Selector | null = null;
  let fields: FieldTerm[] = [];
  try {
    const ls = q.get('labelSelector');
    if (ls) selector = parseSelector(ls);
  } catch (e) {
    if (e instanceof SelectorParseError) throw badRequest(`unable to parse requirement: ${e.message}`);
    throw e;
  }
  try {
    const fs = q.get('fieldSelector');
    if (fs) fields = convertFieldLabels(info, parseFieldSelector(fs));
  } catch (e) {
    if (e instanceof FieldSelectorError) throw badRequest(e.message);
    throw e;
  }
  return { selector, fields };
}

/** Accept asks for a server-side Table (kubectl get's human-readable printers). */
export function wantsTable(accept: string | undefined): boolean {
  return (accept ?? '').split(',')[0].includes('as=Table');
}

export function tableOf(info: ResourceInfo, objects: KubeObject[], now: Date, includeObject: string, resourceVersion: string): unknown {
  const t = tableFor(info, objects, now);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { resourceVersion },
    columnDefinitions: t.columns.map((c) => ({ name: c.name, type: 'string', format: c.isName ? 'name' : '', description: '', priority: c.priority })),
    rows: t.rows.map((r) => ({
      cells: r.cells,
      object:
        includeObject === 'None'
          ? undefined
          : includeObject === 'Object'
            ? r.object
            : { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: r.object.metadata },
    })),
  };
}

const SCALABLE = new Set(['deployments.apps', 'replicasets.apps', 'statefulsets.apps', 'replicationcontrollers']);

/** The autoscaling/v1 Scale of a scalable object (the scale subresource). */
function scaleOf(obj: KubeObject & { spec?: any; status?: any }, selector: string): KubeObject {
  const md = obj.metadata;
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name: md.name, namespace: md.namespace, uid: md.uid, resourceVersion: md.resourceVersion, creationTimestamp: md.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector },
  } as unknown as KubeObject;
}

function scaleSelector(obj: KubeObject & { spec?: any }): string {
  const sel = obj.spec?.selector;
  if (!sel) return '';
  const labels = sel.matchLabels || sel.matchExpressions ? (sel.matchLabels ?? {}) : sel;
  return Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
}

function checkSubresource(p: ResourcePath): void {
  const key = resourceKey(p.resource);
  if (p.subresource === undefined || p.subresource === 'status' || (p.subresource === 'scale' && SCALABLE.has(key)) || (p.subresource === 'ephemeralcontainers' && key === 'pods')) return;
  // pods/log is served (GET) by pod-log.ts before a request gets here
  if (p.subresource === 'log' && key === 'pods') throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  // the POST-only subresources (post-subresources.ts) and pods' streams (exec-ws.ts) take no other method
  if (POST_SUBRESOURCES[p.subresource]?.[0] === key || (key === 'pods' && ['exec', 'attach', 'portforward'].includes(p.subresource))) {
    throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  }
  if (['proxy', 'resize'].includes(p.subresource)) {
    throw new StatusError('MethodNotAllowed', `kubesim does not simulate the ${p.resource.name}/${p.subresource} subresource over kubesim serve`);
  }
  throw new StatusError('NotFound', 'the server could not find the requested resource');
}

/** Older states of the cluster, for lists at a resourceVersion other than the latest (the watch cache). */
export interface ListHistory {
  /** the objects of a resource at rv in key order, or undefined when rv is older than the history */
  stateAt(resource: string, rv: number): KubeObject[] | undefined;
}

const storeKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;

/**
 * GET of one object or a list. A list is served at the latest resourceVersion, or at an older one from the history
 * (a continue token's, resourceVersionMatch=Exact, the legacy resourceVersion with limit), in pages by limit.
 */
export function read(cluster: ClusterBase, p: ResourcePath, q: URLSearchParams, accept: string | undefined, history?: ListHistory): HttpAnswer {
  const a = readStored(cluster, p, q, accept, history);
  return p.conversion ? { ...a, body: served(p, a.body) } : a;
}

function readStored(cluster: ClusterBase, p: ResourcePath, q: URLSearchParams, accept: string | undefined, history?: ListHistory): HttpAnswer {
  const key = resourceKey(p.resource);
  const current = cluster.store.resourceVersion;
  const rv = String(current);
  const table = wantsTable(accept);
  const includeObject = q.get('includeObject') ?? 'Metadata';
  checkSubresource(p);
  if (p.name !== undefined) {
    const min = parseResourceVersion(q.get('resourceVersion'));
    if (min > current) throw tooLargeResourceVersion(min, current, 1);
    const obj = cluster.api.get(key, p.namespace, p.name);
    if (p.subresource === 'scale') return { code: 200, body: scaleOf(obj, scaleSelector(obj)) };
    return { code: 200, body: table ? tableOf(p.resource, [obj], cluster.clock.now(), includeObject, rv) : obj };
  }
  const prefix = keyPrefix(p.resource.namespaced, p.namespace);
  const plan = planList(q, prefix);
  const { selector, fields } = selectors(q, p.resource);
  if (plan.minRv !== undefined && plan.minRv > current) throw tooLargeResourceVersion(plan.minRv, current, 1);
  let listRv = current;
  let all: KubeObject[];
  if (plan.atRv === undefined || plan.atRv === current) all = cluster.api.list(key, p.namespace);
  else if (plan.atRv > current) throw tooLargeResourceVersion(plan.atRv, current, 0);
  else {
    const older = history?.stateAt(key, plan.atRv);
    if (!older) throw expiredList(plan);
    all = p.namespace !== undefined && p.resource.namespaced ? older.filter((o) => o.metadata.namespace === p.namespace) : older;
    listRv = plan.atRv;
  }
  const matchObj = (o: KubeObject) => (!selector || matches(selector, o.metadata.labels)) && (!fields.length || matchesFields(p.resource, fields, o));
  const page = pageOf(all, storeKey, matchObj, plan, prefix, listRv, !!selector || fields.length > 0);
  const metadata: Record<string, unknown> = { resourceVersion: String(listRv) };
  if (page.continue) metadata.continue = page.continue;
  if (page.remainingItemCount !== undefined) metadata.remainingItemCount = page.remainingItemCount;
  if (table) {
    const body = tableOf(p.resource, page.items, cluster.clock.now(), includeObject, String(listRv)) as Record<string, unknown>;
    body.metadata = metadata;
    return { code: 200, body };
  }
  return { code: 200, body: { kind: `${p.resource.kind}List`, apiVersion: p.resource.apiVersion, metadata, items: page.items } };
}

const SUBRESOURCE_KINDS: Record<string, string> = { scale: 'Scale', eviction: 'Eviction', binding: 'Binding', token: 'TokenRequest' };

/** The kind a POST or PUT body on this path decodes into (transformDecodeError names it); undefined for PATCH. */
export function bodyKindOf(method: string, p: ResourcePath): string | undefined {
  if (method !== 'POST' && method !== 'PUT') return undefined;
  return p.subresource ? SUBRESOURCE_KINDS[p.subresource] ?? p.resource.kind : p.resource.kind;
}

/**
 * A request body: JSON, or YAML (application/yaml); 415 for other types, BadRequest for malformed ones. `kind`: the
 * type an object body (POST/PUT) decodes into, for transformDecodeError's "must be of type" text.
 */
export function decodeBody(text: string, contentType: string | undefined, kind?: string): unknown {
  const type = (contentType ?? 'application/json').split(';')[0].trim();
  try {
    if (type === 'application/yaml' || type === 'application/apply-patch+yaml') return yaml.load(text);
    if (['application/json', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'].includes(type)) return JSON.parse(text);
  } catch (e) {
    // an object body: transformDecodeError around the serializer's "couldn't get version/kind" with encoding/json's
    // text, and summarizeData of the body
    const go = type === 'application/json' && kind ? goJsonSyntaxError(text) : undefined;
    if (go !== undefined) throw badRequest(`the object provided is unrecognized (must be of type ${kind}): couldn't get version/kind; json parse error: ${go} (${summarizeData(text)})`);
    throw badRequest(`the object provided is unrecognized or malformed: ${(e as Error).message.split('\n')[0]}`);
  }
  if (type === 'application/vnd.kubernetes.protobuf') {
    // the body arrives as a latin1 string (readBody keeps protobuf bytes so)
    try {
      return decodeK8sProtobuf(Buffer.from(text, 'latin1'));
    } catch (e) {
      if (!(e instanceof ProtobufRefusal)) throw e;
      throw new StatusError('UnsupportedMediaType', `kubesim does not simulate protobuf request bodies of ${e.message}: send application/json or application/yaml`);
    }
  }
  throw new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`);
}

const PATCH_TYPES: Record<string, PatchType> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
};

export interface WriteRequest {
  method: string;
  path: ResourcePath;
  query: URLSearchParams;
  body: unknown;
  contentType?: string;
  /** the authenticated (or impersonated) user: RBAC's escalation checks need it */
  user?: UserInfo;
  /** the User-Agent header: its prefix is the field manager of a write that names none */
  userAgent?: string;
}

/** handlers' managerOrUserAgent: ?fieldManager=, else the User-Agent up to its first slash. */
function fieldManagerOf(q: URLSearchParams, userAgent: string | undefined): string {
  return q.get('fieldManager') || (userAgent ?? '').split('/')[0];
}

function fieldValidationOf(q: URLSearchParams): FieldValidation {
  const v = q.get('fieldValidation') ?? 'Warn';
  if (v !== 'Strict' && v !== 'Warn' && v !== 'Ignore') throw badRequest(`fieldValidation must be one of "Ignore", "Warn", or "Strict"`);
  return v;
}

function dryRunOf(q: URLSearchParams): boolean {
  const v = q.getAll('dryRun');
  for (const x of v) if (x !== 'All') throw badRequest(`Invalid dry run value: "${x}", supported values are [All]`);
  return v.length > 0;
}

/** POST, PUT, PATCH, DELETE on one object through the ApiServer. */
export function write(cluster: ClusterBase, r: WriteRequest): HttpAnswer {
  const a = writeStored(cluster, r);
  return r.path.conversion ? { ...a, body: served(r.path, a.body) } : a;
}

function writeStored(cluster: ClusterBase, r: WriteRequest): HttpAnswer {
  const { path: p, query: q } = r;
  const key = resourceKey(p.resource);
  const dryRun = dryRunOf(q);
  const warnings: string[] = [];
  if (r.method === 'POST' && SELF_REVIEWS.has(p.resource.name) && p.name === undefined) return selfReview(cluster, p.resource.name, r.body, r.user);
  if (r.method === 'POST' && p.subresource && p.name !== undefined && POST_SUBRESOURCES[p.subresource]?.[0] === key) {
    return postSubresource(cluster, p.subresource, p.namespace ?? 'default', p.name, r.body, dryRun);
  }
  checkSubresource(p);
  if (p.subresource === 'scale') return writeScale(cluster, r, dryRun);
  const status = p.subresource === 'status';
  const ephemeral = p.subresource === 'ephemeralcontainers';
  const objectBody = (): KubeObject => {
    const b = r.body as KubeObject;
    if (!b || typeof b !== 'object' || Array.isArray(b)) throw badRequest('the object provided is unrecognized or malformed');
    b.metadata ??= {} as KubeObject['metadata'];
    b.apiVersion ??= p.resource.apiVersion;
    b.kind ??= p.resource.kind;
    if (b.apiVersion !== p.resource.apiVersion || b.kind !== p.resource.kind) {
      throw badRequest(`the API version in the data (${b.apiVersion}) does not match the expected API version (${p.resource.apiVersion})`);
    }
    if (p.resource.namespaced) {
      if (b.metadata.namespace && b.metadata.namespace !== p.namespace) {
        throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
      }
      b.metadata.namespace = p.namespace;
    }
    return p.conversion ? p.conversion.fromServed(b) : b;
  };
  switch (r.method) {
    case 'POST': {
      if (p.name !== undefined) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const created = cluster.api.create(objectBody(), { dryRun, fieldValidation: fieldValidationOf(q), warnings, user: r.user, fieldManager: fieldManagerOf(q, r.userAgent) });
      return { code: 201, body: created, warnings };
    }
    case 'PUT': {
      if (p.name === undefined) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const obj = objectBody();
      if (obj.metadata.name !== p.name) throw badRequest('the name of the object (' + (obj.metadata.name ?? '') + ') does not match the name on the URL (' + p.name + ')');
      const fieldManager = fieldManagerOf(q, r.userAgent);
      const out = status
        ? cluster.api.updateStatus(obj, { dryRun, warnings, fieldManager })
        : ephemeral
          ? cluster.api.updateEphemeralContainers(obj as Pod, { dryRun, warnings, fieldManager })
          : cluster.api.update(obj, { dryRun, fieldValidation: fieldValidationOf(q), warnings, user: r.user, fieldManager });
      return { code: 200, body: out, warnings };
    }
    case 'PATCH': {
      if (p.name === undefined) throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      const type = (r.contentType ?? '').split(';')[0].trim();
      if (type === 'application/apply-patch+yaml') return applyPatchRequest(cluster, r, dryRun, warnings);
      if (q.has('force')) throw invalid('PatchOptions', 'meta.k8s.io', '', [field.forbidden('force', 'may not be specified for non-apply patch')]);
      const patchType = PATCH_TYPES[type];
      if (!patchType) throw new StatusError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json`);
      const stored = cluster.api.get(key, p.namespace, p.name);
      const current = p.conversion ? p.conversion.toServed(stored) : stored;
      let patched: KubeObject;
      try {
        patched = applyPatch(current as unknown as Json, r.body as Json, patchType) as unknown as KubeObject;
      } catch (e) {
        if (e instanceof PatchError) throw new StatusError(patchType === 'json' ? 'Invalid' : 'BadRequest', e.message);
        throw e;
      }
      if (p.conversion) patched = p.conversion.fromServed(patched);
      const fieldManager = fieldManagerOf(q, r.userAgent);
      const out = status
        ? cluster.api.updateStatus(patched, { dryRun, warnings, fieldManager })
        : ephemeral
          ? cluster.api.updateEphemeralContainers(patched as Pod, { dryRun, warnings, fieldManager })
          : cluster.api.update(patched, { dryRun, fieldValidation: fieldValidationOf(q), warnings, patch: r.body, user: r.user, fieldManager });
      return { code: 200, body: out, warnings };
    }
    case 'DELETE': {
      const opts = deleteOptionsOf(q, r.body, dryRun);
      if (p.name !== undefined) return { code: 200, body: deleteOne(cluster, p.resource, p.namespace, p.name, opts), warnings };
      // deletecollection: served on a namespace's path (or a cluster-scoped kind's) for kinds that have the verb
      if (!p.resource.verbs.includes('deletecollection') || (p.resource.namespaced && p.namespace === undefined) || status || ephemeral) {
        throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
      }
      const listed = read(cluster, p, q, undefined).body as { items: KubeObject[] };
      for (const o of listed.items) {
        try {
          deleteOne(cluster, p.resource, o.metadata.namespace, o.metadata.name!, opts);
        } catch (e) {
          if (!(e instanceof StatusError && e.reason === 'NotFound')) throw e;
        }
      }
      return { code: 200, body: listed, warnings };
    }
  }
  throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
}

/** PUT or PATCH of a scale subresource: the object's spec.replicas, through the ApiServer's update. */
function writeScale(cluster: ClusterBase, r: WriteRequest, dryRun: boolean): HttpAnswer {
  const p = r.path;
  if (r.method !== 'PUT' && r.method !== 'PATCH') throw new StatusError('MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const key = resourceKey(p.resource);
  const current = cluster.api.get(key, p.namespace, p.name!) as KubeObject & { spec?: any };
  let scale = scaleOf(current, scaleSelector(current)) as KubeObject & { spec?: any };
  if (r.method === 'PUT') scale = r.body as KubeObject & { spec?: any };
  else {
    const patchType = PATCH_TYPES[(r.contentType ?? '').split(';')[0].trim()];
    if (!patchType) throw new StatusError('UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json');
    try {
      scale = applyPatch(scale as unknown as Json, r.body as Json, patchType) as unknown as KubeObject & { spec?: any };
    } catch (e) {
      if (e instanceof PatchError) throw new StatusError('BadRequest', e.message);
      throw e;
    }
  }
  const rv = scale.metadata?.resourceVersion;
  if (rv && rv !== current.metadata.resourceVersion) {
    throw new StatusError('Conflict', `Operation cannot be fulfilled on ${key} "${p.name}": the object has been modified; please apply your changes to the latest version and try again`);
  }
  const next = { ...current, spec: { ...current.spec, replicas: scale.spec?.replicas } } as KubeObject;
  const out = cluster.api.update(next, { dryRun, subresource: 'scale', fieldManager: fieldManagerOf(r.query, r.userAgent) }) as KubeObject & { spec?: any };
  return { code: 200, body: scaleOf(out, scaleSelector(out)) };
}

/**
 * PATCH application/apply-patch+yaml: server-side apply (201 when it creates the object). fieldManager is
 * required (ValidatePatchOptions); force=true takes conflicting fields.
 */
function applyPatchRequest(cluster: ClusterBase, r: WriteRequest, dryRun: boolean, warnings: string[]): HttpAnswer {
  const { path: p, query: q } = r;
  const fieldManager = q.get('fieldManager') ?? '';
  if (!fieldManager) throw invalid('PatchOptions', 'meta.k8s.io', '', [field.required('fieldManager', 'is required for apply patch')]);
  if (p.subresource) throw badRequest(`kubesim does not simulate server-side apply on the ${p.subresource} subresource`);
  const body = r.body as KubeObject;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('error decoding YAML: the object provided is unrecognized or malformed');
  body.metadata ??= {} as KubeObject['metadata'];
  if (body.metadata.name !== undefined && body.metadata.name !== p.name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${p.name})`);
  body.metadata.name = p.name;
  if (p.resource.namespaced) {
    if (body.metadata.namespace && body.metadata.namespace !== p.namespace) throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
    body.metadata.namespace = p.namespace;
  }
  const existed = !!cluster.api.tryGet(resourceKey(p.resource), p.namespace, p.name!);
  const out = cluster.api.apply(p.conversion ? p.conversion.fromServed(body) : body, { fieldManager, force: q.get('force') === 'true', dryRun, fieldValidation: fieldValidationOf(q), warnings, user: r.user });
  return { code: existed ? 200 : 201, body: out, warnings };
}

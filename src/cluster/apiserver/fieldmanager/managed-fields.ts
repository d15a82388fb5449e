// metadata.managedFields as k8s.io/apiserver's fieldmanager keeps them: decoded into per-manager field sets,
// updated by every write (Update) or server-side apply (Apply), stripped of the fields the server owns
// (stripMeta), stamped with the cluster clock when a manager took fields (managedFieldsUpdater), and encoded
// back sorted as sortEncodedManagedFields does (Apply before Update, then time, manager, apiVersion, subresource).

import { StatusError } from '../errors.js';
import type { KubeObject } from '../types.js';
import { FieldSet, fieldElement, pathString } from './fieldset.js';
import { toFieldSet, zeroValue } from './typed.js';
import type { TypeNode } from './types.js';
import { ConflictsError, applyManaged, managerId, updateManaged, type Conflict, type ManagerEntry, type Managers } from './updater.js';

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

interface EncodedEntry {
  apiVersion?: string;
  fieldsType?: string;
  fieldsV1?: unknown;
  manager?: string;
  operation?: string;
  subresource?: string;
  time?: string;
}

/** fieldmanager's stripMeta: the fields every write sets that no manager owns. */
const STRIP = (() => {
  const s = new FieldSet();
  for (const p of [['apiVersion'], ['kind'], ['metadata'], ...['name', 'namespace', 'creationTimestamp', 'selfLink', 'uid', 'clusterName', 'generation', 'managedFields', 'resourceVersion'].map((f) => ['metadata', f])]) {
    s.insert(p.map(fieldElement));
  }
  return s;
})();

export function stripMeta(s: FieldSet): FieldSet {
  return s.difference(STRIP);
}

// Field sets and their FieldsV1 objects are never changed once built, and most writes leave most managers' sets as
// they were: each side remembers the other, so an unchanged set is neither decoded nor encoded again.
const decoded = new WeakMap<object, FieldSet>();
const encoded = new WeakMap<FieldSet, Record<string, unknown>>();

function decodeFields(v: unknown): FieldSet {
  if (!v || typeof v !== 'object') return FieldSet.fromFieldsV1(v);
  let s = decoded.get(v);
  if (!s) {
    s = FieldSet.fromFieldsV1(v);
    decoded.set(v, s);
    encoded.set(s, v as Record<string, unknown>);
  }
  return s;
}

function encodeFields(s: FieldSet): Record<string, unknown> {
  let v = encoded.get(s);
  if (!v) {
    v = s.toFieldsV1();
    encoded.set(s, v);
    decoded.set(v, s);
  }
  return v;
}

export function decodeManaged(obj: KubeObject | undefined): Managers {
  const out: Managers = new Map();
  const list = obj?.metadata?.managedFields;
  if (!Array.isArray(list)) return out;
  for (const raw of list as EncodedEntry[]) {
    const e: ManagerEntry = {
      manager: raw.manager ?? '',
      operation: raw.operation === 'Apply' ? 'Apply' : 'Update',
      apiVersion: raw.apiVersion ?? '',
      ...(raw.subresource ? { subresource: raw.subresource } : {}),
      ...(raw.time ? { time: raw.time } : {}),
      set: decodeFields(raw.fieldsV1),
    };
    out.set(managerId(e), e);
  }
  return out;
}

export function encodeManaged(managers: Managers): EncodedEntry[] {
  const entries = [...managers.values()].filter((e) => !e.set.empty());
  entries.sort((p, q) => {
    if (p.operation !== q.operation) return p.operation < q.operation ? -1 : 1;
    const ps = p.time ? Date.parse(p.time) : 0;
    const qs = q.time ? Date.parse(q.time) : 0;
    if (ps !== qs) return ps - qs;
    if (p.manager !== q.manager) return p.manager < q.manager ? -1 : 1;
    if (p.apiVersion !== q.apiVersion) return p.apiVersion < q.apiVersion ? -1 : 1;
    return (p.subresource ?? '') < (q.subresource ?? '') ? -1 : (p.subresource ?? '') > (q.subresource ?? '') ? 1 : 0;
  });
  return entries.map((e) => ({
    apiVersion: e.apiVersion,
    fieldsType: 'FieldsV1',
    fieldsV1: encodeFields(e.set),
    manager: e.manager,
    operation: e.operation,
    ...(e.subresource ? { subresource: e.subresource } : {}),
    ...(e.time ? { time: e.time } : {}),
  }));
}

function setManaged(obj: KubeObject, managers: Managers): void {
  const encoded = encodeManaged(managers);
  if (encoded.length) obj.metadata.managedFields = encoded;
  else delete obj.metadata.managedFields;
}

export interface FieldManagerRequest {
  manager: string;
  subresource?: string;
  /** the cluster clock, RFC 3339 */
  time: string;
  /** the strategy's reset fields for this endpoint (status on the main resource, ...) */
  ignored?: FieldSet;
}

/**
 * An Update (create, update, patch other than apply, a subresource write): sets next.metadata.managedFields.
 * `live` is undefined for a create, compared then with the kind's Go zero value.
 */
export function recordUpdate(t: TypeNode, live: KubeObject | undefined, next: KubeObject, req: FieldManagerRequest): void {
  // managedFields the request itself carries replace the live ones (how clients reset them), except on subresources
  let managers = decodeManaged(next);
  if (!managers.size || req.subresource) managers = decodeManaged(live);
  const before = live ?? zeroValue(t);
  const entry = { manager: req.manager, operation: 'Update' as const, apiVersion: next.apiVersion, ...(req.subresource ? { subresource: req.subresource } : {}) };
  const { managers: out, changed } = updateManaged(t, withoutManaged(before), withoutManaged(next), managers, entry, req.ignored, stripMeta);
  if (changed) out.get(managerId(entry))!.time = req.time;
  setManaged(next, out);
}

function withoutManaged(o: unknown): unknown {
  const obj = o as KubeObject;
  if (!obj?.metadata?.managedFields) return o;
  const { managedFields: _m, ...md } = obj.metadata;
  return { ...obj, metadata: md };
}

export interface ApplyRequest extends FieldManagerRequest {
  force: boolean;
}

/**
 * A server-side apply of `config` onto `live` (undefined: the object is created). Returns the object to write,
 * with its managedFields, or undefined when neither the object nor its managers change. Throws the API server's
 * 409 on conflicts.
 */
export function recordApply(t: TypeNode, live: KubeObject | undefined, config: KubeObject, req: ApplyRequest): KubeObject | undefined {
  if (config.metadata?.managedFields !== undefined) {
    throw new StatusError('BadRequest', 'metadata.managedFields must be nil');
  }
  const entry = { manager: req.manager, operation: 'Apply' as const, apiVersion: config.apiVersion };
  const id = managerId(entry);
  if (!live) {
    let set = toFieldSet(t, config);
    if (req.ignored) set = set.recursiveDifference(req.ignored);
    const managers: Managers = new Map([[id, { ...entry, time: req.time, set: stripMeta(set) }]]);
    const obj = JSON.parse(JSON.stringify(config)) as KubeObject;
    setManaged(obj, managers);
    return obj;
  }
  const managers = decodeManaged(live);
  const liveValue = withoutManaged(live);
  const run = (force: boolean) => applyManaged(t, liveValue, config, managers, entry, force, req.ignored, stripMeta);
  let result: ReturnType<typeof run>;
  try {
    result = run(req.force);
  } catch (e) {
    if (!(e instanceof ConflictsError)) throw e;
    // lastAppliedManager: kubectl's own server-side apply may take over what client-side apply last applied
    const allowed = req.manager === 'kubectl' ? lastAppliedSet(t, live) : undefined;
    if (!allowed || e.conflicts.some((c) => !allowed.has(c.path))) throw conflictError(allowed ? e.conflicts.filter((c) => !allowed.has(c.path)) : e.conflicts);
    result = run(true);
  }
  const changed = result.object !== undefined;
  const obj = (changed ? result.object : JSON.parse(JSON.stringify(liveValue))) as KubeObject;
  if (changed) result.managers.get(id)!.time = req.time;
  // lastAppliedUpdater: kubectl's server-side apply keeps an existing client-side annotation in step
  const annotations = obj.metadata?.annotations;
  if (req.manager === 'kubectl' && annotations?.[LAST_APPLIED] !== undefined) {
    obj.metadata.annotations = { ...annotations, [LAST_APPLIED]: buildLastApplied(config) };
  }
  setManaged(obj, result.managers);
  return obj;
}

function lastAppliedSet(t: TypeNode, live: KubeObject): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED];
  if (!text) return undefined;
  try {
    return toFieldSet(t, JSON.parse(text));
  } catch {
    return undefined;
  }
}

/** The annotation as lastAppliedUpdater writes it: the applied object without that annotation, as Go's JSON encoder writes it. */
function buildLastApplied(config: KubeObject): string {
  const copy = JSON.parse(JSON.stringify(config)) as KubeObject;
  if (copy.metadata?.annotations) delete copy.metadata.annotations[LAST_APPLIED];
  return JSON.stringify(sortKeys(copy)) + '\n';
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
  return out;
}

/** fieldmanager's printManager: `"kubectl-client-side-apply" using apps/v1`, `"kubectl" with subresource "scale" using apps/v1`. */
function printManager(e: ManagerEntry): string {
  let s = JSON.stringify(e.manager);
  if (e.subresource) s += ` with subresource ${JSON.stringify(e.subresource)}`;
  if (e.operation === 'Update') s += ` using ${e.apiVersion}`;
  return s;
}

/** The API server's 409 for apply conflicts (internal.NewConflictError). */
export function conflictError(conflicts: Conflict[]): StatusError {
  let message: string;
  if (conflicts.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0].entry)}: ${pathString(conflicts[0].path)}`;
  } else {
    const byManager = new Map<string, Conflict[]>();
    for (const c of conflicts) byManager.set(c.managerId, [...(byManager.get(c.managerId) ?? []), c]);
    const lines: string[] = [];
    for (const id of [...byManager.keys()].sort()) {
      const cs = byManager.get(id)!;
      lines.push(`conflicts with ${printManager(cs[0].entry)}:`);
      for (const c of cs) lines.push(`- ${pathString(c.path)}`);
    }
    message = `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
  }
  const causes = conflicts.map((c) => ({ reason: 'FieldManagerConflict', message: `conflict with ${printManager(c.entry)}`, field: pathString(c.path) }));
  return new StatusError('Conflict', message, { causes } as never);
}

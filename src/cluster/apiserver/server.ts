// The simulated kube-apiserver: every read and write goes through here. It owns object metadata (uid,
// resourceVersion, generation, timestamps, generateName), runs the per-kind registry (defaulting, validation,
// allocation) and returns Kubernetes Status errors. Controllers and kubectl verbs both use this API only.

import type { ClusterConfig } from '../state/config.js';
import { rfc3339, type Clock } from '../state/clock.js';
import type { Rng } from '../state/rng.js';
import { admitQuota } from './admission/quota.js';
import { RESOURCES, resourceForKind, resourceKey, type ResourceInfo } from './discovery.js';
import { StatusError, alreadyExists, conflict, field, invalid, notFound } from './errors.js';
import { matches, type Selector } from './labels.js';
import { matchesFields, type FieldTerm } from './fields.js';
import type { RegistryContext, Strategy } from './registry/strategy.js';
import type { ObjectStore } from './store.js';
import { decodeRequestBody, type FieldValidation } from './schema/field-validation.js';
import { deepClone, jsonEqual } from './jsonequal.js';
import type { KubeObject, Pod } from './types.js';
import { ephemeralContainersNext, validateEphemeralContainersUpdate } from './registry/ephemeral-containers.js';
import { confirmRbacWrite, storeLister } from '../rbac/escalation.js';
import type { UserInfo } from '../rbac/types.js';
import { EventRecorder } from './event-recorder.js';
import { CRD_KEY, crdResources } from './crd/served.js';
import { podWarnings } from './registry/pod-warnings.js';
import { hasStatusSubresource, prepareCustomResource } from './crd/custom-resource.js';
import { recordApply, recordUpdate } from './fieldmanager/managed-fields.js';
import { resetFields, typeFor } from './fieldmanager/track.js';
import type { ApplyOptions, DeleteOptions, WriteOptions } from './write-options.js';
import { GENERATION_KINDS, HAS_STATUS_SUBRESOURCE, STATUS_WRITES_ANNOTATIONS } from './resource-traits.js';

export type { EventOptions } from './event-recorder.js';

export type { ApplyOptions, DeleteOptions, WriteOptions } from './write-options.js';

/** A deep copy (structuredClone's result, made faster for plain API data). */
export function clone<T>(obj: T): T {
  return deepClone(obj);
}

function specOf(obj: KubeObject): unknown {
  const { metadata: _m, status: _s, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

/** Namespaces the NamespaceLifecycle admission plugin never lets go (metav1.NamespaceDefault, System, Public). */
const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

/** resource key -> info, filled on first use (every read resolves its key) */
const resourceByKey = new Map<string, ResourceInfo>();

/** How many generated names a create tries before it reports AlreadyExists (k8s registry/store.go). */
export const MAX_NAME_GENERATION_ATTEMPTS = 8;

export class ApiServer {
  private strategies: Record<string, Strategy>;
  /** set whenever a write succeeded; persistence uses it to skip saving after read-only commands */
  dirty = false;

  private readonly events: EventRecorder;
  /**
   * The field manager of writes that name none: the component making them (the controller runner sets
   * `kube-controller-manager`, `kubelet`, `kube-scheduler` ... around each controller), as the API server takes
   * it from the client's User-Agent.
   */
  manager = 'kube-controller-manager';
  private applying = false; // an apply's write: managedFields already computed (no Update entry on top)

  constructor(
    readonly store: ObjectStore,
    readonly clock: Clock,
    readonly rng: Rng,
    readonly config: ClusterConfig,
    strategies: Record<string, Strategy> = {},
  ) {
    this.strategies = strategies;
    this.events = new EventRecorder(store, clock, rng, () => {
      this.dirty = true;
    });
  }

  // ------------------------------------------------------------------ resolution

  /** Resource info for an object's apiVersion/kind, or a kubectl-style mapping error. */
  resourceOf(obj: Pick<KubeObject, 'apiVersion' | 'kind'>): ResourceInfo {
    const info =
      resourceForKind(obj.apiVersion ?? '', obj.kind ?? '') ?? crdResources(this.store).find((r) => r.apiVersion === obj.apiVersion && r.kind === obj.kind);
    if (!info || (info.apiVersion !== obj.apiVersion)) {
      throw new StatusError('NotFound', `no matches for kind "${obj.kind}" in version "${obj.apiVersion}"`);
    }
    return info;
  }

  resource(key: string): ResourceInfo {
    let info = resourceByKey.get(key);
    if (!info) {
      info = RESOURCES.find((r) => resourceKey(r) === key);
      if (!info) {
        // a custom resource: the CRD's preferred (first served) version; never cached, the CRD may go
        const custom = crdResources(this.store).find((r) => resourceKey(r) === key);
        if (!custom) throw new Error(`unknown resource key ${key}`);
        return custom;
      }
      resourceByKey.set(key, info);
    }
    return info;
  }

  /** Everything the API server serves: the built-in resources, then those of the Established CRDs. */
  discovery(): ResourceInfo[] {
    return [...RESOURCES, ...crdResources(this.store)];
  }

  /** Whether a resource key is served now (built in, or a custom resource whose CRD is Established). */
  serves(key: string): boolean {
    return RESOURCES.some((r) => resourceKey(r) === key) || crdResources(this.store).some((r) => resourceKey(r) === key);
  }

  private ctx(dryRun: boolean, requestName?: string, user?: UserInfo): RegistryContext {
    return { config: this.config, clock: this.clock, rng: this.rng, store: this.store, dryRun, requestName, user };
  }

  // ------------------------------------------------------------------ reads

  get<T extends KubeObject = KubeObject>(key: string, ns: string | undefined, name: string): T {
    const obj = this.store.get(key, this.resource(key).namespaced ? ns : undefined, name);
    if (!obj) throw notFound(key, name);
    return obj as T;
  }

  tryGet<T extends KubeObject = KubeObject>(key: string, ns: string | undefined, name: string): T | undefined {
    return this.store.get(key, this.resource(key).namespaced ? ns : undefined, name) as T | undefined;
  }

  /**
   * Objects of a resource (all namespaces when ns is undefined), filtered by a label selector and a field
   * selector (terms already checked by convertFieldLabels).
   */
  list<T extends KubeObject = KubeObject>(key: string, ns?: string, selector?: Selector | null, fields?: FieldTerm[]): T[] {
    const info = this.resource(key);
    let items = this.store.list(key, info.namespaced ? ns : undefined);
    if (selector) items = items.filter((o) => matches(selector, o.metadata.labels));
    if (fields?.length) items = items.filter((o) => matchesFields(info, fields, o));
    return items as T[];
  }

  // ------------------------------------------------------------------ writes

  private checkNamespace(info: ResourceInfo, obj: KubeObject, creating: boolean): void {
    if (!info.namespaced) {
      delete obj.metadata.namespace;
      return;
    }
    const ns = obj.metadata.namespace || 'default';
    obj.metadata.namespace = ns;
    const nsObj = this.store.get('namespaces', undefined, ns);
    if (!nsObj) throw notFound('namespaces', ns);
    if (creating && nsObj.metadata.deletionTimestamp) {
      throw new StatusError(
        'Forbidden',
        `${resourceKey(info)} "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
        { name: obj.metadata.name, group: info.group, kind: info.name },
      );
    }
  }

  /** POST: returns the stored object (a copy is stored; callers keep ownership of their input). */
  create<T extends KubeObject = KubeObject>(input: KubeObject, opts: WriteOptions = {}): T {
    const info = this.resourceOf(input);
    const key = resourceKey(info);
    const obj = clone(input);
    if (opts.fieldValidation) decodeRequestBody(obj, info, opts.fieldValidation, opts.warnings);
    obj.metadata = obj.metadata ?? {};
    this.checkNamespace(info, obj, true);
    // RBAC's policy-based storage: no privilege escalation through roles and bindings
    if (opts.user) confirmRbacWrite(storeLister(this.store), key, obj, undefined, opts.user);
    const md = obj.metadata;
    const requestName = md.name || md.generateName;
    if (!md.name) {
      if (md.generateName) {
        // the API server retries a generated name that is taken (registry/store.go, maxNameGenerationCreateAttempts)
        for (let attempt = 1; ; attempt++) {
          md.name = md.generateName + this.rng.string(5);
          if (!this.store.get(key, md.namespace, md.name) || attempt >= MAX_NAME_GENERATION_ATTEMPTS) break;
        }
      } else {
        throw invalid(info.kind, info.group, '', [field.required('metadata.name', 'name or generateName is required')]);
      }
    }
    if (this.store.get(key, md.namespace, md.name)) throw alreadyExists(key, md.name);
    delete md.resourceVersion;
    delete md.deletionTimestamp;
    md.uid = this.rng.uuid();
    md.creationTimestamp = this.clock.timestamp();
    if (GENERATION_KINDS.has(key)) md.generation = 1;
    else delete md.generation;
    const strategy = this.strategies[key] ?? {};
    const ctx = this.ctx(!!opts.dryRun, requestName, opts.user);
    strategy.defaults?.(obj, ctx);
    // managedFields are taken from the object before mutating admission (the create handler's order): fields that
    // admission adds, such as the pod's token volume, priority and default tolerations, belong to no manager
    const unadmitted = strategy.admit && !this.applying ? clone(obj) : undefined;
    strategy.admit?.(obj, ctx);
    const causes = strategy.validate?.(obj, ctx) ?? [];
    if (causes.length) throw invalid(info.kind, info.group, md.name, causes);
    if (opts.warnings) opts.warnings.push(...podWarnings(key, obj, undefined));
    if (info.crd) prepareCustomResource(obj, undefined, info, this.store, opts);
    if (!this.applying) recordUpdate(typeFor(info, this.store), undefined, unadmitted ?? obj, this.fieldRequest(key, info, opts));
    if (unadmitted) md.managedFields = unadmitted.metadata.managedFields;
    if (!md.managedFields) delete md.managedFields;
    strategy.allocate?.(obj, undefined, ctx);
    // validating admission: ResourceQuota
    admitQuota(key, obj, undefined, this.store);
    strategy.initialStatus?.(obj, ctx);
    if (opts.dryRun) return obj as T;
    md.resourceVersion = this.store.nextResourceVersion();
    this.store.put(key, obj);
    this.dirty = true;
    return obj as T;
  }

  /** PUT: replaces spec/metadata; status is kept from the stored object unless the kind has no status subresource. */
  update<T extends KubeObject = KubeObject>(input: KubeObject, opts: WriteOptions = {}): T {
    return this.write(input, opts, false) as T;
  }

  /** PUT .../status: only status changes. */
  updateStatus<T extends KubeObject = KubeObject>(input: KubeObject, opts: WriteOptions = {}): T {
    return this.write(input, opts, true) as T;
  }

  /** PUT/PATCH pods/ephemeralcontainers: the pod with only its ephemeral containers changed. */
  updateEphemeralContainers(input: Pod, opts: WriteOptions = {}): Pod {
    return this.write(input, { ...opts, subresource: 'ephemeralcontainers' }, false) as Pod;
  }

  /**
   * PATCH with application/apply-patch+yaml (server-side apply): the configuration merged into the live object
   * by the schema's list and map types, field ownership moved to `fieldManager`, fields it no longer applies
   * pruned; a create when the object does not exist. Conflicts are the API server's 409 unless forced.
   */
  apply<T extends KubeObject = KubeObject>(config: KubeObject, opts: ApplyOptions): T {
    const info = this.resourceOf(config);
    const key = resourceKey(info);
    const input = clone(config);
    if (opts.fieldValidation) decodeRequestBody(input, info, opts.fieldValidation, opts.warnings, opts.patch ?? config);
    input.metadata = input.metadata ?? {};
    const ns = info.namespaced ? input.metadata.namespace || 'default' : undefined;
    if (info.namespaced) input.metadata.namespace = ns;
    const live = this.store.get(key, ns, input.metadata.name ?? '');
    const req = { ...this.fieldRequest(key, info, opts), force: !!opts.force };
    const next = recordApply(typeFor(info, this.store), live, input, req);
    if (!next) return live as T;
    this.applying = true;
    try {
      const writeOpts: WriteOptions = { dryRun: opts.dryRun, warnings: opts.warnings, user: opts.user, patch: opts.patch ?? config };
      return (live ? this.write(next, writeOpts, false) : this.create(next, writeOpts)) as T;
    } finally {
      this.applying = false;
    }
  }

  private fieldRequest(key: string, info: ResourceInfo, opts: WriteOptions) {
    const hasStatus = info.crd ? hasStatusSubresource(info, this.store) : HAS_STATUS_SUBRESOURCE.has(key);
    return { manager: opts.fieldManager ?? this.manager, subresource: opts.subresource, time: this.clock.timestamp(), ignored: resetFields(key, hasStatus, opts.subresource) };
  }

  private write(input: KubeObject, opts: WriteOptions, statusOnly: boolean): KubeObject {
    const info = this.resourceOf(input);
    const key = resourceKey(info);
    // a status write only takes the input's status: no copy of the rest
    const obj = statusOnly ? input : clone(input);
    if (opts.fieldValidation && !statusOnly) decodeRequestBody(obj, info, opts.fieldValidation, opts.warnings, opts.patch);
    const ns = info.namespaced ? obj.metadata.namespace || 'default' : undefined;
    if (!statusOnly) {
      obj.metadata.namespace = ns;
      if (!info.namespaced) delete obj.metadata.namespace;
    }
    const name = obj.metadata.name ?? '';
    const old = this.store.get(key, ns, name);
    if (!old) throw notFound(key, name);
    if (obj.metadata.resourceVersion && obj.metadata.resourceVersion !== old.metadata.resourceVersion) {
      throw conflict(key, name, 'the object has been modified; please apply your changes to the latest version and try again');
    }
    let next: KubeObject;
    if (statusOnly) {
      // old with the input's status in its place: stored objects are never changed in place, so the new version
      // shares old's spec (a copy of its metadata takes the new resourceVersion and managedFields)
      const copy: Record<string, unknown> = {};
      for (const k of Object.keys(old)) copy[k] = k === 'status' ? undefined : k === 'metadata' ? { ...old.metadata } : (old as unknown as Record<string, unknown>)[k];
      next = copy as unknown as KubeObject;
      next.status = clone(input.status);
      this.strategies[key]?.statusUpdate?.(next, old, this.ctx(!!opts.dryRun));
      if (STATUS_WRITES_ANNOTATIONS.has(key)) {
        next.metadata = { ...next.metadata, annotations: clone(input.metadata.annotations) };
        if (next.metadata.annotations === undefined) delete next.metadata.annotations;
      }
      recordUpdate(typeFor(info, this.store), old, next, this.fieldRequest(key, info, { ...opts, subresource: 'status' }));
    } else if (opts.subresource === 'ephemeralcontainers' && key === 'pods') {
      // only spec.ephemeralContainers changes (registry/ephemeral-containers.ts)
      next = ephemeralContainersNext(old as Pod, obj as Pod);
      const causes = validateEphemeralContainersUpdate(next as Pod, old as Pod);
      if (causes.length) throw invalid(info.kind, info.group, name, causes);
      recordUpdate(typeFor(info, this.store), old, next, this.fieldRequest(key, info, opts));
    } else {
      next = obj;
      // identity fields are the server's
      next.metadata.uid = old.metadata.uid;
      next.metadata.creationTimestamp = old.metadata.creationTimestamp;
      if (old.metadata.deletionTimestamp) next.metadata.deletionTimestamp = old.metadata.deletionTimestamp;
      if (HAS_STATUS_SUBRESOURCE.has(key)) {
        if (old.status === undefined) delete next.status;
        else next.status = clone(old.status);
      }
      if (opts.user) confirmRbacWrite(storeLister(this.store), key, next, old, opts.user);
      const strategy = this.strategies[key] ?? {};
      const ctx = this.ctx(!!opts.dryRun);
      strategy.defaultsUpdate?.(next, old, ctx);
      const causes = strategy.validateUpdate?.(next, old, ctx) ?? [];
      if (causes.length) throw invalid(info.kind, info.group, name, causes);
      if (opts.warnings) opts.warnings.push(...podWarnings(key, next, old));
      if (info.crd) prepareCustomResource(next, old, info, this.store, opts);
      if (!this.applying) recordUpdate(typeFor(info, this.store), old, next, this.fieldRequest(key, info, opts));
      strategy.allocate?.(next, old, ctx);
      admitQuota(key, next, old, this.store);
      if (GENERATION_KINDS.has(key)) {
        const changed = strategy.generationChanged
          ? strategy.generationChanged(next, old)
          : !jsonEqual(specOf(next), specOf(old));
        next.metadata.generation = (old.metadata.generation ?? 1) + (changed ? 1 : 0);
      }
    }
    if (jsonEqual(withoutVersion(next), withoutVersion(old))) {
      // no-op update: real API servers do not bump resourceVersion
      return old;
    }
    if (opts.dryRun) return next;
    next.metadata.resourceVersion = this.store.nextResourceVersion();
    if (next.metadata.deletionTimestamp && !next.metadata.finalizers?.length && old.metadata.finalizers?.length && (key !== 'pods' || next.metadata.deletionGracePeriodSeconds === 0)) {
      // the last finalizer of an object being deleted is gone: the object goes
      if (!next.metadata.finalizers) delete next.metadata.finalizers;
      this.store.remove(key, ns, name);
      this.dirty = true;
      return next;
    }
    this.store.put(key, next);
    this.dirty = true;
    return next;
  }

  /**
   * DELETE. Namespaces go to Terminating first (the namespace controller empties and removes them); other objects
   * are removed at once and the garbage collector follows ownerReferences (Orphan strips them instead).
   */
  delete<T extends KubeObject = KubeObject>(key: string, ns: string | undefined, name: string, opts: DeleteOptions = {}): T {
    const info = this.resource(key);
    const nsKey = info.namespaced ? ns || 'default' : undefined;
    const old = this.store.get(key, nsKey, name);
    if (!old) throw notFound(key, name);
    // NamespaceLifecycle admission: the immortal namespaces refuse deletion (dry runs are admitted too)
    if (key === 'namespaces' && IMMORTAL_NAMESPACES.includes(name)) {
      throw new StatusError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
    }
    if (opts.dryRun) return old as T;
    if (key === 'namespaces') {
      if (!old.metadata.deletionTimestamp) {
        const next = clone(old);
        next.metadata.deletionTimestamp = this.clock.timestamp();
        next.status = { ...(next.status ?? {}), phase: 'Terminating' };
        next.metadata.resourceVersion = this.store.nextResourceVersion();
        this.store.put(key, next);
        this.dirty = true;
        return next as T;
      }
      return old as T;
    }
    if (key === 'pods') {
      const graceful = this.gracefulPodDelete(old, opts);
      if (graceful) return graceful as T;
    }
    // an object with finalizers is only marked: it goes once the last finalizer is removed (see write)
    if (old.metadata.finalizers?.length) {
      if (old.metadata.deletionTimestamp && old.metadata.deletionGracePeriodSeconds === 0) return old as T;
      const next = clone(old);
      next.metadata.deletionTimestamp ??= this.clock.timestamp();
      next.metadata.deletionGracePeriodSeconds = 0;
      next.metadata.resourceVersion = this.store.nextResourceVersion();
      this.store.put(key, next);
      this.dirty = true;
      return next as T;
    }
    if (opts.propagationPolicy === 'Orphan') this.orphanDependents(old);
    // the CRD's finalizer (customresourcecleanup.apiextensions.k8s.io) deletes every custom resource it served
    if (key === CRD_KEY) for (const cr of this.store.list(name)) this.store.remove(name, cr.metadata.namespace, cr.metadata.name ?? '');
    this.store.remove(key, nsKey, name);
    this.store.nextResourceVersion();
    this.dirty = true;
    return old as T;
  }

  /**
   * Pod graceful deletion (pod strategy CheckGracefulDelete): a pod bound to a node and not yet finished gets a
   * deletionTimestamp of now + its grace period and stays, Terminating, until the kubelet has stopped its
   * containers and deletes it with grace 0. An unbound or finished pod, or grace 0, goes at once. A second delete
   * may only shorten the grace period. Returns undefined when the pod is to be removed now.
   */
  private gracefulPodDelete(old: KubeObject, opts: DeleteOptions): KubeObject | undefined {
    const pod = old as KubeObject & { spec?: { nodeName?: string; terminationGracePeriodSeconds?: number }; status?: { phase?: string } };
    let grace = opts.gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
    if (grace < 0) grace = 1;
    const phase = pod.status?.phase;
    if (!pod.spec?.nodeName || phase === 'Succeeded' || phase === 'Failed') grace = 0;
    if (grace === 0) return undefined;
    const md = old.metadata;
    const deadline = this.clock.nowMs() + grace * 1000;
    if (md.deletionTimestamp) {
      const current = Date.parse(md.deletionTimestamp);
      if (deadline >= current) return old;
    }
    const next = clone(old);
    next.metadata.deletionTimestamp = rfc3339(deadline);
    next.metadata.deletionGracePeriodSeconds = grace;
    next.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.put('pods', next);
    this.dirty = true;
    return next;
  }

  /** Final removal of a namespace once it is empty (namespace controller). */
  finalizeNamespace(name: string): void {
    if (this.store.remove('namespaces', undefined, name)) {
      this.store.nextResourceVersion();
      this.dirty = true;
    }
  }

  private orphanDependents(owner: KubeObject): void {
    const uid = owner.metadata.uid;
    for (const key of this.store.resources()) {
      for (const o of this.store.list(key, owner.metadata.namespace)) {
        const refs = o.metadata.ownerReferences;
        if (!refs?.some((r) => r.uid === uid)) continue;
        const next = clone(o);
        next.metadata.ownerReferences = refs.filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        next.metadata.resourceVersion = this.store.nextResourceVersion();
        this.store.put(key, next);
      }
    }
  }

  /**
   * POST pods/NAME/binding (the scheduler's bind): sets spec.nodeName once and the PodScheduled condition,
   * as the pod storage's assignPod does. A pod already bound gets a Conflict.
   */
  bind(ns: string, name: string, nodeName: string): KubeObject {
    const old = this.store.get('pods', ns, name);
    if (!old) throw notFound('pods', name);
    if (old.spec?.nodeName) {
      // assignPod's NewConflict names the binding subresource
      throw conflict('pods/binding', name, `pod ${name} is already assigned to node "${old.spec.nodeName}"`);
    }
    const next = clone(old);
    next.spec.nodeName = nodeName;
    const status = (next.status ??= {});
    const conds = ((status.conditions ?? []) as Array<Record<string, unknown>>).filter((c) => c.type !== 'PodScheduled');
    conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.clock.timestamp() });
    status.conditions = conds;
    next.metadata.resourceVersion = this.store.nextResourceVersion();
    this.store.put('pods', next);
    this.dirty = true;
    return next;
  }

  // ------------------------------------------------------------------ events

  /**
   * Records a core/v1 Event as client-go's recorder does: a repeat of the same (object, reason, message, source)
   * bumps count and lastTimestamp instead of creating a new Event.
   */
  recordEvent(...args: Parameters<EventRecorder['record']>): void {
    this.events.record(...args);
  }
}


/** The object as compared for a no-op update (JSON equality, resourceVersion left out). */
function withoutVersion(o: KubeObject): KubeObject {
  return { ...o, metadata: { ...o.metadata, resourceVersion: undefined } };
}

// client-go's event recorder as the API server side of kubesim uses it: core/v1 Events, with repeats of the same
// (object, reason, message, source) counted on the first Event instead of creating new ones.

import { rfc3339, type Clock } from '../state/clock.js';
import type { Rng } from '../state/rng.js';
import { deepClone } from './jsonequal.js';
import type { ObjectStore } from './store.js';
import type { Event, KubeObject, ObjectReference } from './types.js';

/** recordEvent's extras: when the occurrence happened (default now) and how many it stands for. */
export interface EventOptions {
  atMs?: number;
  times?: number;
  /** a new event counting `times` occurrences: when the first of them happened (firstTimestamp) */
  firstMs?: number;
}

export class EventRecorder {
  constructor(
    private readonly store: ObjectStore,
    private readonly clock: Clock,
    private readonly rng: Rng,
    private readonly markDirty: () => void,
  ) {}

  /**
   * Records a core/v1 Event as client-go's recorder does: a repeat of the same (object, reason, message, source)
   * bumps count and lastTimestamp instead of creating a new Event.
   */
  record(
    involved: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    source: { component: string; host?: string },
    fieldPath?: string,
    opts: EventOptions = {},
  ): void {
    const ns = involved.metadata.namespace || 'default';
    const now = opts.atMs !== undefined ? rfc3339(opts.atMs) : this.clock.timestamp();
    const times = Math.max(1, opts.times ?? 1);
    const matchesEvent = (e: Event) =>
      e.involvedObject.uid === involved.metadata.uid &&
      e.reason === reason &&
      e.message === message &&
      e.source?.component === source.component &&
      e.involvedObject.fieldPath === fieldPath;
    const sig = eventSignature(ns, involved.metadata.uid, reason, message, source.component, fieldPath);
    const index = this.eventIndex();
    let existing: Event | undefined;
    const hit = index.first.get(sig);
    if (hit !== undefined) {
      existing = this.store.get('events', ns, hit) as Event | undefined;
      // the index is a shortcut only: anything unexpected goes the long way (first match in list order)
      if (!existing || !matchesEvent(existing)) existing = (this.store.list('events', ns) as Event[]).find(matchesEvent);
    }
    if (existing) {
      const next = deepClone(existing);
      next.count = (next.count ?? 1) + times;
      if (!next.lastTimestamp || now > next.lastTimestamp) next.lastTimestamp = now;
      next.metadata.resourceVersion = this.store.nextResourceVersion();
      this.store.put('events', next);
      this.markDirty();
      index.writes = this.store.writeCount('events');
      return;
    }
    const ref: ObjectReference = {
      kind: involved.kind,
      namespace: involved.metadata.namespace,
      name: involved.metadata.name,
      uid: involved.metadata.uid,
      apiVersion: involved.apiVersion,
      resourceVersion: involved.metadata.resourceVersion,
    };
    if (fieldPath) ref.fieldPath = fieldPath;
    if (!involved.metadata.namespace) delete ref.namespace;
    // `<name>.<hex UnixNano>` as client-go's recorder names events. The sub-millisecond digits carry the (persisted)
    // cluster-wide resourceVersion, so names stay unique and sort in causal order while the virtual clock stands still.
    const rv = this.store.nextResourceVersion();
    let nanos = BigInt(opts.atMs ?? this.clock.nowMs()) * 1000000n + BigInt(Number(rv) % 1000000);
    while (this.store.get('events', ns, `${involved.metadata.name}.${nanos.toString(16)}`)) nanos += 1n;
    const event: Event = {
      apiVersion: 'v1',
      kind: 'Event',
      metadata: {
        name: `${involved.metadata.name}.${nanos.toString(16)}`,
        namespace: ns,
        uid: this.rng.uuid(),
        creationTimestamp: now,
        resourceVersion: rv,
      },
      involvedObject: ref,
      reason,
      message,
      source: source.host ? { component: source.component, host: source.host } : { component: source.component },
      firstTimestamp: opts.firstMs !== undefined && times > 1 && opts.firstMs < (opts.atMs ?? Infinity) ? rfc3339(opts.firstMs) : now,
      lastTimestamp: now,
      count: times,
      type,
      eventTime: null,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    };
    this.store.put('events', event);
    this.markDirty();
    index.first.set(sig, event.metadata.name!);
    index.writes = this.store.writeCount('events');
  }

  private cache?: { writes: number; first: Map<string, string> };

  /** Events by (namespace, involved uid, reason, message, component, fieldPath) -> name of the first in list
   *  order, rebuilt whenever events were written other than by recordEvent. */
  private eventIndex(): { writes: number; first: Map<string, string> } {
    const writes = this.store.writeCount('events');
    if (this.cache && this.cache.writes === writes) return this.cache;
    const first = new Map<string, string>();
    for (const o of this.store.list('events')) {
      const e = o as Event;
      if (!e.involvedObject) continue;
      const sig = eventSignature(e.metadata.namespace, e.involvedObject.uid, e.reason, e.message, e.source?.component, e.involvedObject.fieldPath);
      if (!first.has(sig)) first.set(sig, e.metadata.name!);
    }
    return (this.cache = { writes, first });
  }
}

function eventSignature(...parts: unknown[]): string {
  return JSON.stringify(parts.map((p) => (p === undefined ? { u: 1 } : p)));
}

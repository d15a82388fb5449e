// structured-merge-diff's merge.Updater: field ownership through an Update (the manager takes what it added or
// changed; every manager loses what was removed) and an Apply (the applied configuration is merged in; fields
// the applier applied last time and no longer applies are pruned unless another manager owns them; fields other
// managers own and the apply changes are conflicts unless forced).

import { jsonEqual } from '../jsonequal.js';
import { FieldSet } from './fieldset.js';
import { compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet } from './typed.js';
import type { TypeNode } from './types.js';

/** One manager's fields: keyed in a Managers map by its identifier (manager, operation, apiVersion for Update, subresource). */
export interface ManagerEntry {
  manager: string;
  operation: 'Apply' | 'Update';
  apiVersion: string;
  subresource?: string;
  time?: string;
  set: FieldSet;
}

export type Managers = Map<string, ManagerEntry>;

/** fieldmanager's BuildManagerIdentifier: the entry without fields and time (and, for appliers, apiVersion), as JSON. */
export function managerId(e: Pick<ManagerEntry, 'manager' | 'operation' | 'apiVersion' | 'subresource'>): string {
  const o: Record<string, string> = { manager: e.manager, operation: e.operation };
  if (e.operation === 'Update' && e.apiVersion) o.apiVersion = e.apiVersion;
  if (e.subresource) o.subresource = e.subresource;
  return JSON.stringify(o);
}

export interface Conflict {
  managerId: string;
  entry: ManagerEntry;
  path: string[];
}

export class ConflictsError extends Error {
  constructor(readonly conflicts: Conflict[]) {
    super('conflicts');
  }
}

function filtered(c: { added: FieldSet; modified: FieldSet; removed: FieldSet }, ignored: FieldSet | undefined) {
  if (!ignored) return c;
  return { added: c.added.recursiveDifference(ignored), modified: c.modified.recursiveDifference(ignored), removed: c.removed.recursiveDifference(ignored) };
}

/** smd Updater.update: other managers lose removed fields and (forced) the fields this change took from them. */
function updateOthers(t: TypeNode, live: unknown, next: unknown, managers: Managers, self: string, force: boolean, ignored?: FieldSet) {
  const cmp = filtered(compare(t, live, next), ignored);
  const changed = cmp.modified.union(cmp.added);
  const conflicts: Conflict[] = [];
  const out: Managers = new Map();
  for (const [id, e] of managers) {
    if (id === self) {
      out.set(id, e);
      continue;
    }
    let set = e.set;
    const conflict = set.intersection(changed);
    if (!conflict.empty()) {
      for (const path of conflict.paths()) conflicts.push({ managerId: id, entry: e, path });
      set = set.difference(conflict);
    }
    if (!cmp.removed.empty()) set = set.difference(cmp.removed);
    if (!set.empty()) out.set(id, set === e.set ? e : { ...e, set });
  }
  if (!force && conflicts.length) {
    conflicts.sort((a, b) => (a.managerId < b.managerId ? -1 : a.managerId > b.managerId ? 1 : 0));
    throw new ConflictsError(conflicts);
  }
  return { managers: out, cmp };
}

/**
 * An Update by `entry` (its set is ignored): the manager's set gains what it added or modified and loses what it
 * removed; `changed` tells whether it took any field (managedFieldsUpdater then stamps the time).
 */
export function updateManaged(t: TypeNode, live: unknown, next: unknown, managers: Managers, entry: Omit<ManagerEntry, 'set'>, ignored?: FieldSet, strip?: (s: FieldSet) => FieldSet): { managers: Managers; changed: boolean } {
  const current = '\u0000current-operation';
  const { managers: out, cmp } = updateOthers(t, live, next, managers, current, true, ignored);
  let taken = cmp.modified.union(cmp.added).difference(cmp.removed);
  if (ignored) taken = taken.recursiveDifference(ignored);
  if (strip) taken = strip(taken);
  const id = managerId(entry);
  if (taken.empty()) return { managers: out, changed: false };
  const prev = out.get(id);
  out.set(id, { ...entry, ...(prev ? { time: prev.time } : {}), set: prev ? taken.union(prev.set) : taken });
  return { managers: out, changed: true };
}

/**
 * An Apply of `config` by `entry`: the merged object (undefined when nothing changes) and the managers.
 * Throws ConflictsError unless forced.
 */
export function applyManaged(t: TypeNode, live: unknown, config: unknown, managers: Managers, entry: Omit<ManagerEntry, 'set'>, force: boolean, ignored?: FieldSet, strip?: (s: FieldSet) => FieldSet): { object: unknown; managers: Managers } {
  const id = managerId(entry);
  let merged = merge(t, live, config);
  const lastSet = managers.get(id)?.set;
  let set = toFieldSet(t, config);
  if (ignored) set = set.recursiveDifference(ignored);
  if (strip) set = strip(set);
  const next: Managers = new Map(managers);
  next.set(id, { ...entry, time: managers.get(id)?.time, set });
  merged = prune(t, merged, next, lastSet);
  const { managers: out } = updateOthers(t, live, merged, next, id, force, ignored);
  const noop = jsonEqual(live, merged);
  return { object: noop ? undefined : merged, managers: out };
}

/** smd prune: fields the applier applied last time, not this time, that no manager owns, go. */
function prune(t: TypeNode, merged: unknown, managers: Managers, lastSet: FieldSet | undefined): unknown {
  if (!lastSet || lastSet.empty()) return merged;
  const named = (s: FieldSet) => ensureNamedFieldsAreMembers(t, s);
  let pruned = removeItems(t, merged, named(lastSet));
  // addBackOwnedItems: what any manager (the applier's new set included) owns comes back
  let managed = new FieldSet();
  for (const e of managers.values()) managed = managed.union(e.set);
  let mergedSet = named(toFieldSet(t, merged));
  let prunedSet = named(toFieldSet(t, pruned));
  pruned = removeItems(t, merged, mergedSet.difference(prunedSet.union(named(managed))));
  // addBackDanglingItems: only what the applier owned last time may go
  mergedSet = named(toFieldSet(t, merged));
  prunedSet = named(toFieldSet(t, pruned));
  return removeItems(t, merged, mergedSet.difference(prunedSet).intersection(named(lastSet)));
}

// structured-merge-diff's typed-value walks over plain JSON values: the field set a value sets (ToFieldSet), the
// comparison of two values (Compare: added, modified, removed), the merge of an applied configuration into a
// live object (Merge, the applied side winning), and removal of the items of a set (RemoveItems). Absent values
// are `undefined`; `null` is a value. An empty or null map or list on both sides is compared as a leaf, as smd
// does to keep the empty/null distinction.

import { jsonEqual } from '../jsonequal.js';
import { FieldSet, fieldElement, indexElement, keyElement, valueElement } from './fieldset.js';
import { DEDUCED, type TypeNode } from './types.js';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function emptyish(v: unknown): boolean {
  return v === undefined || v === null || (Array.isArray(v) ? v.length === 0 : isObj(v) && Object.keys(v).length === 0);
}

/** Whether a node is walked as a leaf: scalars, atomic types, deduced non-maps, and empty-on-both-sides. */
function leaf(t: TypeNode, a: unknown, b: unknown): boolean {
  if (t.kind === 'scalar' || t.atomic) return true;
  if (t.kind === 'deduced') return !isObj(a ?? b) || (a !== undefined && !isObj(a)) || (b !== undefined && !isObj(b));
  if (t.kind === 'list') return (a !== undefined && a !== null && !Array.isArray(a)) || (b !== undefined && b !== null && !Array.isArray(b)) || (emptyish(a) && emptyish(b));
  // struct or map
  return (a !== undefined && a !== null && !isObj(a)) || (b !== undefined && b !== null && !isObj(b)) || (emptyish(a) && emptyish(b));
}

function childType(t: TypeNode, key: string): TypeNode {
  if (t.kind === 'struct') return t.field(key) ?? DEDUCED;
  if (t.kind === 'map' || t.kind === 'deduced') return t.elem();
  return DEDUCED;
}

/** The path element of a list item. */
export function itemElement(t: TypeNode, item: unknown, index: number): string {
  if (t.listType === 'map' && isObj(item)) {
    // a key the item omits takes its schema default (smd: ports are keyed by containerPort and protocol TCP)
    let keyed = item;
    for (const k of t.keys) {
      if (item[k] !== undefined) continue;
      const d = t.elem().fieldDefault(k);
      if (d !== undefined) keyed = { ...keyed, [k]: d };
    }
    return keyElement(keyed, t.keys);
  }
  if (t.listType === 'set') return valueElement(item);
  return indexElement(index);
}

/** Items of a list keyed by path element (a duplicate key keeps its first item, as smd's observed map does). */
function indexItems(t: TypeNode, list: unknown): Array<[string, unknown]> {
  if (!Array.isArray(list)) return [];
  return list.map((item, i) => [itemElement(t, item, i), item]);
}

// ------------------------------------------------------------------ ToFieldSet

/** The set of fields a value sets (smd TypedValue.ToFieldSet). */
export function toFieldSet(t: TypeNode, v: unknown): FieldSet {
  const set = new FieldSet();
  walkSet(t, v, [], set);
  return set;
}

function walkSet(t: TypeNode, v: unknown, path: string[], set: FieldSet): void {
  if (t.kind === 'scalar' || t.atomic || (t.kind === 'deduced' && !isObj(v))) {
    if (path.length) set.insert(path);
    return;
  }
  if (t.kind === 'list') {
    if (!Array.isArray(v)) return;
    v.forEach((item, i) => {
      const p = [...path, itemElement(t, item, i)];
      walkSet(t.elem(), item, p, set);
      set.insert(p);
    });
    return;
  }
  if (!isObj(v)) return;
  for (const [k, val] of Object.entries(v)) {
    if (val === undefined) continue;
    const p = [...path, fieldElement(k)];
    walkSet(childType(t, k), val, p, set);
    if (val === null || (isObj(val) && Object.keys(val).length === 0) || t.kind !== 'struct' || !t.declares(k)) set.insert(p);
  }
}

// ------------------------------------------------------------------ Compare

export interface Comparison {
  added: FieldSet;
  modified: FieldSet;
  removed: FieldSet;
}

/** smd TypedValue.Compare: the paths rhs adds to, changes in, and removes from lhs. */
export function compare(t: TypeNode, lhs: unknown, rhs: unknown): Comparison {
  const c: Comparison = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  walkCompare(t, lhs, rhs, [], c);
  return c;
}

function walkCompare(t: TypeNode, lhs: unknown, rhs: unknown, path: string[], c: Comparison): void {
  // the very same value on both sides (a status write shares the rest of the object): nothing below differs
  if (lhs === rhs && lhs !== undefined) return;
  if (leaf(t, lhs, rhs)) {
    if (!path.length) return;
    if (lhs === undefined) c.added.insert(path);
    else if (rhs === undefined) c.removed.insert(path);
    else if (!jsonEqual(lhs, rhs)) c.modified.insert(path);
    return;
  }
  if (t.kind === 'list') {
    const l = new Map(indexItems(t, lhs).reverse());
    const r = new Map(indexItems(t, rhs).reverse());
    for (const [el, item] of indexItems(t, rhs)) if (r.get(el) === item) walkCompare(t.elem(), l.get(el), item, [...path, el], c);
    for (const [el, item] of indexItems(t, lhs)) if (!r.has(el) && l.get(el) === item) walkCompare(t.elem(), item, undefined, [...path, el], c);
  } else {
    const l = isObj(lhs) ? lhs : {};
    const r = isObj(rhs) ? rhs : {};
    for (const k of Object.keys(l)) if (l[k] !== undefined) walkCompare(childType(t, k), l[k], r[k], [...path, fieldElement(k)], c);
    for (const k of Object.keys(r)) if (r[k] !== undefined && l[k] === undefined) walkCompare(childType(t, k), undefined, r[k], [...path, fieldElement(k)], c);
  }
  if (!path.length) return;
  if (lhs === undefined) c.added.insert(path);
  else if (rhs === undefined) c.removed.insert(path);
}

// ------------------------------------------------------------------ Merge

/** smd TypedValue.Merge: rhs (the applied configuration) merged into lhs (the live object); rhs wins on leaves. */
export function merge(t: TypeNode, lhs: unknown, rhs: unknown): unknown {
  if (rhs === undefined) return lhs;
  if (lhs === undefined) return rhs;
  if (leaf(t, lhs, rhs)) return rhs;
  if (t.kind === 'list') return mergeList(t, lhs, rhs);
  const l = isObj(lhs) ? lhs : {};
  const r = isObj(rhs) ? rhs : {};
  const out: Obj = {};
  for (const k of Object.keys(l)) {
    const m = merge(childType(t, k), l[k], r[k]);
    if (m !== undefined) out[k] = m;
  }
  for (const k of Object.keys(r)) if (!(k in out) && r[k] !== undefined) out[k] = r[k];
  return Object.keys(out).length ? out : lhs;
}

/**
 * Associative list merge in smd's order (merge.go visitListItems): the live items keep their places, items both
 * sides hold follow the applied order among themselves, new applied items go where the applied list has them.
 */
function mergeList(t: TypeNode, lhs: unknown, rhs: unknown): unknown {
  const lItems = indexItems(t, lhs);
  const rItems = indexItems(t, rhs);
  const observedL = new Map<string, unknown>();
  for (const [el, item] of lItems) if (!observedL.has(el)) observedL.set(el, item);
  const observedR = new Map<string, unknown>();
  for (const [el, item] of rItems) if (!observedR.has(el)) observedR.set(el, item);
  const shared = rItems.map(([el]) => el).filter((el) => observedL.has(el));
  let nextShared = shared.shift();
  const mergedR = new Set<string>();
  const out: unknown[] = [];
  const elem = t.elem();
  let li = 0;
  let ri = 0;
  while (li < lItems.length || ri < rItems.length) {
    if (li < lItems.length && ri < rItems.length) {
      const pe = lItems[li][0];
      if (pe === rItems[ri][0]) {
        mergedR.add(pe);
        const m = merge(elem, observedL.get(pe), observedR.get(pe));
        if (m !== undefined) out.push(m);
        li++;
        ri++;
        nextShared = shared.shift();
        continue;
      }
      if (observedR.has(pe) && nextShared !== undefined && nextShared !== pe) {
        li++;
        continue;
      }
    }
    if (li < lItems.length) {
      const pe = lItems[li][0];
      if (!observedR.has(pe)) {
        out.push(lItems[li][1]);
        li++;
        continue;
      } else if (mergedR.has(pe)) {
        li++;
        continue;
      }
    }
    if (ri < rItems.length) {
      const pe = rItems[ri][0];
      mergedR.add(pe);
      const m = merge(elem, observedL.get(pe), observedR.get(pe));
      if (m !== undefined) out.push(m);
      ri++;
      if (nextShared !== undefined && nextShared === pe) nextShared = shared.shift();
    }
  }
  return out.length ? out : lhs;
}

// ------------------------------------------------------------------ RemoveItems

/** smd TypedValue.RemoveItems: the value without the members of the set (a member's whole subtree goes). */
export function removeItems(t: TypeNode, v: unknown, set: FieldSet): unknown {
  if (t.kind === 'scalar' || t.atomic) return v;
  if (t.kind === 'list') {
    if (!Array.isArray(v) || !v.length) return v;
    const out: unknown[] = [];
    v.forEach((item, i) => {
      const el = itemElement(t, item, i);
      const sub = set.child(el);
      if (sub?.member) return;
      out.push(sub && !sub.empty() ? removeItems(t.elem(), item, sub) : item);
    });
    return out.length ? out : v;
  }
  if (!isObj(v) || !Object.keys(v).length) return v;
  const out: Obj = {};
  for (const [k, val] of Object.entries(v)) {
    const sub = set.child(fieldElement(k));
    if (sub?.member) continue;
    out[k] = sub && !sub.empty() ? removeItems(childType(t, k), val, sub) : val;
  }
  return Object.keys(out).length ? out : v;
}

/** smd Set.EnsureNamedFieldsAreMembers: struct fields with members below them become members themselves. */
export function ensureNamedFieldsAreMembers(t: TypeNode, set: FieldSet): FieldSet {
  const s = new FieldSet();
  s.member = set.member;
  for (const [el, child] of set.children) {
    let ct: TypeNode = DEDUCED;
    if (el.startsWith('f:')) ct = childType(t, el.slice(2));
    else if (t.kind === 'list') ct = t.elem();
    const c = ensureNamedFieldsAreMembers(ct, child);
    if (el.startsWith('f:') && t.kind === 'struct' && t.declares(el.slice(2))) c.member = true;
    s.children.set(el, c);
  }
  return s;
}

// ------------------------------------------------------------------ the Go zero value

/** The Go zero value of a kind as the API server converts it for a create's comparison (`{}` for unknown types). */
export function zeroValue(t: TypeNode): Obj {
  const out: Obj = {};
  for (const [k, how] of t.zeroFields()) {
    const ft = t.field(k);
    out[k] = how === 'struct' && ft ? zeroValue(ft) : null;
  }
  return out;
}

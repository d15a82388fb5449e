// ResAccumulator.FixBackReferences (api/filters/nameref): after prefixes, suffixes and hash suffixes renamed
// resources, every field that names one of them (pod volumes, envFrom, roleRef, subjects, ...) gets the new name.

import { walkPath } from './fieldspecs.js';
import { NAME_REFERENCES, type RefSpec } from './namereference-specs.js';
import { gvkOf, isMap, KustomizeError, nameOf, namespaceOf, type JsonMap, type Res } from './resource.js';
import { isClusterScoped } from './transformers.js';

function sameList(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function resolve(spec: RefSpec, referrals: Res[], referrer: Res, name: string, namespace?: string): Res | undefined {
  let cands = referrals.filter((c) => c.names.includes(name));
  if (cands.length === 0) return undefined;
  cands = cands.filter((c) => {
    if (isClusterScoped(gvkOf(c.obj))) return true;
    const want = namespace !== undefined ? [namespace] : [namespaceOf(referrer.obj), referrer.namespaces[0]];
    return c.namespaces.some((ns) => want.includes(ns) || (ns === '' && want.includes('default')) || (ns === 'default' && want.includes('')));
  });
  if (cands.length <= 1) return cands[0];
  const sameNs = cands.filter((c) => namespaceOf(c.obj) === (namespace ?? namespaceOf(referrer.obj)));
  if (sameNs.length === 1) return sameNs[0];
  const affixed = (sameNs.length ? sameNs : cands).filter((c) => sameList(c.prefixes, referrer.prefixes) && sameList(c.suffixes, referrer.suffixes));
  if (affixed.length === 1) return affixed[0];
  throw new KustomizeError(`found multiple possible referrals: ${cands.map((c) => `${spec.kind}.${nameOf(c.obj)}`).join(', ')}`);
}

export function fixNameReferences(list: Res[]): void {
  for (const spec of NAME_REFERENCES) {
    const referrals = list.filter((r) => {
      const g = gvkOf(r.obj);
      return g.kind === spec.kind && (!spec.group || g.group === spec.group);
    });
    if (referrals.length === 0) continue;
    for (const referrer of list) {
      const g = gvkOf(referrer.obj);
      for (const f of spec.fields) {
        if (f.kind !== g.kind || (f.group && f.group !== g.group)) continue;
        walkPath(referrer.obj, f.path, false, (parent, key) => {
          const v = parent[key];
          if (typeof v === 'string') {
            const hit = resolve(spec, referrals, referrer, v);
            if (hit) parent[key] = nameOf(hit.obj);
          } else if (Array.isArray(v)) {
            v.forEach((el, i) => {
              if (typeof el === 'string') {
                const hit = resolve(spec, referrals, referrer, el);
                if (hit) v[i] = nameOf(hit.obj);
              } else if (isMap(el)) fixObjectRef(spec, referrals, referrer, el, key === 'subjects');
            });
          } else if (isMap(v)) fixObjectRef(spec, referrals, referrer, v, false);
        });
      }
    }
  }
}

/** a {name, namespace} reference (a binding subject, a webhook service) */
function fixObjectRef(spec: RefSpec, referrals: Res[], referrer: Res, ref: JsonMap, subject: boolean): void {
  if (subject && ref.kind !== spec.kind) return;
  if (typeof ref.name !== 'string') return;
  const hit = resolve(spec, referrals, referrer, ref.name, typeof ref.namespace === 'string' ? ref.namespace : undefined);
  if (!hit) return;
  ref.name = nameOf(hit.obj);
  const ns = namespaceOf(hit.obj);
  if (ns && (ref.namespace !== undefined || subject)) ref.namespace = ns;
}

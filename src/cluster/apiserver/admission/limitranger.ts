// The LimitRanger admission plugin (plugin/pkg/admission/limitranger) and LimitRange defaulting: containers
// without requests/limits get the namespace's defaults (noted in the kubernetes.io/limit-ranger annotation), then
// every Container and Pod item's min, max and maxLimitRequestRatio are enforced with the plugin's messages.

import { formatQuantity, quantityMilliValue, quantityOf, type Quantity } from '../quantity.js';
import { StatusError } from '../errors.js';
import type { Strategy } from '../registry/strategy.js';
import { podRequestsAndLimits } from '../resources.js';
import type { ObjectStore } from '../store.js';
import type { Container, KubeObject, Pod } from '../types.js';

type List = Record<string, string>;

interface Item {
  type?: string;
  min?: List;
  max?: List;
  default?: List;
  defaultRequest?: List;
  maxLimitRequestRatio?: List;
}

/** SetDefaults_LimitRangeItem: Container items default limit from max, request from limit, request from min. */
export function defaultLimitRange(obj: KubeObject): void {
  for (const item of ((obj.spec as { limits?: Item[] } | undefined)?.limits ?? []) as Item[]) {
    if (item.type !== 'Container') continue;
    item.default ??= {};
    item.defaultRequest ??= {};
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in item.default)) item.default[k] = v;
    for (const [k, v] of Object.entries(item.default)) if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in item.defaultRequest)) item.defaultRequest[k] = v;
    if (!Object.keys(item.default).length) delete item.default;
    if (!Object.keys(item.defaultRequest).length) delete item.defaultRequest;
  }
}

export const limitRangeStrategy: Strategy = { defaults: defaultLimitRange, defaultsUpdate: defaultLimitRange };

const str = (q: unknown) => formatQuantity(quantityOf(q as string));
const milli = (q: unknown) => quantityMilliValue(quantityOf(q as string));

function mergeContainer(c: Container, limits: List, requests: List, prefix: string, notes: string[]): void {
  const res = ((c.resources ??= {}) as { limits?: List; requests?: List });
  const setL: string[] = [];
  const setR: string[] = [];
  for (const [k, v] of Object.entries(limits)) {
    if (res.limits && k in res.limits) continue;
    (res.limits ??= {})[k] = v;
    setL.push(k);
  }
  for (const [k, v] of Object.entries(requests)) {
    if (res.requests && k in res.requests) continue;
    (res.requests ??= {})[k] = v;
    setR.push(k);
  }
  if (setR.length) notes.push(`${setR.sort().join(', ')} request for ${prefix} ${c.name}`);
  if (setL.length) notes.push(`${setL.sort().join(', ')} limit for ${prefix} ${c.name}`);
}

function check(kind: string, name: string, enforced: string, req: List, lim: List, what: 'min' | 'max' | 'ratio'): string | undefined {
  const e = quantityOf(enforced);
  const hasReq = name in req;
  const hasLim = name in lim;
  const r = milli(req[name]);
  const l = milli(lim[name]);
  const ev = quantityMilliValue(e);
  const es = formatQuantity(e);
  if (what === 'min') {
    if (!hasReq) return `minimum ${name} usage per ${kind} is ${es}.  No request is specified`;
    if (r < ev) return `minimum ${name} usage per ${kind} is ${es}, but request is ${str(req[name])}`;
    if (hasLim && l < ev) return `minimum ${name} usage per ${kind} is ${es}, but limit is ${str(lim[name])}`;
    return undefined;
  }
  if (what === 'max') {
    if (!hasLim) return `maximum ${name} usage per ${kind} is ${es}.  No limit is specified`;
    if (l > ev) return `maximum ${name} usage per ${kind} is ${es}, but limit is ${str(lim[name])}`;
    if (hasReq && r > ev) return `maximum ${name} usage per ${kind} is ${es}, but request is ${str(req[name])}`;
    return undefined;
  }
  if (!hasReq || r === 0n) return `${name} max limit to request ratio per ${kind} is ${es}, but no request is specified or request is 0`;
  if (!hasLim || l === 0n) return `${name} max limit to request ratio per ${kind} is ${es}, but no limit is specified or limit is 0`;
  const ratio = Number(l) / Number(r);
  if (ratio * 1000 > Number(ev)) return `${name} max limit to request ratio per ${kind} is ${es}, but provided ratio is ${ratio.toFixed(6)}`;
  return undefined;
}

function checkAll(kind: string, item: Item, req: List, lim: List, errs: string[]): void {
  for (const [n, v] of Object.entries(item.min ?? {}).sort()) {
    const e = check(kind, n, v, req, lim, 'min');
    if (e) errs.push(e);
  }
  for (const [n, v] of Object.entries(item.max ?? {}).sort()) {
    const e = check(kind, n, v, req, lim, 'max');
    if (e) errs.push(e);
  }
  for (const [n, v] of Object.entries(item.maxLimitRequestRatio ?? {}).sort()) {
    const e = check(kind, n, v, req, lim, 'ratio');
    if (e) errs.push(e);
  }
}

const asList = (m: Map<string, Quantity>): List => Object.fromEntries([...m].map(([k, q]) => [k, formatQuantity(q)]));

/** Admit a pod against the namespace's LimitRanges: defaults first, then the constraints. */
export function admitPodLimits(pod: Pod, store: ObjectStore): void {
  const ranges = store.list('limitranges', pod.metadata.namespace) as KubeObject[];
  if (!ranges.length) return;
  const errs: string[] = [];
  for (const lr of ranges) {
    const items = ((lr.spec as { limits?: Item[] } | undefined)?.limits ?? []) as Item[];
    const limits: List = {};
    const requests: List = {};
    for (const it of items) {
      if (it.type !== 'Container') continue;
      Object.assign(limits, it.default ?? {});
      Object.assign(requests, it.defaultRequest ?? {});
    }
    const notes: string[] = [];
    for (const c of pod.spec.containers ?? []) mergeContainer(c, limits, requests, 'container', notes);
    for (const c of pod.spec.initContainers ?? []) mergeContainer(c, limits, requests, 'init container', notes);
    if (notes.length) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), 'kubernetes.io/limit-ranger': `LimitRanger plugin set: ${notes.join('; ')}` };
    for (const it of items) {
      if (it.type === 'Container') {
        for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
          const r = (c.resources ?? {}) as { limits?: List; requests?: List };
          checkAll('Container', it, r.requests ?? {}, r.limits ?? {}, errs);
        }
      } else if (it.type === 'Pod') {
        const { reqs, limits: lims } = podRequestsAndLimits(pod);
        checkAll('Pod', it, asList(reqs), asList(lims), errs);
      }
    }
  }
  if (errs.length) {
    throw new StatusError('Forbidden', `pods "${pod.metadata.name ?? ''}" is forbidden: ${errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`}`, { name: pod.metadata.name, kind: 'pods' });
  }
}

// The shape check a saved state passes before kubesim uses it: every field the loader and the API server rely on
// has the type they expect (a string where a string is read, finite numbers for the clock, known resource keys
// with objects that have names). A state that fails is reported with the first wrong field's path instead of
// crashing, printing `NaNy` ages or being silently accepted.

import { RESOURCES, resourceKey } from '../apiserver/discovery.js';

type Json = unknown;

function kind(v: Json): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'number' && !Number.isFinite(v)) return 'not a finite number';
  return { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'an object' }[typeof v as 'string'] ?? typeof v;
}

const isObj = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: Json): v is string => typeof v === 'string';
const isNum = (v: Json): v is number => typeof v === 'number' && Number.isFinite(v);
const isInt = (v: Json): v is number => isNum(v) && Number.isInteger(v);

class ShapeError extends Error {}

function need(ok: boolean, path: string, v: Json, want: string): void {
  if (!ok) throw new ShapeError(`${path} is ${kind(v)}, not ${want}`);
}

function obj(v: Json, path: string): Record<string, Json> {
  need(isObj(v), path, v, 'an object');
  return v as Record<string, Json>;
}

function str(v: Json, path: string): string {
  need(isStr(v), path, v, 'a string');
  return v as string;
}

function optStr(v: Json, path: string): void {
  if (v !== undefined) str(v, path);
}

function stringMap(v: Json, path: string): void {
  if (v === undefined || v === null) return;
  for (const [k, x] of Object.entries(obj(v, path))) str(x, `${path}.${k}`);
}

let knownKeys: Set<string> | undefined;

function checkConfig(v: Json): void {
  const c = obj(v, 'config');
  need(isInt(c.seed), 'config.seed', c.seed, 'a whole number');
  need(c.clock === 'wall' || c.clock === 'virtual', 'config.clock', c.clock, '"wall" or "virtual"');
  for (const k of ['serviceCIDR', 'podCIDR', 'clusterDomain', 'kubernetesVersion']) str(c[k], `config.${k}`);
  const npr = obj(c.nodePortRange, 'config.nodePortRange');
  need(isInt(npr.base), 'config.nodePortRange.base', npr.base, 'a whole number');
  need(isInt(npr.size), 'config.nodePortRange.size', npr.size, 'a whole number');
  if (c.loadBalancerPool !== null && c.loadBalancerPool !== undefined) str(c.loadBalancerPool, 'config.loadBalancerPool');
  need(Array.isArray(c.nodes) && (c.nodes as Json[]).length > 0, 'config.nodes', c.nodes, 'a list of nodes');
  (c.nodes as Json[]).forEach((n, i) => {
    const p = `config.nodes[${i}]`;
    const node = obj(n, p);
    for (const k of ['name', 'ip', 'role', 'podCIDR']) str(node[k], `${p}.${k}`);
    need(Array.isArray(node.addresses), `${p}.addresses`, node.addresses, 'a list');
    (node.addresses as Json[]).forEach((a, j) => str(a, `${p}.addresses[${j}]`));
  });
  const kp = obj(c.kubeProxy, 'config.kubeProxy');
  obj(kp.iptables, 'config.kubeProxy.iptables');
}

function checkObject(v: Json, path: string): void {
  const o = obj(v, path);
  const md = obj(o.metadata, `${path}.metadata`);
  need(isStr(md.name) && md.name !== '', `${path}.metadata.name`, md.name, 'a name');
  optStr(md.namespace, `${path}.metadata.namespace`);
  optStr(md.uid, `${path}.metadata.uid`);
  optStr(md.resourceVersion, `${path}.metadata.resourceVersion`);
  for (const k of ['creationTimestamp', 'deletionTimestamp']) {
    if (md[k] === undefined || md[k] === null) continue;
    need(isStr(md[k]) && !Number.isNaN(Date.parse(md[k] as string)), `${path}.metadata.${k}`, md[k], 'an RFC 3339 time');
  }
  stringMap(md.labels, `${path}.metadata.labels`);
  stringMap(md.annotations, `${path}.metadata.annotations`);
  if (md.ownerReferences !== undefined) need(Array.isArray(md.ownerReferences), `${path}.metadata.ownerReferences`, md.ownerReferences, 'a list');
  if (md.finalizers !== undefined) need(Array.isArray(md.finalizers), `${path}.metadata.finalizers`, md.finalizers, 'a list');
  for (const k of ['spec', 'status']) if (o[k] !== undefined && o[k] !== null) obj(o[k], `${path}.${k}`);
}

function checkStore(v: Json): void {
  const s = obj(v, 'store');
  need(isInt(s.resourceVersion) && (s.resourceVersion as number) >= 0, 'store.resourceVersion', s.resourceVersion, 'a whole number');
  const objects = obj(s.objects, 'store.objects');
  knownKeys ??= new Set(RESOURCES.map((r) => resourceKey(r)));
  for (const [key, list] of Object.entries(objects)) {
    // a custom resource's key is its CRD's name (plural.group)
    const crds = (objects['customresourcedefinitions.apiextensions.k8s.io'] ?? []) as Json[];
    if (!knownKeys.has(key) && !(Array.isArray(crds) && crds.some((c) => (c as { metadata?: { name?: unknown } })?.metadata?.name === key))) throw new ShapeError(`store.objects has an unknown resource "${key}"`);
    need(Array.isArray(list), `store.objects.${key}`, list, 'a list');
    (list as Json[]).forEach((o, i) => checkObject(o, `store.objects.${key}[${i}]`));
  }
}

function checkClock(v: Json): void {
  const c = obj(v, 'clock');
  need(c.mode === 'wall' || c.mode === 'virtual', 'clock.mode', c.mode, '"wall" or "virtual"');
  need(isNum(c.virtualNow), 'clock.virtualNow', c.virtualNow, 'a number');
  need(isNum(c.offsetMs), 'clock.offsetMs', c.offsetMs, 'a number');
}

function checkRng(v: Json): void {
  need(Array.isArray(v) && v.length === 4, 'rng', v, 'a list of four numbers');
  (v as Json[]).forEach((x, i) => need(isInt(x) && (x as number) >= 0 && (x as number) <= 0xffffffff, `rng[${i}]`, x, 'a 32-bit number'));
}

/**
 * The first shape problem of a snapshot whose format is current (`store.objects is a string, not an object`), or
 * undefined when it is well formed.
 */
export function snapshotShapeProblem(snap: Record<string, Json>): string | undefined {
  try {
    checkConfig(snap.config);
    checkClock(snap.clock);
    checkRng(snap.rng);
    checkStore(snap.store);
    if (snap.data !== undefined) obj(snap.data, 'data');
    return undefined;
  } catch (e) {
    if (e instanceof ShapeError) return e.message;
    throw e;
  }
}

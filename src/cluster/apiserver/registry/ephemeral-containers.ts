// pods/ephemeralcontainers (pkg/registry/core/pod/strategy.go's ephemeralContainersStrategy and validation.go's
// ValidatePodEphemeralContainersUpdate / validateEphemeralContainers): a write through the subresource changes
// spec.ephemeralContainers and nothing else; each new one is defaulted as a container is, must have a name unique
// among all the pod's containers, may target only a regular or init container, and may not set the fields an
// ephemeral container cannot have (ports, resources, probes, lifecycle ...); existing ones may not be removed or
// changed, and static pods take none. A pod cannot be created with ephemeral containers.

import { field, type FieldCause } from '../errors.js';
import type { Container, EphemeralContainer, Pod } from '../types.js';
import { defaultContainer, validateContainerCommon } from './podspec.js';

const FORBIDDEN_TEXT = 'cannot be set for an Ephemeral Container';

/** The Container fields that are not on allowedEphemeralContainerFields, in the Go struct's order. */
const DISALLOWED: Array<keyof Container> = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

/** A Go zero value: absent, empty, false, or an object holding only zero values. */
function isZero(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === '' || v === 0) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.values(v as Record<string, unknown>).every(isZero);
  return false;
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, x[k]])) : x));

/** validateEphemeralContainers of a pod's spec. */
export function validateEphemeralContainers(pod: Pod, path = 'spec.ephemeralContainers'): FieldCause[] {
  const spec = pod.spec;
  const list = spec.ephemeralContainers ?? [];
  const out: FieldCause[] = [];
  if (!list.length) return out;
  const other = new Set([...spec.containers, ...(spec.initContainers ?? [])].map((c) => c.name));
  const all = new Set(other);
  const volumes = new Set(((spec.volumes ?? []) as Array<{ name?: string }>).map((v) => v.name ?? ''));
  list.forEach((ec, i) => {
    const p = `${path}[${i}]`;
    out.push(...validateContainerCommon(ec, volumes, p).filter((c) => !c.field?.startsWith(`${p}.ports`)));
    if (all.has(ec.name)) out.push(field.duplicate(`${p}.name`, ec.name));
    else all.add(ec.name);
    if (ec.targetContainerName && !other.has(ec.targetContainerName)) {
      out.push({ reason: 'FieldValueNotFound', field: `${p}.targetContainerName`, message: `${p}.targetContainerName: Not found: ${JSON.stringify(ec.targetContainerName)}` });
    }
    for (const k of DISALLOWED) if (!isZero(ec[k])) out.push(field.forbidden(`${p}.${k}`, FORBIDDEN_TEXT));
    (ec.volumeMounts ?? []).forEach((m, j) => {
      const mm = m as { subPath?: string; subPathExpr?: string };
      if (mm.subPath) out.push(field.forbidden(`${p}.volumeMounts[${j}].subPath`, FORBIDDEN_TEXT));
      if (mm.subPathExpr) out.push(field.forbidden(`${p}.volumeMounts[${j}].subPathExpr`, FORBIDDEN_TEXT));
    });
  });
  return out;
}

/** dropNonEphemeralContainerUpdates + defaults: the stored pod with the input's ephemeral containers. */
export function ephemeralContainersNext(old: Pod, input: Pod): Pod {
  const next = structuredClone(old);
  const list = structuredClone(input.spec?.ephemeralContainers ?? []);
  for (const ec of list) defaultContainer(ec);
  if (list.length) next.spec.ephemeralContainers = list;
  else delete next.spec.ephemeralContainers;
  return next;
}

/** ValidatePodEphemeralContainersUpdate's part 2, after the spec's own validation. */
export function validateEphemeralContainersUpdate(next: Pod, old: Pod): FieldCause[] {
  if (old.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined) return [field.forbidden('', 'static pods do not support ephemeral containers')];
  const out = validateEphemeralContainers(next);
  const byName = new Map((next.spec.ephemeralContainers ?? []).map((c) => [c.name, c]));
  for (const o of old.spec.ephemeralContainers ?? []) {
    const n = byName.get(o.name);
    if (!n) out.push(field.forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(o.name)} may not be removed\n`));
    else if (stable(n) !== stable(o)) out.push(field.forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(o.name)} may not be changed\n${diff(o, n)}`));
  }
  return out;
}

/** A short diff in the spirit of cmp.Diff (whose exact output is randomised upstream). */
function diff(a: EphemeralContainer, b: EphemeralContainer): string {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const lines = ['  core.EphemeralContainer{'];
  for (const k of keys) {
    const x = (a as Record<string, unknown>)[k];
    const y = (b as Record<string, unknown>)[k];
    if (stable(x) === stable(y)) continue;
    const Name = k[0].toUpperCase() + k.slice(1);
    if (x !== undefined) lines.push(`- \t${Name}: ${stable(x)},`);
    if (y !== undefined) lines.push(`+ \t${Name}: ${stable(y)},`);
  }
  lines.push('  }');
  return `${lines.join('\n')}\n`;
}

/** ValidatePodCreate: ephemeral containers come only through the subresource. */
export function ephemeralOnCreate(pod: Pod): FieldCause[] {
  return pod.spec?.ephemeralContainers?.length ? [field.forbidden('spec.ephemeralContainers', 'cannot be set on create')] : [];
}

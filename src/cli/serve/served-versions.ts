// Versions kube-apiserver serves by conversion from the stored one: autoscaling/v1 HorizontalPodAutoscalers (what
// kubectl autoscale creates), stored as autoscaling/v2 (hpa-v1.ts converts). Discovery lists them after the stored
// (preferred) version; the resource endpoints convert request and answer bodies.

import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { hpaFromV1, hpaToV1 } from './hpa-v1.js';

export interface Conversion {
  /** the stored object as the served version shows it */
  toServed(o: KubeObject): KubeObject;
  /** a body in the served version as the stored version */
  fromServed(o: KubeObject): KubeObject;
}

/** Versions served by conversion: group/version -> resource -> the stored version's apiVersion and the conversion. */
export const CONVERTED: Record<string, Record<string, { stored: string; conversion: Conversion }>> = {
  'autoscaling/v1': { horizontalpodautoscalers: { stored: 'autoscaling/v2', conversion: { toServed: hpaToV1, fromServed: hpaFromV1 } } },
};

/** The ResourceInfo of a version served by conversion, or undefined. */
export function convertedResource(gv: string, name: string | undefined): { info: ResourceInfo; conversion: Conversion } | undefined {
  const c = name === undefined ? undefined : CONVERTED[gv]?.[name];
  const stored = c && RESOURCES.find((r) => r.apiVersion === c.stored && r.name === name);
  if (!c || !stored) return undefined;
  return { info: { ...stored, apiVersion: gv, version: gv.split('/').pop()! }, conversion: c.conversion };
}

/** Every resource served by conversion, as ResourceInfo of its served version. */
export function convertedResources(): ResourceInfo[] {
  return Object.entries(CONVERTED).flatMap(([gv, byName]) => Object.keys(byName).map((n) => convertedResource(gv, n)!.info));
}

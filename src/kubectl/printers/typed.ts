// What an object read from a file looks like after kubectl decodes it into its Go type (the builder's
// WithScheme, as `set image --local` does) and prints it: struct fields without omitempty come back as empty
// values (`creationTimestamp: null`, `resources: {}`, `strategy: {}`, `status: {}`).

import type { KubeObject } from '../../cluster/apiserver/types.js';

type Obj = Record<string, any>;

function meta(m: Obj | undefined): Obj {
  const out: Obj = { ...(m ?? {}) };
  if (!('creationTimestamp' in out)) out.creationTimestamp = null;
  return out;
}

function podSpec(spec: Obj | undefined): Obj {
  const s: Obj = { ...(spec ?? {}) };
  for (const key of ['initContainers', 'containers']) {
    if (Array.isArray(s[key])) s[key] = s[key].map((c: Obj) => ('resources' in c ? c : { ...c, resources: {} }));
  }
  if (!s.containers) s.containers = null;
  return s;
}

function template(t: Obj | undefined): Obj {
  return { ...(t ?? {}), metadata: meta(t?.metadata), spec: podSpec(t?.spec) };
}

/** The object as its typed Go struct marshals it (the kinds with pod templates, Services, ConfigMaps; others as they are). */
export function typedView(obj: KubeObject): KubeObject {
  const o: Obj = structuredClone(obj);
  const withStatus = (status: Obj = {}) => ({ ...o, metadata: meta(o.metadata), status: o.status ?? status });
  switch (o.kind) {
    case 'Pod':
      return { ...withStatus(), spec: podSpec(o.spec) } as KubeObject;
    case 'Deployment':
      return { ...withStatus(), spec: { ...o.spec, strategy: o.spec?.strategy ?? {}, template: template(o.spec?.template) } } as KubeObject;
    case 'DaemonSet':
      return { ...withStatus({ currentNumberScheduled: 0, numberMisscheduled: 0, desiredNumberScheduled: 0, numberReady: 0 }), spec: { ...o.spec, updateStrategy: o.spec?.updateStrategy ?? {}, template: template(o.spec?.template) } } as KubeObject;
    case 'StatefulSet':
      return { ...withStatus({ replicas: 0, availableReplicas: 0 }), spec: { ...o.spec, updateStrategy: o.spec?.updateStrategy ?? {}, template: template(o.spec?.template) } } as KubeObject;
    case 'ReplicaSet':
      return { ...withStatus({ replicas: 0 }), spec: { ...o.spec, template: template(o.spec?.template) } } as KubeObject;
    case 'Job':
      return { ...withStatus(), spec: { ...o.spec, template: template(o.spec?.template) } } as KubeObject;
    case 'CronJob':
      return { ...withStatus(), spec: { ...o.spec, jobTemplate: { ...o.spec?.jobTemplate, metadata: meta(o.spec?.jobTemplate?.metadata), spec: { ...o.spec?.jobTemplate?.spec, template: template(o.spec?.jobTemplate?.spec?.template) } } } } as KubeObject;
    case 'Service':
      return { ...withStatus({ loadBalancer: {} }), spec: o.spec ?? {} } as KubeObject;
    default:
      return { ...o, metadata: meta(o.metadata) } as KubeObject;
  }
}

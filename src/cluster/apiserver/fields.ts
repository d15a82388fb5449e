// Field selectors as the kube-apiserver handles them: fields.ParseSelector (terms `k=v`, `k==v`, `k!=v`, escapes),
// the per-kind field label conversion (which labels a list accepts, with its error texts: pkg/apis/*/v1/conversion.go
// and DefaultMetaV1FieldSelectorConversion) and the selectable field sets the registries expose (GetAttrs).

import type { ResourceInfo } from './discovery.js';
import type { KubeObject } from './types.js';

export interface FieldTerm {
  field: string;
  op: '=' | '!=';
  value: string;
}

/** A field selector that does not parse (the API answers BadRequest with this text). */
export class FieldSelectorError extends Error {}

function splitTerms(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[++i];
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function unescape(v: string): string {
  let out = '';
  let inSlash = false;
  for (const c of v) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw new FieldSelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') inSlash = true;
    else if (c === ',' || c === '=') throw new FieldSelectorError(`invalid field selector: unescaped character ${c}`);
    else out += c;
  }
  if (inSlash) throw new FieldSelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** fields.ParseSelector: terms sorted, empty ones skipped. */
export function parseFieldSelector(selector: string): FieldTerm[] {
  const terms: FieldTerm[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    let found: FieldTerm | undefined;
    for (let i = 0; i < part.length && !found; i++) {
      for (const op of ['!=', '==', '='] as const) {
        if (part.startsWith(op, i)) {
          found = { field: part.slice(0, i), op: op === '!=' ? '!=' : '=', value: unescape(part.slice(i + op.length)) };
          break;
        }
      }
    }
    if (!found) throw new FieldSelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    terms.push(found);
  }
  return terms;
}

type Conversion = { labels: string[]; error: (label: string) => string };

const notSupported = (label: string) => `field label not supported: ${label}`;
const META: Conversion = {
  labels: ['metadata.name', 'metadata.namespace'],
  error: (label) => `"${label}" is not a known field selector: only "metadata.name", "metadata.namespace"`,
};

/** Field label conversions registered per group/version kind; every other kind takes the ObjectMeta default. */
const CONVERSIONS: Record<string, Conversion> = {
  'v1/Pod': {
    labels: ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.podIPs', 'status.nominatedNodeName', 'spec.host'],
    error: notSupported,
  },
  'v1/Node': { labels: ['metadata.name', 'spec.unschedulable'], error: notSupported },
  'v1/ReplicationController': { labels: ['metadata.name', 'metadata.namespace', 'status.replicas'], error: notSupported },
  'v1/Event': {
    labels: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type', 'metadata.namespace', 'metadata.name'],
    error: notSupported,
  },
  'v1/Namespace': { labels: ['status.phase', 'metadata.name'], error: notSupported },
  'v1/Secret': { labels: ['type', 'metadata.namespace', 'metadata.name'], error: notSupported },
  'v1/Service': { labels: ['metadata.namespace', 'metadata.name', 'spec.clusterIP', 'spec.type'], error: notSupported },
  'batch/v1/Job': { labels: ['metadata.name', 'metadata.namespace', 'status.successful'], error: (l) => `field label "${l}" not supported for batchv1.Job` },
  'certificates.k8s.io/v1/CertificateSigningRequest': { labels: ['metadata.name', 'spec.signerName'], error: notSupported },
};

/**
 * The API server's field label conversion for a list of this resource: the terms with `spec.host` renamed, or
 * the BadRequest text for the first label it does not support.
 */
export function convertFieldLabels(resource: ResourceInfo, terms: FieldTerm[]): FieldTerm[] {
  const conv = CONVERSIONS[`${resource.apiVersion}/${resource.kind}`] ?? META;
  return terms.map((t) => {
    if (!conv.labels.includes(t.field)) throw new FieldSelectorError(conv.error(t.field));
    return t.field === 'spec.host' ? { ...t, field: 'spec.nodeName' } : t;
  });
}

/** The selectable fields of an object (the registry's GetAttrs / ToSelectableFields). */
export function selectableFields(resource: ResourceInfo, obj: KubeObject): Record<string, string> {
  const o = obj as KubeObject & Record<string, any>;
  const f: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (resource.namespaced) f['metadata.namespace'] = obj.metadata.namespace ?? '';
  const spec = o.spec ?? {};
  const status = o.status ?? {};
  switch (`${resource.apiVersion}/${resource.kind}`) {
    case 'v1/Pod':
      Object.assign(f, {
        'spec.nodeName': spec.nodeName ?? '',
        'spec.restartPolicy': spec.restartPolicy ?? '',
        'spec.schedulerName': spec.schedulerName ?? '',
        'spec.serviceAccountName': spec.serviceAccountName ?? '',
        'spec.hostNetwork': String(spec.hostNetwork === true),
        'status.phase': status.phase ?? '',
        'status.podIP': status.podIPs?.[0]?.ip ?? status.podIP ?? '',
        'status.nominatedNodeName': status.nominatedNodeName ?? '',
      });
      break;
    case 'v1/Node':
      f['spec.unschedulable'] = String(spec.unschedulable === true);
      break;
    case 'v1/ReplicationController':
      f['status.replicas'] = String(status.replicas ?? 0);
      break;
    case 'v1/Event': {
      const io = o.involvedObject ?? {};
      Object.assign(f, {
        'involvedObject.kind': io.kind ?? '',
        'involvedObject.namespace': io.namespace ?? '',
        'involvedObject.name': io.name ?? '',
        'involvedObject.uid': io.uid ?? '',
        'involvedObject.apiVersion': io.apiVersion ?? '',
        'involvedObject.resourceVersion': io.resourceVersion ?? '',
        'involvedObject.fieldPath': io.fieldPath ?? '',
        reason: o.reason ?? '',
        reportingComponent: o.reportingComponent ?? '',
        source: o.source?.component ?? '',
        type: o.type ?? '',
      });
      break;
    }
    case 'v1/Namespace':
      f['status.phase'] = status.phase ?? '';
      break;
    case 'v1/Secret':
      f.type = o.type ?? '';
      break;
    case 'v1/Service':
      f['spec.clusterIP'] = spec.clusterIP ?? '';
      f['spec.type'] = spec.type ?? '';
      break;
    case 'batch/v1/Job':
      f['status.successful'] = String(status.succeeded ?? 0);
      break;
    case 'certificates.k8s.io/v1/CertificateSigningRequest':
      f['spec.signerName'] = spec.signerName ?? '';
      break;
  }
  return f;
}

export function matchesFields(resource: ResourceInfo, terms: FieldTerm[], obj: KubeObject): boolean {
  if (terms.length === 0) return true;
  const f = selectableFields(resource, obj);
  return terms.every((t) => ((f[t.field] ?? '') === t.value) === (t.op === '='));
}

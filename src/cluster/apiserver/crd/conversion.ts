// A CRD's conversion webhook as the apiextensions-apiserver reaches it (pkg/apiserver/conversion/webhook_converter.go
// over k8s.io/apiserver's webhook client and proxy.ResolveEndpoint): an object written at a version that is not the
// storage version must be converted, so the webhook's Service must exist and have a ready endpoint for its port;
// otherwise the write fails with the client's error (`conversion webhook for GROUP/VERSION, Kind=KIND failed:
// Post "URL": ...`, no Status reason).
//
// Not modelled: the TLS handshake against the caBundle, and the conversion itself (the webhook's own code): once
// the webhook is reachable kubesim stores the object as written, at its own version.

import { StatusError } from '../errors.js';
import type { ResourceInfo } from '../discovery.js';
import type { ObjectStore } from '../store.js';
import { CRD_KEY } from './served.js';

type Any = Record<string, any>;

function webhookURL(svc: Any): string {
  const port = svc.port ?? 443;
  const path = svc.path ?? '/';
  return `https://${svc.name}.${svc.namespace}.svc:${port}${path.startsWith('/') ? path : `/${path}`}?timeout=30s`;
}

/** Whether the Service port has a ready address in the Service's Endpoints (what ResolveEndpoint picks from). */
function hasEndpoint(store: ObjectStore, ns: string, name: string, port: number): boolean {
  const svc = store.get('services', ns, name) as Any | undefined;
  const sp = ((svc?.spec?.ports ?? []) as Any[]).find((p) => p.port === port);
  if (!sp) return false;
  const ep = store.get('endpoints', ns, name) as Any | undefined;
  return ((ep?.subsets ?? []) as Any[]).some(
    (s) => (s.addresses ?? []).length > 0 && ((s.ports ?? []) as Any[]).some((p) => (sp.name ? p.name === sp.name : true)),
  );
}

/** Throws the API server's error when a write at info.version needs a conversion webhook that cannot be reached. */
export function checkConversionWebhook(info: ResourceInfo, store: ObjectStore): void {
  if (!info.crd) return;
  const crd = store.get(CRD_KEY, undefined, info.crd) as Any | undefined;
  const spec = crd?.spec as Any | undefined;
  if (spec?.conversion?.strategy !== 'Webhook') return;
  const storage = ((spec.versions ?? []) as Any[]).find((v) => v.storage)?.name;
  if (!storage || storage === info.version) return;
  const cc = spec.conversion.webhook?.clientConfig as Any | undefined;
  const svc = cc?.service as Any | undefined;
  const fail = (why: string) => StatusError.unknown(500, `conversion webhook for ${info.group}/${info.version}, Kind=${info.kind} failed: ${why}`);
  if (!svc) {
    if (cc?.url) throw fail(`Post "${cc.url}": kubesim does not reach webhooks outside the cluster`);
    return;
  }
  const url = webhookURL(svc);
  if (!store.get('services', svc.namespace, svc.name)) throw fail(`Post "${url}": service "${svc.name}" not found`);
  if (!hasEndpoint(store, svc.namespace, svc.name, svc.port ?? 443)) throw fail(`Post "${url}": no endpoints available for service "${svc.name}"`);
}

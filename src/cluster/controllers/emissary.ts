// What the Emissary-ingress 2.2 programs do to the API while they run (their HTTP side is
// network/images/emissary):
// - `apiext emissary-apiext` (cmd/apiext): EnsureCA makes the Secret `emissary-ingress-webhook-ca` (type
//   kubernetes.io/tls, a CA of O=Ambassador Labs valid 365 days) in its own namespace, then ConfigureCRDs points
//   every getambassador.io CRD with more than one version at its conversion webhook: the Service named by its
//   argument, port 443, path /webhooks/crd-convert, caBundle = the CA certificate;
// - the emissary-ingress container publishes its Service's load-balancer status on the Ingresses it serves
//   (fetch/ingress.py _update_status; while the LoadBalancer Service is <pending> that is empty).

import type { Container, KubeObject, Pod } from '../apiserver/types.js';
import { emissaryProgram } from '../network/images/emissary/server.js';
import { servesIngress, type IngressObject } from '../network/images/emissary/routes.js';
import { derivedKey, issue, keyPem } from '../state/x509.js';
import type { Controller, ControllerContext } from './controller.js';
import { imageRepository } from './runtime.js';

type Any = Record<string, any>;

export const EMISSARY_IMAGE = 'docker.io/emissaryingress/emissary';
export const WEBHOOK_CA_SECRET = 'emissary-ingress-webhook-ca';
export const CRD_CONVERT_PATH = '/webhooks/crd-convert';
const CRD_KEY = 'customresourcedefinitions.apiextensions.k8s.io';

/** The kinds apiext's scheme knows (getambassador.io v2 and v3alpha1 AddToScheme). */
const SCHEME_KINDS = new Set([
  'AuthService', 'ConsulResolver', 'DevPortal', 'Host', 'KubernetesEndpointResolver', 'KubernetesServiceResolver', 'Listener',
  'LogService', 'Mapping', 'Module', 'RateLimitService', 'TCPMapping', 'TLSContext', 'TracingService',
]);
const SCHEME_VERSIONS = new Set(['v2', 'v3alpha1']);

function running(pod: Pod, c: Container): boolean {
  return !pod.metadata.deletionTimestamp && !!pod.status?.containerStatuses?.find((s) => s.name === c.name)?.state?.running;
}

/** EnsureCA: the CA Secret, created once (an existing one is kept, as the real one parses and reuses it). */
function ensureCA(ctx: ControllerContext, ns: string): KubeObject & { data?: Record<string, string> } | undefined {
  const existing = ctx.api.tryGet<KubeObject & { data?: Record<string, string> }>('secrets', ns, WEBHOOK_CA_SECRET);
  if (existing) return existing;
  if (!ctx.api.tryGet('namespaces', '', ns)) return undefined;
  const now = ctx.clock.nowMs();
  const key = derivedKey(`${ctx.config.seed}/${ns}/${WEBHOOK_CA_SECRET}`);
  const ca = issue({ organization: 'Ambassador Labs', commonName: '', isCA: true, notBeforeMs: now, notAfterMs: now + 365 * 86_400_000, key });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  return ctx.api.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: WEBHOOK_CA_SECRET, namespace: ns },
    type: 'kubernetes.io/tls',
    data: { 'tls.crt': b64(ca.pem), 'tls.key': b64(keyPem(key)) },
  } as KubeObject);
}

/** ConfigureCRDs/updateCRD: the conversion stanza on each multi-version CRD of a kind the scheme recognizes. */
function configureCRDs(ctx: ControllerContext, service: string, ns: string, caPem64: string): void {
  const conversion = {
    strategy: 'Webhook',
    webhook: {
      clientConfig: { service: { name: service, namespace: ns, port: 443, path: CRD_CONVERT_PATH }, caBundle: caPem64 },
      conversionReviewVersions: ['v1beta1'],
    },
  };
  for (const crd of ctx.api.list(CRD_KEY)) {
    const spec = (crd as Any).spec as Any;
    const versions = (spec.versions ?? []) as Any[];
    if (versions.length < 2) continue;
    if (spec.group !== 'getambassador.io' || !SCHEME_KINDS.has(spec.names?.kind) || !SCHEME_VERSIONS.has(versions[0].name)) continue;
    if (JSON.stringify(spec.conversion) === JSON.stringify(conversion)) continue;
    ctx.api.update({ ...crd, spec: { ...spec, conversion } } as KubeObject);
  }
}

function publishIngressStatus(ctx: ControllerContext, pod: Pod): void {
  const ns = pod.metadata.namespace ?? 'default';
  // the Ambassador Service: the one whose selector picks this pod and that carries the http port (emissary-ingress)
  const svc = ctx.api
    .list<KubeObject & { spec?: Any; status?: Any }>('services', ns)
    .find((s) => s.spec?.selector && Object.entries(s.spec.selector as Record<string, string>).every(([k, v]) => pod.metadata.labels?.[k] === v) && (s.spec.ports ?? []).some((p: Any) => p.port === 80));
  if (!svc) return;
  const lb = (svc.status?.loadBalancer ?? {}) as Any;
  const classes = ctx.api.list('ingressclasses.networking.k8s.io') as unknown as Parameters<typeof servesIngress>[1];
  for (const ing of ctx.api.list('ingresses.networking.k8s.io')) {
    if (!servesIngress(ing as unknown as IngressObject, classes)) continue;
    const status = (ing.status ?? {}) as Any;
    const want = lb.ingress?.length ? { ingress: lb.ingress } : {};
    if (JSON.stringify(status.loadBalancer ?? {}) === JSON.stringify(want)) continue;
    ctx.api.updateStatus({ ...ing, status: { ...status, loadBalancer: want } });
  }
}

export const emissaryController: Controller = {
  name: 'emissary',
  sync(ctx) {
    let ambassador: Pod | undefined;
    for (const pod of ctx.api.list<Pod>('pods')) {
      for (const c of pod.spec.containers) {
        if (imageRepository(c.image ?? '') !== EMISSARY_IMAGE || !running(pod, c)) continue;
        const program = emissaryProgram(c.command);
        if (program === 'apiext') {
          const ns = pod.metadata.namespace ?? 'default';
          const args = [...(c.command ?? []).slice(1), ...(c.args ?? [])];
          // `apiext APIEXT_SVCNAME`: exactly one argument, or it exits 2 (not modelled: the manifest passes one)
          if (args.length !== 1) continue;
          const secret = ensureCA(ctx, ns);
          const crt = secret?.data?.['tls.crt'];
          if (crt) configureCRDs(ctx, args[0], ns, crt);
        } else if (program === 'ambassador') {
          if (!ambassador || (pod.metadata.creationTimestamp ?? '') < (ambassador.metadata.creationTimestamp ?? '')) ambassador = pod;
        }
      }
    }
    if (ambassador) publishIngressStatus(ctx, ambassador);
  },
};

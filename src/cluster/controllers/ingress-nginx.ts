// What the ingress-nginx images do to the API while they run (their HTTP side is network/images/ingress-nginx):
// - kube-webhook-certgen `create` makes the CA and serving certificate of the admission webhook and stores them in
//   the Secret `--secret-name` (keys ca, cert, key); `patch` writes the CA into the ValidatingWebhookConfiguration's
//   caBundle and sets its failurePolicy;
// - the controller (the leader: the oldest running pod; its Lease is not modelled) records `Sync  Scheduled for sync` on each Ingress it serves, and publishes `--publish-status-address` (kind's
//   `localhost`) in their status.loadBalancer.

import type { ApiServer } from '../apiserver/server.js';
import type { Container, KubeObject, Pod } from '../apiserver/types.js';
import { imageRepository } from './runtime.js';
import { controllerOptions, servesIngress } from '../network/images/ingress-nginx/server.js';
import type { IngressLike } from '../network/images/ingress-nginx/routing.js';
import { derivedKey, issue, keyPem } from '../state/x509.js';
import type { Controller, ControllerContext } from './controller.js';

const CONTROLLER_IMAGE = 'registry.k8s.io/ingress-nginx/controller';
const CERTGEN_IMAGE = 'registry.k8s.io/ingress-nginx/kube-webhook-certgen';
const SOURCE = { component: 'nginx-ingress-controller' };
const ING = 'ingresses.networking.k8s.io';

function started(pod: Pod, c: Container): boolean {
  const st = pod.status?.containerStatuses?.find((s) => s.name === c.name);
  return !!(st?.state?.running || st?.state?.terminated?.startedAt);
}

function running(pod: Pod, c: Container): boolean {
  return !pod.metadata.deletionTimestamp && !!pod.status?.containerStatuses?.find((s) => s.name === c.name)?.state?.running;
}

/** `$(POD_NAMESPACE)`-style references in args, as the kubelet expands them from the container's env. */
function expand(arg: string, pod: Pod, c: Container): string {
  return arg.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (whole, name: string) => {
    const e = (c.env ?? []).find((x) => x.name === name);
    if (e?.value !== undefined) return e.value;
    const path = (e?.valueFrom as { fieldRef?: { fieldPath?: string } } | undefined)?.fieldRef?.fieldPath;
    if (path === 'metadata.namespace') return pod.metadata.namespace ?? 'default';
    if (path === 'metadata.name') return pod.metadata.name ?? '';
    return whole;
  });
}

function flags(pod: Pod, c: Container): { sub: string; get(name: string): string | undefined } {
  const args = (c.args ?? []).map((a) => expand(a, pod, c));
  return {
    sub: args[0] ?? '',
    get: (name) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3),
  };
}

/** certgen create: a self-signed CA (O=nil1) and a serving certificate for --host (O=nil2), as certs.GenerateCerts. */
function admissionSecret(ctx: ControllerContext, pod: Pod, c: Container): void {
  const f = flags(pod, c);
  const ns = f.get('namespace') ?? pod.metadata.namespace ?? 'default';
  const name = f.get('secret-name');
  if (!name || ctx.api.tryGet('secrets', ns, name) || !ctx.api.tryGet('namespaces', '', ns)) return;
  const hosts = (f.get('host') ?? '').split(',').filter(Boolean);
  const now = ctx.clock.nowMs();
  const label = `${ctx.config.seed}/${ns}/${name}/${pod.metadata.uid}`;
  const caKey = derivedKey(`${label}/ca`);
  const ca = issue({ organization: 'nil1', commonName: '', isCA: true, notBeforeMs: now, notAfterMs: now + 100 * 365 * 86_400_000, key: caKey });
  const key = derivedKey(`${label}/serving`);
  const cert = issue({ organization: 'nil2', commonName: '', dnsNames: hosts, notBeforeMs: now, notAfterMs: now + 100 * 365 * 86_400_000, key, issuer: { cert: ca, key: caKey } });
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  ctx.api.create({
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name, namespace: ns },
    data: { ca: b64(ca.pem), cert: b64(cert.pem), key: b64(keyPem(key)) },
  } as KubeObject);
}

/** certgen patch: the CA into every webhook's caBundle, and --patch-failure-policy. */
function patchWebhook(ctx: ControllerContext, pod: Pod, c: Container): void {
  const f = flags(pod, c);
  const ns = f.get('namespace') ?? pod.metadata.namespace ?? 'default';
  const secret = ctx.api.tryGet<KubeObject & { data?: Record<string, string> }>('secrets', ns, f.get('secret-name') ?? '');
  const vwc = ctx.api.tryGet<KubeObject & { webhooks?: Array<Record<string, unknown>> }>('validatingwebhookconfigurations.admissionregistration.k8s.io', '', f.get('webhook-name') ?? '');
  const ca = secret?.data?.ca;
  if (!ca || !vwc || f.get('patch-validating') === 'false') return;
  const policy = f.get('patch-failure-policy');
  const webhooks = (vwc.webhooks ?? []).map((w) => ({ ...w, clientConfig: { ...(w.clientConfig as object), caBundle: ca }, ...(policy ? { failurePolicy: policy } : {}) }));
  if (JSON.stringify(webhooks) === JSON.stringify(vwc.webhooks)) return;
  ctx.api.update({ ...vwc, webhooks } as KubeObject);
}

interface Seen {
  /** ingress uid → the generation its Sync event was recorded for */
  synced: Record<string, number>;
}

function publishStatus(ctx: ControllerContext, api: ApiServer, leader: Pod, c: Container, seen: Seen): void {
  const o = controllerOptions((c.args ?? []).map((a) => expand(a, leader, c)));
  const classes = api.list('ingressclasses.networking.k8s.io') as unknown as Parameters<typeof servesIngress>[1];
  const addr = o.publishStatusAddress;
  const lb = addr ? (/^\d+\.\d+\.\d+\.\d+$/.test(addr) ? [{ ip: addr }] : [{ hostname: addr }]) : [];
  for (const ing of api.list(ING)) {
    if (!servesIngress(ing as unknown as IngressLike, classes, o)) continue;
    const uid = ing.metadata.uid!;
    if (seen.synced[uid] !== ing.metadata.generation) {
      seen.synced[uid] = ing.metadata.generation ?? 1;
      api.recordEvent(ing, 'Normal', 'Sync', 'Scheduled for sync', SOURCE);
    }
    const status = (ing.status ?? {}) as { loadBalancer?: { ingress?: unknown[] } };
    if (!lb.length || JSON.stringify(status.loadBalancer?.ingress ?? []) === JSON.stringify(lb)) continue;
    api.updateStatus({ ...ing, status: { ...status, loadBalancer: { ingress: lb } } });
  }
  void ctx;
}

export const ingressNginxController: Controller = {
  name: 'ingress-nginx',
  sync(ctx) {
    const api = ctx.api;
    let leader: { pod: Pod; c: Container } | undefined;
    for (const pod of api.list<Pod>('pods')) {
      for (const c of pod.spec.containers) {
        const repo = imageRepository(c.image ?? '');
        if (repo === CERTGEN_IMAGE && !c.command?.length && started(pod, c)) {
          const sub = flags(pod, c).sub;
          if (sub === 'create') admissionSecret(ctx, pod, c);
          else if (sub === 'patch') patchWebhook(ctx, pod, c);
        } else if (repo === CONTROLLER_IMAGE && running(pod, c)) {
          if (!leader || (pod.metadata.creationTimestamp ?? '') < (leader.pod.metadata.creationTimestamp ?? '')) leader = { pod, c };
        }
      }
    }
    const seen = ((ctx.data.ingressNginx ??= { synced: {} }) as Seen);
    if (!leader) return;
    publishStatus(ctx, api, leader.pod, leader.c, seen);
  },
};

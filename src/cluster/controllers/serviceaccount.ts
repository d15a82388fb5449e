// The serviceaccount controller (pkg/controller/serviceaccount/serviceaccounts_controller.go) and the root CA
// publisher (pkg/controller/certificates/rootcacertpublisher): every active namespace has a `default`
// ServiceAccount and a `kube-root-ca.crt` ConfigMap holding the cluster CA; both come back when deleted, and the
// ConfigMap's content is put back when edited.

import { caCertificate } from '../state/pki.js';
import type { ConfigMap, KubeObject } from '../apiserver/types.js';
import type { Controller, ControllerContext } from './controller.js';

export const ROOT_CA_CONFIGMAP = 'kube-root-ca.crt';
export const ROOT_CA_DESCRIPTION =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

/** The cluster CA certificate (PEM): kubeadm made it when the cluster was created (kube-system's birth). */
export function clusterCA(ctx: Pick<ControllerContext, 'api' | 'config'>): string {
  const born = ctx.api.tryGet('namespaces', undefined, 'kube-system')?.metadata.creationTimestamp;
  return caCertificate(ctx.config.seed, born ? Date.parse(born) : 0);
}

function active(ns: KubeObject): boolean {
  return !ns.metadata.deletionTimestamp;
}

export const serviceAccountController: Controller = {
  name: 'serviceaccount',
  reads: ['namespaces', 'serviceaccounts'],
  sync(ctx) {
    const { api } = ctx;
    for (const ns of api.list('namespaces')) {
      if (!active(ns)) continue;
      const name = ns.metadata.name!;
      if (api.tryGet('serviceaccounts', name, 'default')) continue;
      api.create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: name } });
    }
  },
};

export const rootCAPublisher: Controller = {
  name: 'root-ca-cert-publisher',
  reads: ['namespaces', 'configmaps'],
  sync(ctx) {
    const { api } = ctx;
    let ca: string | undefined;
    for (const ns of api.list('namespaces')) {
      if (!active(ns)) continue;
      const name = ns.metadata.name!;
      const cm = api.tryGet<ConfigMap>('configmaps', name, ROOT_CA_CONFIGMAP);
      ca ??= clusterCA(ctx);
      if (!cm) {
        api.create({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: ROOT_CA_CONFIGMAP, namespace: name, annotations: { 'kubernetes.io/description': ROOT_CA_DESCRIPTION } },
          data: { 'ca.crt': ca },
        } as ConfigMap);
        continue;
      }
      const data = cm.data ?? {};
      const annotations = cm.metadata.annotations ?? {};
      const described = !!annotations['kubernetes.io/description'];
      if (Object.keys(data).length === 1 && data['ca.crt'] === ca && described) continue;
      // publisher.go: the data is replaced; the description is added only when the annotation is missing
      const next = described ? annotations : { ...annotations, 'kubernetes.io/description': ROOT_CA_DESCRIPTION };
      api.update({ ...cm, metadata: { ...cm.metadata, annotations: next }, data: { 'ca.crt': ca } } as ConfigMap);
    }
  },
};

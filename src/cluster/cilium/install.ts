// The steps of `cilium install` (cilium-cli v0.11.6, install/install.go Install) that write to the API, in its
// order, each with the line it logs: the helm values Secret, the CA and Hubble server certificate Secrets, the
// service accounts, cluster roles, the IngressClass, the ConfigMap, the agent DaemonSet and the operator
// Deployment. `kubesim init --cni cilium` runs the same steps right after kubeadm init (no log).

import type { ApiServer } from '../apiserver/server.js';
import type { KubeObject } from '../apiserver/types.js';
import type { ClusterConfig } from '../state/config.js';
import { derivedKey, issue, keyPem } from '../state/x509.js';
import { CILIUM_VERSION, helmValuesYAML } from './config-map.js';
import { ciliumObjects } from './manifest.js';

/** The cluster name of kubesim's kubeconfig (`kind get kubeconfig` names it kind-<cluster>). */
export const KUBECONFIG_CLUSTER_NAME = 'kind-kubesim';

export interface InstallStep {
  /** the line cilium-cli logs before the step's writes (none for silent steps) */
  log?: string;
  objects: KubeObject[];
}

const b64 = (s: string) => Buffer.from(s).toString('base64');
const YEAR_MS = 365 * 86_400_000;

/** cilium-cli's certs.go: a CA ("Cilium CA", 3 years) and hubble-server-certs for *.<cluster>.hubble-grpc.cilium.io. */
function certificates(config: ClusterConfig, clusterName: string, nowMs: number): { ca: KubeObject; hubble: KubeObject } {
  const label = `kubesim/${config.seed}/cilium`;
  const caKey = derivedKey(`${label}/ca`);
  const ca = issue({ organization: 'Cilium', commonName: 'Cilium CA', isCA: true, notBeforeMs: nowMs, notAfterMs: nowMs + 3 * YEAR_MS, key: caKey });
  const key = derivedKey(`${label}/hubble-server`);
  const name = `*.${clusterName}.hubble-grpc.cilium.io`;
  const cert = issue({ organization: '', commonName: name, dnsNames: [name], notBeforeMs: nowMs, notAfterMs: nowMs + 3 * YEAR_MS, key, issuer: { cert: ca, key: caKey } });
  const secret = (n: string, data: Record<string, string>, type?: string) =>
    ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: n, namespace: 'kube-system' }, ...(type ? { type } : {}), data }) as KubeObject;
  return {
    ca: secret('cilium-ca', { 'ca.crt': b64(ca.pem), 'ca.key': b64(keyPem(caKey)) }),
    hubble: secret('hubble-server-certs', { 'ca.crt': b64(ca.pem), 'tls.crt': b64(cert.pem), 'tls.key': b64(keyPem(key)) }, 'kubernetes.io/tls'),
  };
}

export function installSteps(config: ClusterConfig, clusterName: string, nowMs: number): InstallStep[] {
  const o = ciliumObjects(clusterName);
  const certs = certificates(config, clusterName, nowMs);
  const helmSecret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'cilium-cli-helm-values', namespace: 'kube-system' }, data: { 'io.cilium.cilium-cli': b64(helmValuesYAML(clusterName)) } } as KubeObject;
  const version = CILIUM_VERSION.slice(1);
  return [
    { log: 'ℹ️  Storing helm values file in kube-system/cilium-cli-helm-values Secret', objects: [helmSecret] },
    { objects: [certs.ca] },
    { log: '🔑 Created CA in secret cilium-ca', objects: [] },
    { log: '🔑 Generating certificates for Hubble...', objects: [certs.hubble] },
    { log: '🚀 Creating Service accounts...', objects: o.serviceAccounts },
    { log: '🚀 Creating Cluster roles...', objects: [...o.clusterRoles, o.ingressClass] },
    { log: `🚀 Creating ConfigMap for Cilium version ${version}...`, objects: [o.configMap] },
    { log: '🚀 Creating Agent DaemonSet...', objects: [o.daemonSet] },
    { log: '🚀 Creating Operator Deployment...', objects: [o.deployment] },
  ];
}

/** Cilium installed as `cilium install` leaves it (used by `kubesim init --cni cilium`). */
export function createCilium(api: ApiServer, config: ClusterConfig, clusterName: string): void {
  for (const step of installSteps(config, clusterName, api.clock.nowMs())) for (const obj of step.objects) api.create(obj);
}

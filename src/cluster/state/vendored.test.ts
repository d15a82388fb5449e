import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { examplePath, METRICS_SERVER_MANIFEST, readReleaseManifest, vendoredManifestFile } from './vendored.js';

describe('vendored manifests (URLs kubesim answers from its own copy)', () => {
  it('maps the metrics-server release URLs (latest and v0.7.2) to the v0.7.2 components.yaml', () => {
    for (const url of [
      'https://github.com/kubernetes-sigs/metrics-server/releases/latest/download/components.yaml',
      'https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.7.2/components.yaml',
    ]) {
      const v = vendoredManifestFile(url);
      expect(v?.what).toBe('metrics-server v0.7.2');
      expect(fs.existsSync(v!.file)).toBe(true);
    }
    expect(vendoredManifestFile('https://github.com/kubernetes-sigs/metrics-server/releases/download/v0.6.0/components.yaml')).toBeUndefined();
    const text = readReleaseManifest(METRICS_SERVER_MANIFEST);
    expect(text).toContain('image: registry.k8s.io/metrics-server/metrics-server:v0.7.2');
    expect(text).toContain('name: v1beta1.metrics.k8s.io');
  });

  it("maps kind's ingress example URLs and ingress-nginx's kind provider manifest (main and v1.12.1) to their copies", () => {
    const cases: Array<[string, string]> = [
      ['https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml', 'kind-deploy-ingress-nginx.yaml'],
      ['http://kind.sigs.k8s.io/examples/ingress/usage.yaml', 'kind-usage.yaml'],
      ['https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.12.1/deploy/static/provider/kind/deploy.yaml', 'provider-kind-controller-v1.12.1.yaml'],
      ['https://raw.githubusercontent.com/kubernetes/ingress-nginx/main/deploy/static/provider/kind/deploy.yaml', 'provider-kind-controller-v1.12.1.yaml'],
    ];
    for (const [url, file] of cases) {
      const v = vendoredManifestFile(url);
      expect(v?.file.endsWith(`remote/ingress-nginx/${file}`)).toBe(true);
      expect(fs.readFileSync(v!.file, 'utf8')).toMatch(/registry\.k8s\.io\/ingress-nginx\/|kind: Ingress/);
    }
    expect(vendoredManifestFile('https://raw.githubusercontent.com/kubernetes/ingress-nginx/controller-v1.9.0/deploy/static/provider/kind/deploy.yaml')).toBeUndefined();
  });

  it("reads k8s.io/examples URLs in their site, raw and GitHub forms, and nothing outside the examples", () => {
    expect(examplePath('https://k8s.io/examples/application/deployment.yaml')).toBe('application/deployment.yaml');
    expect(examplePath('https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/pods/simple-pod.yaml')).toBe('pods/simple-pod.yaml');
    expect(examplePath('https://github.com/kubernetes/website/blob/main/content/en/examples/pods/simple-pod.yaml?raw=true')).toBe('pods/simple-pod.yaml');
    expect(examplePath('https://k8s.io/examples/../../etc/passwd')).toBeUndefined();
    expect(examplePath('https://example.com/examples/x.yaml')).toBeUndefined();
    expect(vendoredManifestFile('https://k8s.io/examples/no/such/file.yaml')).toBeUndefined();
  });
});

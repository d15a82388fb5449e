import { describe, expect, it } from 'vitest';
import type { Pod } from '../apiserver/types.js';
import { bootstrapCluster } from '../state/bootstrap.js';
import { buildConfig } from '../state/config.js';
import { preloaded } from './runtime.js';

describe('the images a kind node has without pulling', () => {
  it('are the ones its own pods run: the control plane, etcd, CoreDNS, kindnetd, local-path', () => {
    const cluster = bootstrapCluster(buildConfig({ seed: 1 }));
    const images = new Set(cluster.api.list<Pod>('pods').flatMap((p) => [...(p.spec.initContainers ?? []), ...p.spec.containers].map((c) => c.image ?? '')));
    expect(images.size).toBeGreaterThan(5);
    for (const image of images) expect([image, preloaded(image, cluster.config.kubernetesVersion)]).toEqual([image, true]);
  });
  it('other registry.k8s.io images are pulled, as are the control plane images of another version', () => {
    for (const image of ['registry.k8s.io/busybox:1.27.2', 'registry.k8s.io/serve_hostname', 'registry.k8s.io/ingress-nginx/controller:v1.12.0', 'registry.k8s.io/kube-proxy:v1.31.0', 'busybox', 'nginx:1.27']) {
      expect([image, preloaded(image, 'v1.32.2')]).toEqual([image, false]);
    }
    expect(preloaded('registry.k8s.io/pause:3.10', 'v1.32.2')).toBe(true);
  });
});

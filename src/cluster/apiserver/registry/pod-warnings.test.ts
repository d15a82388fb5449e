import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../types.js';
import { podWarnings } from './pod-warnings.js';

describe('pod and pod template warnings (pkg/api/pod/warnings.go)', () => {
  const ds = (annotations: Record<string, string>) =>
    ({
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'd' },
      spec: {
        template: {
          metadata: { annotations },
          spec: {
            nodeSelector: { 'beta.kubernetes.io/arch': 'amd64' },
            affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/os' }] }, { matchExpressions: [{ key: 'beta.kubernetes.io/os' }] }] } } },
            containers: [],
          },
        },
      },
    }) as unknown as KubeObject;
  it('names deprecated node labels and annotations by their field path', () => {
    expect(podWarnings('daemonsets.apps', ds({ 'scheduler.alpha.kubernetes.io/critical-pod': '' }), undefined)).toEqual([
      'spec.template.spec.nodeSelector[beta.kubernetes.io/arch]: deprecated since v1.14; use "kubernetes.io/arch" instead',
      'spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[1].matchExpressions[0].key: beta.kubernetes.io/os is deprecated since v1.14; use "kubernetes.io/os" instead',
      'spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: non-functional in v1.16+; use the "priorityClassName" field instead',
    ]);
  });
  it('warns on a pod at its own paths, and on an update only when the template changed', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { nodeSelector: { 'failure-domain.beta.kubernetes.io/zone': 'a' }, containers: [] } } as unknown as KubeObject;
    expect(podWarnings('pods', pod, undefined)).toEqual(['spec.nodeSelector[failure-domain.beta.kubernetes.io/zone]: deprecated since v1.17; use "topology.kubernetes.io/zone" instead']);
    const d = ds({});
    expect(podWarnings('daemonsets.apps', d, d)).toEqual([]);
    expect(podWarnings('configmaps', pod, undefined)).toEqual([]);
  });
});

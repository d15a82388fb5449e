import { describe, expect, it } from 'vitest';
import { formatStatus, type CiliumStatus } from './cilium-tool.js';

describe('cilium status', () => {
  it('prints the seed box and tables once the colours are stripped', () => {
    const s: CiliumStatus = {
      podState: [
        { type: 'Deployment', name: 'cilium-operator', desired: 1, ready: 1, available: 1, unavailable: 0 },
        { type: 'DaemonSet', name: 'cilium', desired: 1, ready: 1, available: 1, unavailable: 0 },
      ],
      phaseCount: [
        { name: 'cilium-operator', phases: [['Running', 1]] },
        { name: 'cilium', phases: [['Running', 1]] },
      ],
      imageCount: [
        { name: 'cilium', images: [['quay.io/cilium/cilium:v1.11.4@sha256:d9d4c7759175db31aa32eaa68274bb9355d468fbc87e23123c80052e3ed63116', 1]] },
        { name: 'cilium-operator', images: [['quay.io/cilium/operator-generic:v1.11.4@sha256:bf75ad0dc47691a3a519b8ab148ed3a792ffa2f1e309e6efa955f30a40e95adc', 1]] },
      ],
      pods: { all: 2, byCilium: 2 },
      errors: new Map([
        ['hubble-relay', new Map([['hubble-relay', { errors: [], warnings: [], disabled: true }]])],
        ['clustermesh-apiserver', new Map([['clustermesh-apiserver', { errors: [], warnings: [], disabled: true }]])],
      ]),
    };
    // eslint-disable-next-line no-control-regex
    expect(formatStatus(s).replace(/\x1b\[\d+m/g, '')).toBe(
      [
        '    /¯¯\\',
        ' /¯¯\\__/¯¯\\    Cilium:         OK',
        ' \\__/¯¯\\__/    Operator:       OK',
        ' /¯¯\\__/¯¯\\    Hubble:         disabled',
        ' \\__/¯¯\\__/    ClusterMesh:    disabled',
        '    \\__/',
        '',
        'Deployment        cilium-operator    Desired: 1, Ready: 1/1, Available: 1/1',
        'DaemonSet         cilium             Desired: 1, Ready: 1/1, Available: 1/1',
        'Containers:       cilium-operator    Running: 1',
        '                  cilium             Running: 1',
        'Cluster Pods:     2/2 managed by Cilium',
        'Image versions    cilium             quay.io/cilium/cilium:v1.11.4@sha256:d9d4c7759175db31aa32eaa68274bb9355d468fbc87e23123c80052e3ed63116: 1',
        '                  cilium-operator    quay.io/cilium/operator-generic:v1.11.4@sha256:bf75ad0dc47691a3a519b8ab148ed3a792ffa2f1e309e6efa955f30a40e95adc: 1',
        '',
      ].join('\n'),
    );
  });
});

import { describe, expect, it } from 'vitest';
import type { Pod } from '../apiserver/types.js';
import { cluster, deployment, settle } from './controllers.fixtures.js';

/** The field paths a manager's FieldsV1 names under f:spec (top level only). */
function specFields(pod: Pod, manager: string): string[] {
  const entry = (pod.metadata.managedFields ?? []).find((m) => m.manager === manager && !m.subresource);
  const spec = (entry?.fieldsV1 as Record<string, Record<string, unknown>> | undefined)?.['f:spec'] ?? {};
  return Object.keys(spec).sort();
}

describe("a pod's managedFields", () => {
  // The create handler records managedFields before mutating admission runs, so what the ServiceAccount, Priority
  // and DefaultTolerationSeconds plugins add is owned by no manager (kubectl get pod -o yaml --show-managed-fields
  // on kind v1.32).
  it('leave out what admission added: the token volume, serviceAccountName, priority and tolerations', () => {
    const c = cluster();
    c.api.create(deployment('web', 1, 'nginx'));
    settle(c);
    const pod = c.api.list<Pod>('pods', 'default')[0];
    expect(pod.spec.volumes?.[0]?.name).toMatch(/^kube-api-access-/);
    expect(pod.spec.priority).toBe(0);
    expect(specFields(pod, 'kube-controller-manager')).toEqual([
      'f:containers', 'f:dnsPolicy', 'f:enableServiceLinks', 'f:restartPolicy', 'f:schedulerName', 'f:securityContext',
      'f:terminationGracePeriodSeconds',
    ]);
  });

  it('keep what the request itself set, even where admission would have set it', () => {
    const c = cluster();
    const spec = { containers: [{ name: 'app', image: 'busybox' }], serviceAccountName: 'default', priority: 0 };
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec } as Pod, { fieldManager: 'kubectl-create' });
    const pod = c.api.get<Pod>('pods', 'default', 'p')!;
    const fields = specFields(pod, 'kubectl-create');
    expect(fields).toContain('f:serviceAccountName');
    expect(fields).toContain('f:priority');
    expect(fields).not.toContain('f:volumes');
    expect(fields).not.toContain('f:tolerations');
  });
});

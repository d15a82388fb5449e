import { describe, expect, it } from 'vitest';
import { walkPath } from './fieldspecs.js';
import { kustomizeHash } from './generators.js';
import { parseKyaml } from './kyaml.js';
import { smpMerge } from './patches.js';
import { makeRes } from './resource.js';
import { sortResources } from './sort.js';
import { splitImage, updateImage } from './transformers.js';

describe('kustomize pieces', () => {
  it('hashes a ConfigMap with the name kustomize hashes ("") and a missing data map as ""', () => {
    expect(kustomizeHash({ kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { A: '1', B: 'two' } })).toBe('6b56fdfggc');
    expect(kustomizeHash({ kind: 'Secret', metadata: { name: 'creds' }, type: 'Opaque', data: { password: 'czNjcjN0' } })).toBe('25k92892fb');
    expect(kustomizeHash({ kind: 'ConfigMap', metadata: { name: 'e' } })).toBe('6ct58987ht');
  });
  it('splits and rewrites image references as image.Split does (a registry port is not a tag)', () => {
    expect(splitImage('registry.local:5000/nginx:1.25')).toEqual(['registry.local:5000/nginx', '1.25', '']);
    expect(splitImage('nginx@sha256:abc')).toEqual(['nginx', '', 'sha256:abc']);
    expect(updateImage('nginx:1.25', { name: 'nginx', newTag: '1.27' })).toBe('nginx:1.27');
    expect(updateImage('nginx', { name: 'nginx', newName: 'r/nginx', digest: 'sha256:1' })).toBe('r/nginx@sha256:1');
    expect(updateImage('nginx-extra:1', { name: 'nginx', newTag: '2' })).toBe('nginx-extra:1');
    expect(updateImage('busybox:1.36', { name: 'busybox', tagSuffix: '-slim' })).toBe('busybox:1.36-slim');
  });
  it('walks sequences in a field-spec path and creates maps only when asked', () => {
    const o = { spec: { volumeClaimTemplates: [{ metadata: {} }, {}] } };
    walkPath(o, 'spec/volumeClaimTemplates[]/metadata/labels', true, (p, k) => (p[k] = { a: 'b' }));
    expect(o).toEqual({ spec: { volumeClaimTemplates: [{ metadata: { labels: { a: 'b' } } }, { metadata: { labels: { a: 'b' } } }] } });
    const q: Record<string, unknown> = { spec: {} };
    walkPath(q, 'spec/selector/matchLabels', false, () => {
      throw new Error('not reached');
    });
    expect(q).toEqual({ spec: {} });
  });
  it('merges a list patch as kyaml does: the patch elements first, then the others', () => {
    const merged = smpMerge(
      { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } },
      { spec: { containers: [{ name: 'c', image: 'z' }, { name: 'b', image: 'w' }] } },
    );
    expect(merged).toEqual({ spec: { containers: [{ name: 'c', image: 'z' }, { name: 'b', image: 'w' }, { name: 'a', image: 'x' }] } });
  });
  it('reads resources with YAML 1.2 scalars (yes and y stay strings)', () => {
    expect(parseKyaml('a: yes\nb: y\nc: true\nd: 010\n')).toEqual({ a: 'yes', b: 'y', c: true, d: 8 });
  });
  it('sorts in the legacy order: Namespace first, kinds by group_version_kind, webhooks last', () => {
    const r = (apiVersion: string, kind: string, name: string) => makeRes({ apiVersion, kind, metadata: { name } });
    const out = sortResources(
      [r('admissionregistration.k8s.io/v1', 'ValidatingWebhookConfiguration', 'v'), r('apps/v1', 'Deployment', 'd'), r('v1', 'Pod', 'p'), r('batch/v1', 'Job', 'j'), r('v1', 'Namespace', 'n'), r('v1', 'ConfigMap', 'b'), r('v1', 'ConfigMap', 'a')],
      undefined,
    );
    expect(out.map((x) => `${x.obj.kind}/${(x.obj.metadata as { name: string }).name}`)).toEqual(['Namespace/n', 'ConfigMap/a', 'ConfigMap/b', 'Deployment/d', 'Job/j', 'Pod/p', 'ValidatingWebhookConfiguration/v']);
  });
});

import { describe, expect, it } from 'vitest';
import { RESOURCES } from './discovery.js';
import { convertFieldLabels, matchesFields, parseFieldSelector } from './fields.js';
import type { KubeObject } from './types.js';

const res = (kind: string) => RESOURCES.find((r) => r.kind === kind && !r.apiVersion.startsWith('events'))!;

describe('field selectors', () => {
  it('parses terms the way fields.ParseSelector does', () => {
    expect(parseFieldSelector('status.phase!=Running,metadata.name==a')).toEqual([
      { field: 'metadata.name', op: '=', value: 'a' },
      { field: 'status.phase', op: '!=', value: 'Running' },
    ]);
    expect(parseFieldSelector('metadata.name=a\\,b')).toEqual([{ field: 'metadata.name', op: '=', value: 'a,b' }]);
    expect(() => parseFieldSelector('a')).toThrow("invalid selector: 'a'; can't understand 'a'");
    expect(() => parseFieldSelector('a=b\\x')).toThrow('invalid field selector: invalid escape sequence: \\x');
  });

  it('accepts only the labels each kind registers, with its error text', () => {
    expect(() => convertFieldLabels(res('Pod'), parseFieldSelector('foo=bar'))).toThrow('field label not supported: foo');
    expect(() => convertFieldLabels(res('Deployment'), parseFieldSelector('status.replicas=1'))).toThrow('"status.replicas" is not a known field selector: only "metadata.name", "metadata.namespace"');
    expect(() => convertFieldLabels(res('Job'), parseFieldSelector('x=1'))).toThrow('field label "x" not supported for batchv1.Job');
    expect(() => convertFieldLabels(res('Node'), parseFieldSelector('metadata.namespace=a'))).toThrow('field label not supported: metadata.namespace');
    expect(convertFieldLabels(res('Pod'), parseFieldSelector('spec.host=n1'))).toEqual([{ field: 'spec.nodeName', op: '=', value: 'n1' }]);
  });

  it('matches on the selectable fields of the object', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { nodeName: 'n1' }, status: { phase: 'Succeeded', podIPs: [{ ip: '10.0.0.1' }] } } as unknown as KubeObject;
    const pods = res('Pod');
    expect(matchesFields(pods, parseFieldSelector('status.phase=Succeeded'), pod)).toBe(true);
    expect(matchesFields(pods, parseFieldSelector('status.phase!=Succeeded'), pod)).toBe(false);
    expect(matchesFields(pods, parseFieldSelector('status.podIP=10.0.0.1,spec.hostNetwork=false,spec.nodeName=n1'), pod)).toBe(true);
    expect(matchesFields(pods, parseFieldSelector('status.nominatedNodeName='), pod)).toBe(true);
  });
});

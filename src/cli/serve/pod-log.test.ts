import { describe, expect, it } from 'vitest';
import type { Pod } from '../../cluster/apiserver/types.js';
import { logQuery } from './pod-log.js';

const pod = (names: string[], init: string[] = []): Pod =>
  ({ metadata: { name: 'p' }, spec: { containers: names.map((name) => ({ name })), initContainers: init.map((name) => ({ name })) } }) as unknown as Pod;

describe('pods/log query (PodLogOptions)', () => {
  it('defaults the only container and reads the options', () => {
    const q = logQuery(pod(['web']), new URLSearchParams('follow=true&tailLines=5&timestamps=1&sinceSeconds=60&limitBytes=10'), 100_000);
    expect(q).toEqual({ container: 'web', follow: true, previous: false, timestamps: true, tailLines: 5, sinceMs: 40_000, limitBytes: 10 });
  });

  it("answers the API server's BadRequest texts", () => {
    expect(() => logQuery(pod(['a', 'b'], ['i']), new URLSearchParams(''), 0)).toThrow('a container name must be specified for pod p, choose one of: [a b] or one of the init containers: [i]');
    expect(() => logQuery(pod(['a']), new URLSearchParams('container=x'), 0)).toThrow('container x is not valid for pod p');
    expect(() => logQuery(pod(['a']), new URLSearchParams('sinceSeconds=5&sinceTime=2025-01-06T10:00:00Z'), 0)).toThrow('at most one of `sinceTime` or `sinceSeconds` may be specified');
    expect(() => logQuery(pod(['a']), new URLSearchParams('tailLines=-1'), 0)).toThrow('must be greater than or equal to 0');
  });
});

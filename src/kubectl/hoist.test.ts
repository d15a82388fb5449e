// Global flags before the verb (`kubectl -n kube-system logs POD`) are found the cobra way.
import { describe, expect, it } from 'vitest';
import { hoistVerb } from './kubectl.js';

describe('hoistVerb', () => {
  it('moves flags written before the verb after it', () => {
    expect(hoistVerb(['-n', 'kube-system', 'logs', 'kube-proxy-wkxs6'])).toEqual(['logs', '-n', 'kube-system', 'kube-proxy-wkxs6']);
    expect(hoistVerb(['--namespace=kube-system', 'get', 'pods'])).toEqual(['get', '--namespace=kube-system', 'pods']);
    expect(hoistVerb(['--context', 'kind', '-n', 'a', 'get', 'svc'])).toEqual(['get', '--context', 'kind', '-n', 'a', 'svc']);
    expect(hoistVerb(['--insecure-skip-tls-verify', 'get', 'pods'])).toEqual(['get', '--insecure-skip-tls-verify', 'pods']);
    expect(hoistVerb(['get', 'pods', '-n', 'x'])).toEqual(['get', 'pods', '-n', 'x']);
  });
});

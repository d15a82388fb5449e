// The content-hash name suffix kubectl (`create configmap|secret --append-hash`) and kustomize (generators) share:
// hash.go's encodeHash(hash(encoded)), the first ten hex digits of a sha256 with 0 1 3 a e mapped to g h k m t.

import { createHash } from 'node:crypto';

export function encodeHash(encoded: string): string {
  const hex = createHash('sha256').update(encoded).digest('hex').slice(0, 10);
  return hex.replace(/[013ae]/g, (c) => ({ '0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't' })[c]!);
}

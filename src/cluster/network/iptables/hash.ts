// kube-proxy chain names: KUBE-SVC/SVL/EXT/FW-<h> and KUBE-SEP-<h>, h = first 16 chars of base32(sha256(...)).

import { createHash } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** First 16 characters of the standard base32 encoding of sha256(input) (16 chars = 80 bits = 10 bytes). */
export function hash16(input: string): string {
  const d = createHash('sha256').update(input).digest();
  let out = '';
  let bits = 0;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    value = (value << 8) | d[i]!;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** The hash part of KUBE-SVC-/SVL-/EXT-/FW- names: `spn` is `ns/name[:port]`, proto lower-case. */
export function servicePortHash(spn: string, proto: string): string {
  return hash16(spn + proto);
}

/** KUBE-SEP-… name for endpoint `ep` (`ip:port`). */
export function endpointChainName(spn: string, proto: string, ep: string): string {
  return 'KUBE-SEP-' + hash16(spn + proto + ep);
}

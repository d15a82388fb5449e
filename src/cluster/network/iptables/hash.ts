// kube-proxy chain names: KUBE-SVC/SVL/EXT/FW-<h> and KUBE-SEP-<h>, h = first 16 chars of base32(sha256(...)).

import * as crypto from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** sha256 digest; the one-shot crypto.hash (Node >= 20.12) is about twice as fast as a Hash object. */
const sha256: (input: string) => Uint8Array =
  typeof crypto.hash === 'function'
    ? (input) => crypto.hash('sha256', input, 'buffer') as unknown as Uint8Array
    : (input) => crypto.createHash('sha256').update(input).digest();

const codes: number[] = [];

/** `prefix` + the first 16 characters of base32(sha256(input)), as one flat string (no rope of pieces). */
function prefixedHash16(prefix: string, input: string): string {
  const d = sha256(input);
  codes.length = 0;
  for (let i = 0; i < prefix.length; i++) codes.push(prefix.charCodeAt(i));
  let bits = 0;
  let value = 0;
  for (let i = 0; i < 10; i++) {
    value = (value << 8) | d[i]!;
    bits += 8;
    while (bits >= 5) {
      codes.push(ALPHABET.charCodeAt((value >>> (bits - 5)) & 31));
      bits -= 5;
    }
    value &= (1 << bits) - 1;
  }
  return String.fromCharCode.apply(null, codes);
}

/** First 16 characters of the standard base32 encoding of sha256(input) (16 chars = 80 bits = 10 bytes). */
export function hash16(input: string): string {
  return prefixedHash16('', input);
}

/** The hash part of KUBE-SVC-/SVL-/EXT-/FW- names: `spn` is `ns/name[:port]`, proto lower-case. */
export function servicePortHash(spn: string, proto: string): string {
  return hash16(spn + proto);
}

/** KUBE-SEP-… name for endpoint `ep` (`ip:port`). */
export function endpointChainName(spn: string, proto: string, ep: string): string {
  return prefixedHash16('KUBE-SEP-', spn + proto + ep);
}

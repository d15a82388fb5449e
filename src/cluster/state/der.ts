// DER (X.690) encoding of the few ASN.1 types X.509 certificates need: tagged lengths, SEQUENCE/SET, OBJECT
// IDENTIFIER, INTEGER, UTCTime/GeneralizedTime, BIT/OCTET STRING, extensions, and PEM armour. Shared by the
// cluster PKI (pki.ts) and the certificates users and images make (network/tls/issue.ts).

export function der(tag: number, body: Buffer): Buffer {
  const n = body.length;
  const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : n < 0x10000 ? Buffer.from([0x82, n >> 8, n & 0xff]) : Buffer.from([0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), len, body]);
}
export const seq = (...items: Buffer[]): Buffer => der(0x30, Buffer.concat(items));
export const set = (...items: Buffer[]): Buffer => der(0x31, Buffer.concat(items));

export function oid(text: string): Buffer {
  const [a, b, ...rest] = text.split('.').map(Number);
  const out = [a * 40 + b];
  for (const v of rest) {
    const enc = [v & 0x7f];
    for (let x = v >>> 7; x > 0; x >>>= 7) enc.unshift((x & 0x7f) | 0x80);
    out.push(...enc);
  }
  return der(0x06, Buffer.from(out));
}

export function integer(n: bigint): Buffer {
  let hex = n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  let b = Buffer.from(hex, 'hex');
  if (b[0] & 0x80) b = Buffer.concat([Buffer.from([0]), b]);
  return der(0x02, b);
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
export function time(ms: number): Buffer {
  const iso = new Date(ms).toISOString();
  const digits = iso.slice(0, 19).replace(/[-T:]/g, '');
  const year = new Date(ms).getUTCFullYear();
  return year < 2050 ? der(0x17, Buffer.from(`${digits.slice(2)}Z`)) : der(0x18, Buffer.from(`${digits}Z`));
}

export const bitString = (b: Buffer, unused = 0): Buffer => der(0x03, Buffer.concat([Buffer.from([unused]), b]));
export const octets = (b: Buffer): Buffer => der(0x04, b);
export const BOOLEAN_TRUE = Buffer.from([0x01, 0x01, 0xff]);
export const SHA256_RSA = seq(oid('1.2.840.113549.1.1.11'), Buffer.from([0x05, 0x00]));

export function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [BOOLEAN_TRUE] : []), octets(value));
}

export function pem(type: string, body: Buffer): string {
  const lines = body.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.join('\n')}\n-----END ${type}-----\n`;
}

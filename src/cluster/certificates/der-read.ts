// A minimal DER reader (tag, length, content) for the structures the certificates code parses: PKCS#10
// certificate requests (x509.ParseCertificateRequest's fields) and the names in them.

export interface Tlv {
  tag: number;
  /** the whole element (header and content) */
  raw: Buffer;
  content: Buffer;
}

export class DerError extends Error {}

export function readTlv(buf: Buffer, at = 0): Tlv {
  if (at + 2 > buf.length) throw new DerError('asn1: syntax error: data truncated');
  const tag = buf[at];
  let len = buf[at + 1];
  let hdr = 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || at + 2 + n > buf.length) throw new DerError('asn1: syntax error: data truncated');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[at + 2 + i];
    hdr += n;
  }
  if (at + hdr + len > buf.length) throw new DerError('asn1: syntax error: data truncated');
  return { tag, raw: buf.subarray(at, at + hdr + len), content: buf.subarray(at + hdr, at + hdr + len) };
}

/** The elements of a SEQUENCE/SET's content. */
export function children(content: Buffer): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < content.length) {
    const t = readTlv(content, at);
    out.push(t);
    at += t.raw.length;
  }
  return out;
}

export function oidText(content: Buffer): string {
  const parts: number[] = [Math.floor(content[0] / 40), content[0] % 40];
  let v = 0;
  for (let i = 1; i < content.length; i++) {
    v = v * 128 + (content[i] & 0x7f);
    if (!(content[i] & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

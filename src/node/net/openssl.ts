// The openssl command (OpenSSL 3.0 of Ubuntu 24.04 nodes and Debian images), for what labs do with it around a
// cluster: `req -x509` makes a key and a self-signed certificate (dated on the cluster clock, its key derived from
// the cluster's RNG, so a replay gives the same bytes), `x509` prints a certificate's subject, issuer, dates,
// serial or fingerprint, and `s_client -connect` shakes hands with a simulated server through the data path and
// prints its chain and verify result. Anything else is refused by name, never run on the host.

import { createHash, createPrivateKey } from 'node:crypto';
import { issueCertificate, keyFor, keyPemPkcs8, knownAttribute, randomSerial, type Name } from '../../cluster/network/tls/issue.js';
import { verifyChain, x509CheckHost } from '../../cluster/network/tls/verify.js';
import { keyFacts, opensslName, parseBundle, type Cert } from '../../cluster/network/tls/x509.js';
import type { TlsServerHello } from '../../cluster/network/request-types.js';
import { isIPv4Literal, type NetEnv, type ToolIO } from './common.js';
import { certificateRequest } from './openssl-csr.js';

export interface OpensslEnv {
  net: NetEnv;
  readFile(path: string): string | undefined;
  /** writes a file; returns an error text (`Permission denied`) or undefined */
  writeFile(path: string, content: string): string | undefined;
  stdin?: string;
  /** a fresh label for a key drawn from the cluster RNG */
  keyLabel(): string;
}

const DAY_MS = 24 * 3600 * 1000;

function unsupported(io: ToolIO, what: string): number {
  io.err(`kubesim: openssl ${what} is not simulated (genrsa, req -new, req -x509, x509 and s_client are)\n`);
  return 1;
}

/** `-subj "/CN=foo.bar.com/O=my-nginx"` */
function parseSubj(text: string): Name | string {
  if (!text.startsWith('/')) return `name is expected to be in the format /type0=value0/type1=value1/type2=... where characters may be escaped by \\. This name is not in that format: '${text}'`;
  const out: Name = [];
  for (const part of text.slice(1).split(/(?<!\\)\//)) {
    if (!part) continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return `Hit end of string before finding the '='`;
    const k = part.slice(0, eq);
    if (!knownAttribute(k)) return `Subject Attribute ${k} has no known NID, skipped`;
    out.push([k, part.slice(eq + 1).replace(/\\\//g, '/')]);
  }
  return out;
}

/** The dots OpenSSL prints while it looks for the key's primes (random; drawn from the cluster RNG). */
function primeDots(random: () => number): string {
  const line = () => {
    let s = '';
    for (let i = 0; i < 2; i++) {
      const n = 5 + Math.floor(random() * 30);
      for (let j = 0; j < n; j++) s += random() < 0.35 ? '+' : '.';
      s += '+'.repeat(65) + '*';
    }
    return s + '.'.repeat(1 + Math.floor(random() * 20)) + '+'.repeat(65);
  };
  return `${line()}\n${line()}\n-----\n`;
}

function req(argv: string[], env: OpensslEnv, io: ToolIO): number {
  let x509 = false;
  let days = 30;
  let newkey: string | undefined;
  let keyIn: string | undefined;
  let keyout: string | undefined;
  let out: string | undefined;
  let subj: string | undefined;
  const addext: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '-x509') x509 = true;
    else if (a === '-nodes' || a === '-noenc' || a === '-new' || a === '-sha256' || a === '-batch' || a === '-utf8') continue;
    else if (a === '-days') days = Number(val());
    else if (a === '-newkey') newkey = val();
    else if (a === '-key') keyIn = val();
    else if (a === '-keyout') keyout = val();
    else if (a === '-out') out = val();
    else if (a === '-subj') subj = val();
    else if (a === '-addext') addext.push(val() ?? '');
    else return unsupported(io, `req ${a}`);
  }
  if (!x509 && !argv.includes('-new') && keyIn === undefined && newkey === undefined) return unsupported(io, 'req without -x509 or -new');
  if (subj === undefined) {
    io.err('kubesim: openssl req without -subj asks for the name interactively; that is not simulated (give -subj "/CN=...")\n');
    return 1;
  }
  const name = parseSubj(subj);
  if (typeof name === 'string') {
    io.err(`req: ${name}\nreq: Error making certificate request\n`);
    return 1;
  }
  if (!Number.isFinite(days) || days < 0) {
    io.err(`req: Invalid number "${days}" for option -days\n`);
    return 1;
  }
  let key;
  if (keyIn !== undefined) {
    const text = env.readFile(keyIn);
    try {
      key = createPrivateKey(text ?? '');
    } catch {
      io.err(`Could not open file or uri for loading private key from ${keyIn}\n`);
      return 1;
    }
  } else {
    if (newkey !== undefined && !/^rsa(:2048)?$/.test(newkey)) return unsupported(io, `req -newkey ${newkey} (only rsa:2048 keys are made)`);
    key = keyFor(env.keyLabel());
    io.err(primeDots(env.net.random));
    const k = keyPemPkcs8(key);
    if (keyout !== undefined) {
      const e = env.writeFile(keyout, k);
      if (e) {
        io.err(`req: Can't open "${keyout}" for writing, ${e}\n`);
        return 1;
      }
    } else io.out(k);
  }
  const dns: string[] = [];
  const ips: string[] = [];
  for (const e of addext) {
    const m = /^subjectAltName\s*=\s*(.*)$/.exec(e);
    if (!m) return unsupported(io, `req -addext ${e}`);
    for (const part of m[1].split(',')) {
      const [t, v] = part.trim().split(':');
      if (t === 'DNS') dns.push(v);
      else if (t === 'IP') ips.push(v);
    }
  }
  if (!x509) {
    const csr = certificateRequest(name, key, dns, ips);
    if (out === undefined) {
      io.out(csr);
      return 0;
    }
    const e = env.writeFile(out, csr);
    if (e) {
      io.err(`req: Can't open "${out}" for writing, ${e}\n`);
      return 1;
    }
    return 0;
  }
  const now = Math.floor(env.net.nowMs / 1000) * 1000;
  const cert = issueCertificate({
    subject: name,
    key,
    serial: randomSerial(env.net.random, 159),
    notBeforeMs: now,
    notAfterMs: now + days * DAY_MS,
    basicConstraints: 'ca',
    keyIds: true,
    dns,
    ips,
  });
  if (out !== undefined) {
    const e = env.writeFile(out, cert);
    if (e) {
      io.err(`req: Can't open "${out}" for writing, ${e}\n`);
      return 1;
    }
  } else io.out(cert);
  return 0;
}

function x509(argv: string[], env: OpensslEnv, io: ToolIO): number {
  let input: string | undefined;
  let noout = false;
  const prints: string[] = [];
  let sha1 = true;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-in') input = argv[++i];
    else if (a === '-noout') noout = true;
    else if (['-subject', '-issuer', '-dates', '-startdate', '-enddate', '-serial', '-fingerprint'].includes(a)) prints.push(a);
    else if (a === '-sha256') sha1 = false;
    else if (a === '-sha1') sha1 = true;
    else if (a === '-inform' && /^pem$/i.test(argv[i + 1] ?? '')) i++;
    else return unsupported(io, `x509 ${a}`);
  }
  const text = input !== undefined ? env.readFile(input) : env.stdin;
  if (text === undefined) {
    io.err(`Could not open file or uri for loading certificate from ${input}\n`);
    return 1;
  }
  const c = parseBundle(text).certs[0];
  if (!c) {
    io.err('Unable to load certificate\n');
    return 1;
  }
  let o = '';
  for (const p of prints) {
    if (p === '-subject') o += `subject=${opensslName(c.subject)}\n`;
    else if (p === '-issuer') o += `issuer=${opensslName(c.issuer)}\n`;
    else if (p === '-dates') o += `notBefore=${c.notBefore}\nnotAfter=${c.notAfter}\n`;
    else if (p === '-startdate') o += `notBefore=${c.notBefore}\n`;
    else if (p === '-enddate') o += `notAfter=${c.notAfter}\n`;
    else if (p === '-serial') o += `serial=${c.x509.serialNumber.toUpperCase()}\n`;
    else if (p === '-fingerprint') {
      const fp = createHash(sha1 ? 'sha1' : 'sha256').update(c.x509.raw).digest('hex').toUpperCase().match(/../g)!.join(':');
      o += `${sha1 ? 'SHA1' : 'sha256'} Fingerprint=${fp}\n`;
    }
  }
  if (!noout) o += c.pem;
  io.out(o);
  return 0;
}

function threadId(random: () => number): string {
  let s = '40';
  for (let i = 0; i < 8; i++) s += Math.floor(random() * 16).toString(16).toUpperCase();
  return `${s}7F0000`;
}

function sClient(argv: string[], env: OpensslEnv, io: ToolIO): number {
  let connect: string | undefined;
  let servername: string | undefined;
  let cafile: string | undefined;
  let showcerts = false;
  let verifyHost: string | undefined;
  let alpn: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-connect') connect = argv[++i];
    else if (a === '-servername') servername = argv[++i];
    else if (a === '-CAfile') cafile = argv[++i];
    else if (a === '-showcerts') showcerts = true;
    else if (a === '-verify_hostname') verifyHost = argv[++i];
    else if (a === '-alpn') alpn = (argv[++i] ?? '').split(',');
    else if (a === '-quiet' || a === '-brief' || a === '-tls1_2' || a === '-tls1_3' || a === '-noservername') return unsupported(io, `s_client ${a}`);
    else if (!/^-/.test(a) && connect === undefined) connect = a;
    else return unsupported(io, `s_client ${a}`);
  }
  const target = connect ?? 'localhost:4433';
  const m = /^(.*):(\d+)$/.exec(target);
  const host = m ? m[1] : target;
  const port = m ? Number(m[2]) : 443;
  const ip = isIPv4Literal(host) ? host : env.net.resolve(host);
  const tid = threadId(env.net.random);
  if (ip === null) {
    io.err(`${tid}:error:10080002:BIO routines:BIO_lookup_ex:system lib:../crypto/bio/bio_addr.c:738:Name or service not known\nconnect:errno=0\n`);
    return 1;
  }
  const sni = servername ?? (isIPv4Literal(host) ? undefined : host);
  let hello: TlsServerHello | undefined;
  const res = env.net.connect(ip, port, {
    method: 'GET',
    host,
    path: '/',
    headers: {},
    userAgent: '',
    // s_client completes the handshake whatever the verify result (it only reports it), and sends no request
    tls: { sni, alpn, accept: (h) => ((hello = h), false) },
  });
  if (!res.ok && res.error !== 'tls-aborted' && res.error !== 'tls-plain') {
    const why = res.error === 'timeout' ? 'Connection timed out' : res.error === 'unreachable' ? 'No route to host' : 'Connection refused';
    const errno = res.error === 'timeout' ? 110 : res.error === 'unreachable' ? 113 : 111;
    io.err(`${tid}:error:8000006F:system library:BIO_connect:${why}:../crypto/bio/bio_sock2.c:117:calling connect()\n${tid}:error:10000067:BIO routines:BIO_connect:connect error:../crypto/bio/bio_sock2.c:119:\nconnect:errno=${errno}\n`);
    return 1;
  }
  io.out('CONNECTED(00000003)\n');
  const written = 377 + (sni ? 9 + sni.length : 0);
  if (!hello) {
    io.err(`${tid}:error:0A00010B:SSL routines:ssl3_get_record:wrong version number:../ssl/record/ssl3_record.c:354:\n`);
    io.out(`---\nno peer certificate available\n---\nNo client certificate CA names sent\n---\nSSL handshake has read 5 bytes and written ${written} bytes\nVerification: OK\n---\nNew, (NONE), Cipher is (NONE)\nSecure Renegotiation IS NOT supported\nCompression: NONE\nExpansion: NONE\nNo ALPN negotiated\nEarly data was not sent\nVerify return code: 0 (ok)\n---\n`);
    return 1;
  }
  const certs = parseBundle(hello.chain.join('')).certs;
  const trustText = cafile !== undefined ? env.readFile(cafile) : '';
  if (cafile !== undefined && trustText === undefined) {
    io.err(`${tid}:error:80000002:system library:file_open:No such file or directory:../providers/implementations/storemgmt/file_store.c:267:calling stat(${cafile})\n`);
  }
  const trust = parseBundle(trustText ?? '').certs;
  const v = verifyChain(certs, trust, env.net.nowMs);
  let code = v.ok ? 0 : v.error.code;
  let text = v.ok ? 'ok' : v.error.text;
  // the verify callback's trace (stderr), from the top of the chain built down to the leaf
  const chain = v.chain.length ? v.chain : certs.slice(0, 1);
  let trace = '';
  for (let d = chain.length - 1; d >= 0; d--) {
    trace += `depth=${d} ${opensslName(chain[d].subject)}\n`;
    if (!v.ok && v.error.depth === d) {
      trace += `verify error:num=${v.error.code}:${v.error.text}\n`;
      if (v.error.code === 10) trace += `notAfter=${chain[d].notAfter}\n`;
      if (v.error.code === 9) trace += `notBefore=${chain[d].notBefore}\n`;
      trace += 'verify return:1\n';
      if (v.error.code === 20 && chain.length === 1) {
        trace += `depth=0 ${opensslName(chain[0].subject)}\nverify error:num=21:unable to verify the first certificate\nverify return:1\n`;
        code = 21;
        text = 'unable to verify the first certificate';
      }
      if (d === 0) trace += `depth=0 ${opensslName(chain[0].subject)}\nverify return:1\n`;
    } else trace += 'verify return:1\n';
  }
  if (verifyHost !== undefined && code === 0 && !x509CheckHost(certs[0], verifyHost)) {
    code = 62;
    text = 'hostname mismatch';
  }
  io.err(trace);
  let o = '---\nCertificate chain\n';
  certs.forEach((c, i) => {
    const k = keyFacts(c);
    o += ` ${i} s:${opensslName(c.subject)}\n   i:${opensslName(c.issuer)}\n   a:PKEY: ${k.type === 'rsa' ? 'rsaEncryption' : k.type}, ${k.bits} (bit); sigalg: RSA-SHA256\n   v:NotBefore: ${c.notBefore}; NotAfter: ${c.notAfter}\n`;
    if (showcerts) o += c.pem;
  });
  const leaf: Cert = certs[0];
  o += '---\nServer certificate\n';
  if (!showcerts) o += leaf.pem;
  o += `subject=${opensslName(leaf.subject)}\nissuer=${opensslName(leaf.issuer)}\n---\nNo client certificate CA names sent\n`;
  const tls13 = hello.version === 'TLSv1.3';
  o += `Peer signing digest: SHA256\nPeer signature type: ${hello.signature === 'RSASSA-PSS' ? 'RSA-PSS' : 'RSA'}\nServer Temp Key: ${hello.group === 'X25519' ? 'X25519, 253 bits' : 'ECDH, prime256v1, 256 bits'}\n---\n`;
  const read = certs.reduce((n, c) => n + c.x509.raw.length, 0) + 556 + (certs.length - 1) * 5;
  o += `SSL handshake has read ${read} bytes and written ${written} bytes\n${code === 0 ? 'Verification: OK' : `Verification error: ${text}`}\n---\n`;
  o += `New, ${tls13 ? 'TLSv1.3' : 'TLSv1.2'}, Cipher is ${hello.cipher}\nServer public key is ${keyFacts(leaf).bits} bit\n`;
  o += `Secure Renegotiation IS ${tls13 ? 'NOT ' : ''}supported\nCompression: NONE\nExpansion: NONE\n`;
  o += hello.alpn && alpn.includes(hello.alpn) ? `ALPN protocol: ${hello.alpn}\n` : 'No ALPN negotiated\n';
  if (tls13) o += 'Early data was not sent\n';
  o += `Verify return code: ${code} (${text})\n---\n`;
  io.out(o);
  io.err('DONE\n');
  return 0;
}

/** Runs `openssl ARGS...`; returns its exit code. */
/** `genrsa [-out FILE] [2048]`: an RSA-2048 key, PKCS#8 PEM as OpenSSL 3 writes it (the prime search dots on stderr) */
function genrsa(argv: string[], env: OpensslEnv, io: ToolIO): number {
  let out: string | undefined;
  let bits = '2048';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-out') out = argv[++i];
    else if (/^\d+$/.test(a)) bits = a;
    else return unsupported(io, `genrsa ${a}`);
  }
  if (bits !== '2048') return unsupported(io, `genrsa ${bits} (only 2048-bit keys are made)`);
  const key = keyFor(env.keyLabel());
  io.err(primeDots(env.net.random));
  const text = keyPemPkcs8(key);
  if (out === undefined) {
    io.out(text);
    return 0;
  }
  const e = env.writeFile(out, text);
  if (e) {
    io.err(`genrsa: Can't open "${out}" for writing, ${e}\n`);
    return 1;
  }
  return 0;
}

export function runOpenssl(argv: string[], env: OpensslEnv, io: ToolIO): number {
  const [cmd, ...rest] = argv;
  if (cmd === undefined) return unsupported(io, 'without a command (the interactive prompt)');
  if (cmd === 'version') {
    io.out('OpenSSL 3.0.13 30 Jan 2024 (Library: OpenSSL 3.0.13 30 Jan 2024)\n');
    return 0;
  }
  if (cmd === 'req') return req(rest, env, io);
  if (cmd === 'genrsa') return genrsa(rest, env, io);
  if (cmd === 'x509') return x509(rest, env, io);
  if (cmd === 's_client') return sClient(rest, env, io);
  return unsupported(io, cmd);
}

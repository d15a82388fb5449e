// GNU Wget 1.21.4 (Ubuntu/Debian nodes) against the simulated network: -q, -O FILE|-, -S, -T, --spider; its
// non-tty "dot" progress, its ‘’-quoted messages and exit codes (4 network failure, 8 server error).

import { byteLength } from '../../cluster/network/images/format.js';
import { isIPv4Literal, isoSeconds, parseURL, remoteFileName, type NetEnv, type ToolResult } from './common.js';
import type { TlsServerHello } from '../../cluster/network/request-types.js';
import { x509CheckHost, verifyChain } from '../../cluster/network/tls/verify.js';
import { commonName, parseBundle } from '../../cluster/network/tls/x509.js';

/** RFC 2253: the last RDN first, `,` between them (wget's _get_rfc2253_formatted). */
function rfc2253(name: Array<[string, string]>): string {
  return [...name].reverse().map(([k, v]) => `${k}=${v}`).join(',');
}

/**
 * wget's ssl_check_certificate (src/openssl.c): the chain against --ca-certificate or the system bundle, then the
 * host name; the messages it logs, and whether the connection goes on (always with --no-check-certificate, which
 * turns ERROR into WARNING).
 */
function checkCertificate(hello: TlsServerHello, host: string, check: boolean, trustText: string | undefined, nowMs: number): { ok: boolean; log: string } {
  const certs = parseBundle(hello.chain.join('')).certs;
  const severity = check ? 'ERROR' : 'WARNING';
  let log = '';
  let ok = true;
  const v = verifyChain(certs, parseBundle(trustText ?? '').certs, nowMs);
  if (!v.ok) {
    log += `${severity}: cannot verify ${host}'s certificate, issued by ‘${rfc2253(certs[0].issuer)}’:\n`;
    const c = v.error.code;
    log += c === 20 || c === 2 ? "  Unable to locally verify the issuer's authority.\n" : c === 18 || c === 19 ? '  Self-signed certificate encountered.\n' : c === 9 ? '  Issued certificate not yet valid.\n' : c === 10 ? '  Issued certificate has expired.\n' : `  ${v.error.text}\n`;
    ok = false;
  }
  const leaf = certs[0];
  if (!x509CheckHost(leaf, host.toLowerCase())) {
    log += leaf.hasSan ? `${severity}: no certificate subject alternative name matches\n\trequested host name ‘${host}’.\n` : `${severity}: certificate common name ‘${commonName(leaf) ?? ''}’ doesn't match requested host name ‘${host}’.\n`;
    ok = false;
  }
  if (!ok && check) log += `To connect to ${host} insecurely, use \`--no-check-certificate'.\n`;
  return { ok: ok || !check, log };
}

export const WGET_VERSION = '1.21.4';

/** wget's speed text: `%4.*f` with precision by magnitude and a 1024-based unit. */
function speedText(bytesPerSec: number, long: boolean): string {
  const units = long ? ['B/s', 'KB/s', 'MB/s', 'GB/s'] : ['', 'K', 'M', 'G'];
  let v = bytesPerSec;
  let i = 0;
  while (v >= 1024 && i < 3) {
    v /= 1024;
    i++;
  }
  const prec = v >= 99.95 ? 0 : v >= 9.995 ? 1 : 2;
  return long ? `${v.toFixed(prec)} ${units[i]}` : `${v.toFixed(prec).padStart(4)}${units[i]}`;
}

export function runGnuWget(argv: string[], env: NetEnv): ToolResult {
  let quiet = false;
  let output: string | undefined;
  let serverResponse = false;
  let spider = false;
  let timeout: number | undefined;
  let checkCert = true;
  let caCert: string | undefined;
  const urls: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-S' || a === '--server-response') serverResponse = true;
    else if (a === '--spider') spider = true;
    else if (a === '--no-check-certificate') checkCert = false;
    else if (a.startsWith('--ca-certificate=')) caCert = a.slice(17);
    else if (a === '--ca-certificate') caCert = argv[++i];
    else if (a === '-O') output = argv[++i];
    else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a.startsWith('-O')) output = a.slice(2);
    else if (a === '-T') timeout = Number(argv[++i]);
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
    else if (/^-[qS]+O?$/.test(a)) {
      if (a.includes('q')) quiet = true;
      if (a.includes('S')) serverResponse = true;
      if (a.endsWith('O')) output = argv[++i];
    } else if (/^-[qS]+O.+$/.test(a)) {
      if (a.includes('q')) quiet = true;
      if (a.slice(0, a.indexOf('O')).includes('S')) serverResponse = true;
      output = a.slice(a.indexOf('O') + 1);
    } else if (a.startsWith('-') && a !== '-') return { stdout: '', stderr: `wget: invalid option -- '${a.replace(/^-+/, '')[0]}'\nUsage: wget [OPTION]... [URL]...\n\nTry \`wget --help' for more options.\n`, code: 2 };
    else urls.push(a);
  }
  void timeout;
  if (urls.length === 0) return { stdout: '', stderr: "wget: missing URL\nUsage: wget [OPTION]... [URL]...\n\nTry `wget --help' for more options.\n", code: 1 };
  let stdout = '';
  let stderr = '';
  let code = 0;
  const say = (s: string) => {
    if (!quiet) stderr += s;
  };
  for (const text of urls) {
    const u = parseURL(text);
    if (!u || (u.scheme !== 'http' && u.scheme !== 'https')) {
      say(`${text}: Unsupported scheme.\n`);
      code = 1;
      continue;
    }
    const stamp = isoSeconds(env.nowMs);
    say(`--${stamp}--  ${u.href}\n`);
    let ip: string | null = u.host;
    const named = !isIPv4Literal(u.host);
    if (named) {
      ip = env.resolve(u.host);
      if (ip === null) {
        say(`Resolving ${u.host} (${u.host})... failed: Name or service not known.\n`);
        say(`wget: unable to resolve host address ‘${u.host}’\n`);
        code = 4;
        continue;
      }
      say(`Resolving ${u.host} (${u.host})... ${ip}\n`);
    }
    const where = named ? `${u.host} (${u.host})|${ip}|:${u.port}` : `${u.host}:${u.port}`;
    let certLog = '';
    const tls =
      u.scheme === 'https'
        ? {
            sni: named ? u.host : undefined,
            alpn: [] as string[],
            accept: (h: TlsServerHello) => {
              const trust = caCert !== undefined ? env.readFile?.(caCert) : env.readFile?.(env.caBundle?.file ?? '/etc/ssl/certs/ca-certificates.crt');
              const r = checkCertificate(h, u.host, checkCert, trust, env.nowMs);
              certLog = r.log;
              return r.ok;
            },
          }
        : undefined;
    const res = env.connect(ip!, u.port, { method: spider ? 'HEAD' : 'GET', host: u.explicitPort ? `${u.host}:${u.port}` : u.host, path: u.path, headers: { Accept: '*/*', 'Accept-Encoding': 'identity', Connection: 'Keep-Alive' }, userAgent: `Wget/${WGET_VERSION}`, ...(tls ? { tls } : {}) });
    if (!res.ok && res.error === 'tls-aborted') {
      say(`Connecting to ${where}... connected.\n${certLog}`);
      code = 5;
      continue;
    }
    if (!res.ok && res.error === 'tls-plain') {
      say(`Connecting to ${where}... connected.\nOpenSSL: error:0A00010B:SSL routines::wrong version number\nUnable to establish SSL connection.\n`);
      code = 4;
      continue;
    }
    if (!res.ok) {
      const why = res.error === 'timeout' ? 'Connection timed out' : res.error === 'unreachable' ? 'No route to host' : 'Connection refused';
      say(`Connecting to ${where}... failed: ${why}.\n`);
      code = 4;
      continue;
    }
    say(`Connecting to ${where}... connected.\n${certLog}`);
    say('HTTP request sent, awaiting response... ');
    if (serverResponse) {
      say(`\n  HTTP/1.1 ${res.status} ${res.statusText}\n` + res.headers.map(([k, v]) => `  ${k}: ${v}\n`).join(''));
    } else say(`${res.status} ${res.statusText}\n`);
    if (res.status >= 400) {
      say(`${isoSeconds(env.nowMs)} ERROR ${res.status}: ${res.statusText}.\n\n`);
      code = 8;
      continue;
    }
    const ctype = (res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '').split(';')[0].trim();
    const len = byteLength(res.body);
    const hasLen = res.headers.some(([k]) => k.toLowerCase() === 'content-length');
    say(`Length: ${hasLen ? len : 'unspecified'}${len >= 1024 ? ` (${speedText(len, false).trim()})` : ''}${ctype ? ` [${ctype}]` : ''}\n`);
    if (spider) {
      say('Remote file exists and could contain further links,\nbut recursion is disabled -- not retrieving.\n\n');
      continue;
    }
    const toStdout = output === '-';
    const name = output ?? (remoteFileName(u.path) || 'index.html');
    say(`Saving to: ‘${toStdout ? 'STDOUT' : name}’\n\n`);
    if (toStdout) stdout += res.body;
    const speed = speedText(len * 80000 + 1, false);
    // dot progress: one dot per full KiB, 50 per line in groups of 10, the last line padded to its width
    const rowStart = Math.floor(len / (50 * 1024)) * 50;
    const dots = Math.floor(len / 1024) - rowStart;
    let row = `${String(rowStart).padStart(6)}K`;
    for (let i = 0; i < 50; i++) row += (i % 10 === 0 ? ' ' : '') + (i < dots ? '.' : ' ');
    say(`${row} 100% ${speed}=0s\n\n`);
    say(`${isoSeconds(env.nowMs)} (${speedText(len * 80000 + 1, true)}) - ${toStdout ? 'written to stdout' : `‘${name}’ saved`} [${len}/${len}]\n\n`);
  }
  return { stdout, stderr, code };
}

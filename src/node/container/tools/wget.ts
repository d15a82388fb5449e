// busybox wget (networking/wget.c, 1.36): -q, -O FILE/-, -S, --spider, -T, -U, --header; "Connecting to" and
// the non-tty progress line on stderr, the file saved as the URL's last path element (index.html), and its errors:
// bad address, can't connect ... Connection refused / timed out, server returned error, download timed out.

import { parseURL, remoteFileName } from '../../net/common.js';
import { lookupHost, readFile, writeFile, type CmdIO, type ContainerSession } from '../context.js';
import { sendHttp } from './net-env.js';
import type { TlsClientHello } from '../../../cluster/network/request.js';

const USAGE = 'BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[--no-check-certificate] [-P DIR] [-U AGENT] [-T SEC] URL...\n';

/** libbb smart_ulltoa5: a 5-character size. */
function size5(n: number): string {
  if (n < 100000) return String(n).padStart(5);
  const units = ['k', 'M', 'G', 'T'];
  let v = n;
  for (const u of units) {
    v = v / 1024;
    if (v < 10000) return `${Math.floor(v)}`.padStart(4) + u;
  }
  return String(n);
}

export function progressLine(name: string, bytes: number): string {
  return `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}| ${size5(bytes)}  0:00:00 ETA\n`;
}

export function wgetTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  let quiet = false;
  let output: string | undefined;
  let showHeaders = false;
  let spider = false;
  let timeout: number | undefined;
  let ua = 'Wget';
  let noCheckCert = false;
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--spider') spider = true;
    else if (a === '--no-check-certificate') noCheckCert = true;
    else if (a === '-O' || a === '--output-document') output = argv[++i];
    else if (a.startsWith('--output-document=')) output = a.slice(18);
    else if (a === '-T' || a === '--timeout') timeout = Number(argv[++i]);
    else if (a.startsWith('--timeout=')) timeout = Number(a.slice(10));
    else if (a === '-U' || a === '--user-agent') ua = argv[++i] ?? ua;
    else if (a === '--header') {
      const h = argv[++i] ?? '';
      const c = h.indexOf(':');
      if (c > 0) headers[h.slice(0, c).trim()] = h.slice(c + 1).trim();
    } else if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-S' || a === '--server-response') showHeaders = true;
    else if (/^-[a-zA-Z]+/.test(a) && !a.startsWith('--')) {
      // clustered short options: -qO- , -qO -, -qSO file
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (f === 'q') quiet = true;
        else if (f === 'S') showHeaders = true;
        else if (f === 'c' || f === 'v') continue;
        else if (f === 'O' || f === 'T' || f === 'U' || f === 'P' || f === 'o') {
          const val = a.slice(j + 1) || argv[++i];
          if (f === 'O') output = val;
          if (f === 'T') timeout = Number(val);
          if (f === 'U') ua = val ?? ua;
          break;
        } else {
          io.err(`wget: unrecognized option '${a}'\n${USAGE}`);
          return 1;
        }
      }
    } else if (a.startsWith('--')) {
      io.err(`wget: unrecognized option '${a}'\n${USAGE}`);
      return 1;
    } else urls.push(a);
  }
  if (urls.length === 0) {
    io.err(USAGE);
    return 1;
  }
  let code = 0;
  for (const raw of urls) {
    const url = parseURL(raw);
    if (!url || (url.scheme !== 'http' && url.scheme !== 'https')) {
      io.err(`wget: not an http or ftp url: ${raw}\n`);
      return 1;
    }
    const look = lookupHost(s, url.host);
    if (!look.ok) {
      io.err(`wget: bad address '${url.hostPort}'\n`);
      return 1;
    }
    if (!quiet) io.err(`Connecting to ${url.hostPort} (${look.ip}:${url.port})\n`);
    let tls: TlsClientHello | undefined;
    if (url.scheme === 'https') {
      if (s.facts.legacyNslookup) {
        // busybox 1.28 and older fetch https through an external `openssl s_client`, which the image lacks
        const res = sendHttp(s, look.ip, url, spider ? 'HEAD' : 'GET', ua, headers);
        if (!res.ok) return connectError(res.error, look.ip, timeout, io);
        io.err("wget: can't execute 'openssl': No such file or directory\nwget: error getting response: Connection reset by peer\n");
        return 1;
      }
      // the internal TLS code (networking/tls.c) does not verify the certificate, and says so unless told not to
      if (!noCheckCert) io.err('wget: note: TLS certificate validation not implemented\n');
      noCheckCert = true;
      tls = { sni: /^\d+\.\d+\.\d+\.\d+$/.test(url.host) ? undefined : url.host, alpn: [], accept: () => true };
    }
    const res = sendHttp(s, look.ip, url, spider ? 'HEAD' : 'GET', ua, headers, tls);
    if (!res.ok && res.error === 'tls-plain') {
      // an HTTP answer where the server hello should be: tls.c's bad_record_die
      io.err("wget: got bad TLS record while expecting 'server hello'\n");
      return 1;
    }
    if (!res.ok) return connectError(res.error, look.ip, timeout, io);
    if (showHeaders) {
      io.err(`  HTTP/1.1 ${res.status} ${res.statusText}\n`);
      for (const [k, v] of res.headers) io.err(`  ${k}: ${v}\n`);
    }
    if (res.status >= 400 || res.status < 200) {
      io.err(`wget: server returned error: HTTP/1.1 ${res.status} ${res.statusText}\n`);
      return 1;
    }
    if (spider) {
      if (!quiet) io.err('remote file exists\n');
      continue;
    }
    const bytes = Buffer.byteLength(res.body);
    if (output === '-') {
      if (!quiet) io.err('writing to stdout\n');
      io.out(res.body);
      if (!quiet) io.err(progressLine('-', bytes) + 'written to stdout\n');
      continue;
    }
    const name = output ?? (remoteFileName(url.path) || 'index.html');
    if (output === undefined && readFile(s, name) !== undefined) {
      io.err(`wget: can't open '${name}': File exists\n`);
      code = 1;
      continue;
    }
    if (!quiet) io.err(`saving to '${name}'\n`);
    writeFile(s, name, res.body);
    if (!quiet) io.err(progressLine(name, bytes) + `'${name}' saved\n`);
  }
  return code;
}

function connectError(error: 'refused' | 'timeout' | 'unreachable' | 'reset' | 'tls-plain' | 'tls-aborted', ip: string, timeout: number | undefined, io: CmdIO): number {
  if (error === 'timeout' && timeout !== undefined) io.err('wget: download timed out\n');
  else if (error === 'reset') io.err('wget: error getting response: Connection reset by peer\n');
  else {
    const why = error === 'refused' ? 'Connection refused' : error === 'timeout' ? 'Connection timed out' : 'No route to host';
    io.err(`wget: can't connect to remote host (${ip}): ${why}\n`);
  }
  return 1;
}

// curl as a client of the simulated network, for the node (`kubesim curl`, 8.5.0 of Ubuntu 24.04) and for the
// images that ship it (7.88.1 in Debian bookworm nginx, 8.x in netshoot/curlimages): -s -S -i -I -v -f -o -O
// -m/--max-time --connect-timeout -H -X -d -A -w -L -k; the progress meter when stdout is not a terminal, the
// verbose trace of the version, and the `curl: (N) ...` errors with curl's exit codes.

import { byteLength } from '../../cluster/network/images/format.js';
import { hostHeader, isIPv4Literal, parseURL, remoteFileName, type NetEnv, type ToolIO } from './common.js';
import { caCertErrorText, curlHandshake, handshakeTrace, opensslOf, type CurlTlsOptions } from './curl-tls.js';

export const CURL_VERSION = '8.5.0';

interface CurlOpts {
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  verbose: boolean;
  fail: boolean;
  noProgress: boolean;
  maxTime?: number;
  connectTimeout?: number;
  headers: Array<[string, string]>;
  method?: string;
  data?: string;
  userAgent?: string;
  output?: string;
  remoteName: boolean;
  writeOut?: string;
  insecure: boolean;
  cacert?: string;
  /** --resolve HOST:PORT:ADDR entries */
  resolve: Array<{ host: string; port: number; addr: string }>;
  urls: string[];
}

type BoolOpt = 'silent' | 'showError' | 'include' | 'head' | 'verbose' | 'fail' | 'remoteName' | 'noProgress' | 'insecure';

const SHORT_BOOL: Record<string, BoolOpt> = { s: 'silent', S: 'showError', i: 'include', I: 'head', v: 'verbose', f: 'fail', O: 'remoteName', k: 'insecure' };
const SHORT_IGNORED = new Set(['L', 'N', '4', 'g']);
const SHORT_VALUE: Record<string, string> = {
  m: 'max-time', H: 'header', X: 'request', d: 'data', A: 'user-agent', o: 'output', w: 'write-out', u: 'user', e: 'referer', b: 'cookie',
  c: 'cookie-jar', T: 'upload-file', x: 'proxy', r: 'range',
};
const LONG_BOOL: Record<string, BoolOpt | null> = {
  silent: 'silent', 'show-error': 'showError', include: 'include', head: 'head', verbose: 'verbose', fail: 'fail', 'remote-name': 'remoteName',
  'no-progress-meter': 'noProgress', location: null, insecure: 'insecure', 'no-buffer': null, http1: null, 'http1.1': null, globoff: null, compressed: null, ipv4: null,
};
const LONG_VALUE = new Set([
  'max-time', 'connect-timeout', 'header', 'request', 'data', 'data-raw', 'data-binary', 'user-agent', 'output', 'write-out', 'user', 'referer',
  'cookie', 'cookie-jar', 'retry', 'resolve', 'url', 'proxy', 'range', 'upload-file', 'cacert',
]);
const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

class CurlUsage extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

function parseArgs(argv: string[]): CurlOpts {
  const o: CurlOpts = { silent: false, showError: false, include: false, head: false, verbose: false, fail: false, noProgress: false, headers: [], remoteName: false, insecure: false, resolve: [], urls: [] };
  const setValue = (name: string, v: string) => {
    switch (name) {
      case 'max-time':
      case 'connect-timeout': {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new CurlUsage(`curl: option --${name}: expected a proper numerical parameter\n${TRY_HELP}`);
        if (name === 'max-time') o.maxTime = n;
        else o.connectTimeout = n;
        break;
      }
      case 'header': {
        const i = v.indexOf(':');
        if (i > 0) o.headers.push([v.slice(0, i).trim(), v.slice(i + 1).trim()]);
        break;
      }
      case 'request':
        o.method = v;
        break;
      case 'data':
      case 'data-raw':
      case 'data-binary':
        o.data = o.data === undefined ? v : `${o.data}&${v}`;
        break;
      case 'user-agent':
        o.userAgent = v;
        break;
      case 'output':
        o.output = v;
        break;
      case 'write-out':
        o.writeOut = v;
        break;
      case 'url':
        o.urls.push(v);
        break;
      case 'cacert':
        o.cacert = v;
        break;
      case 'resolve': {
        // [+]HOST:PORT:ADDR[,ADDR]... (the first address is used); `-HOST:PORT` removes an entry
        const m = /^\+?([^:]+):(\d+):\[?([^\],]+)\]?/.exec(v);
        if (!m) {
          if (/^-/.test(v)) break;
          throw new CurlUsage(`curl: (49) Couldn't parse CURLOPT_RESOLVE entry '${v}'`, 49);
        }
        o.resolve.push({ host: m[1].toLowerCase(), port: Number(m[2]), addr: m[3] });
        break;
      }
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name in LONG_BOOL) {
        const k = LONG_BOOL[name];
        if (k) o[k] = true;
        continue;
      }
      if (LONG_VALUE.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new CurlUsage(`curl: option --${name}: requires parameter\n${TRY_HELP}`);
        setValue(name, v);
        continue;
      }
      throw new CurlUsage(`curl: option ${a}: is unknown\n${TRY_HELP}`);
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c in SHORT_BOOL) o[SHORT_BOOL[c]] = true;
        else if (SHORT_IGNORED.has(c)) continue;
        else if (c in SHORT_VALUE) {
          const rest = a.slice(j + 1);
          const v = rest || argv[++i];
          if (v === undefined) throw new CurlUsage(`curl: option -${c}: requires parameter\n${TRY_HELP}`);
          setValue(SHORT_VALUE[c], v);
          break;
        } else throw new CurlUsage(`curl: option -${a.slice(1)}: is unknown\n${TRY_HELP}`);
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

/** `8.5.0` >= `8.0.0` */
function atLeast(version: string, min: string): boolean {
  const a = version.split('.').map(Number);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  return true;
}

// ---------------------------------------------------------------- progress meter (lib/progress.c)

/** max5data: a size or speed in 5 columns, 1024-based suffixes. */
function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  const G = M * K;
  if (n < 100000) return String(Math.floor(n)).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  if (n < 10000 * M) return `${String(Math.floor(n / M)).padStart(4)}M`;
  if (n < 100 * G) return `${String(Math.floor(n / G)).padStart(2)}.${Math.floor((n % G) / (G / 10))}G`;
  return `${String(Math.floor(n / G)).padStart(4)}G`;
}

/** time2str: `--:--:--` for nothing, else `%2d:%02d:%02d`. */
function time2str(seconds: number): string {
  if (seconds <= 0) return '--:--:--';
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

/** One update of the meter: every update starts with \r and overwrites the previous one on a terminal. */
function meterLine(received: number, speed: number, spentSeconds: number): string {
  const pct = String(received > 0 ? 100 : 0).padStart(3);
  return `\r${pct} ${max5(received)}  ${pct} ${max5(received)}  ${'0'.padStart(3)} ${max5(0)}  ${max5(speed)}  ${max5(0)} --:--:-- ${time2str(spentSeconds)} --:--:-- ${max5(speed)}`;
}

/**
 * The meter of one transfer as curl writes it: the headings and an all-zero update at the first progress call
 * (while the name resolves), one update per second while it waits, then the final forced update of
 * Curl_pgrsDone and its newline. A transfer that never got a connection (the name did not resolve) ends without
 * the final update, so curl's error message follows on the same line.
 */
class Meter {
  constructor(
    private readonly io: ToolIO,
    private readonly on: boolean,
  ) {}

  start(): void {
    if (this.on) this.io.err(METER_HEAD + meterLine(0, 0, 0));
  }

  /** the transfer ended after `elapsedMs` with `received` bytes at `speed` bytes/s */
  done(elapsedMs: number, received = 0, speed = 0): void {
    if (!this.on) return;
    const last = Math.floor(elapsedMs / 1000);
    let text = '';
    for (let s = 1; s < last; s++) text += meterLine(0, 0, s);
    this.io.err(text + meterLine(received, speed, last) + '\n');
  }
}

/** `%{http_code}`-style write-out with \n, \t and \r escapes. */
function writeOut(fmt: string, vars: Record<string, string>): string {
  return fmt
    .replace(/%\{([a-z_]+)\}/g, (_, k: string) => vars[k] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r');
}

/** Runs curl with `argv` (without the program name); returns its exit code. */
export function runCurl(argv: string[], env: NetEnv, io: ToolIO, version = CURL_VERSION): number {
  let o: CurlOpts;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof CurlUsage) {
      io.err(e.message + '\n');
      return e.code;
    }
    throw e;
  }
  if (o.urls.length === 0) {
    io.err(TRY_HELP + '\n');
    return 2;
  }
  const v8 = atLeast(version, '8.0.0');
  const toFile = (o.output !== undefined && o.output !== '-') || o.remoteName;
  const meterOn = !o.silent && !o.verbose && !o.noProgress && (!env.isTTY || toFile);
  const showErr = !o.silent || o.showError;
  const info = (text: string) => {
    if (o.verbose) io.err(text);
  };
  const closing = v8 ? '* Closing connection\n' : '* Closing connection 0\n';
  let code = 0;
  for (const urlText of o.urls) {
    const fail = (n: number, msg: string) => {
      info(`* ${msg}\n${closing}`);
      if (showErr) io.err(`curl: (${n}) ${msg}\n`);
      code = n;
    };
    const u = parseURL(urlText);
    if (!u) {
      if (showErr) io.err(`curl: (3) URL rejected: Malformed input to a URL function\n`);
      code = 3;
      continue;
    }
    if (u.scheme !== 'http' && u.scheme !== 'https') {
      if (showErr) io.err(`curl: (1) Protocol "${u.scheme}" not supported${v8 ? '' : ' or disabled in libcurl'}\n`);
      code = 1;
      continue;
    }
    const meter = new Meter(io, meterOn);
    meter.start();
    const named = !isIPv4Literal(u.host);
    const pinned = o.resolve.find((r) => r.host === u.host.toLowerCase() && r.port === u.port);
    for (const r of o.resolve) info(`* Added ${r.host}:${r.port}:${r.addr} to DNS cache\n`);
    const ip = pinned ? pinned.addr : named ? env.resolve(u.host) : u.host;
    if (ip === null) {
      // the connection is dropped with the failed lookup: no final meter update, no newline (curl#4422)
      info(`* Could not resolve host: ${u.host}\n${closing}`);
      if (showErr) io.err(`curl: (6) Could not resolve host: ${u.host}\n`);
      code = 6;
      continue;
    }
    if (pinned && named) info(`* Hostname ${u.host} was found in DNS cache\n`);
    else if (named && atLeast(version, '8.5.0')) info(`* Host ${u.host}:${u.port} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n`);
    info(`*   Trying ${ip}:${u.port}...\n`);
    const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
    const reqHeaders: Record<string, string> = { Accept: '*/*' };
    if (o.data !== undefined) {
      reqHeaders['Content-Length'] = String(byteLength(o.data));
      reqHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
    }
    for (const [k, v] of o.headers) {
      if (k.toLowerCase() === 'user-agent') continue;
      const existing = Object.keys(reqHeaders).find((x) => x.toLowerCase() === k.toLowerCase());
      if (existing) delete reqHeaders[existing];
      if (v !== '') reqHeaders[k] = v;
    }
    const hostHdr = o.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? hostHeader(u);
    delete reqHeaders.Host;
    const uaHdr = o.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? o.userAgent ?? `curl/${version}`;
    const https = u.scheme === 'https';
    const tlsOpts: CurlTlsOptions = {
      insecure: o.insecure,
      cacert: o.cacert,
      bundle: env.caBundle ?? { file: '/etc/ssl/certs/ca-certificates.crt', path: '/etc/ssl/certs' },
      readFile: (p) => env.readFile?.(p),
      host: u.host,
      nowMs: env.nowMs,
      v8,
      openssl: opensslOf(version),
    };
    const hs = https ? curlHandshake(tlsOpts) : undefined;
    // SNI: the URL's host name (never an IP address literal)
    const tls = hs ? { sni: named ? u.host : undefined, alpn: ['h2', 'http/1.1'], accept: hs.accept } : undefined;
    const res = env.connect(ip, u.port, { method, host: hostHdr, path: u.path, headers: reqHeaders, userAgent: uaHdr, ...(tls ? { tls } : {}) });
    const from = () => (v8 ? ` from ${env.sourceIP} port ${40000 + Math.floor(env.random() * 20000)}` : '');
    if (!res.ok && (res.error === 'tls-plain' || res.error === 'tls-aborted')) {
      info(`* Connected to ${u.host} (${ip}) port ${u.port}${v8 ? '' : ' (#0)'}\n`);
      const t = handshakeTrace(tlsOpts, hs!.outcome(), res.error === 'tls-plain');
      info(t.trace);
      meter.done(0);
      if (t.error) {
        fail(t.error.code, t.error.message);
        if (t.error.code === 60 && showErr) io.err(caCertErrorText(version, atLeast));
      }
      continue;
    }
    if (!res.ok) {
      if (res.error === 'timeout') {
        const limit = o.connectTimeout !== undefined && (o.maxTime === undefined || o.connectTimeout < o.maxTime) ? 'connect' : o.maxTime !== undefined ? 'max' : undefined;
        if (limit) {
          // the multi timer fires one millisecond after the deadline
          const ms = Math.round((limit === 'connect' ? o.connectTimeout! : o.maxTime!) * 1000) + 1;
          meter.done(ms);
          fail(28, limit === 'max' ? `Connection timed out after ${ms} milliseconds` : `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Timeout was reached`);
        } else {
          // the kernel gives up the SYN retries (ETIMEDOUT): curl reports a failed connect
          const ms = 133000 + Math.floor(env.random() * 2000);
          if (o.verbose) info(`* connect to ${ip} port ${u.port}${from()} failed: Connection timed out\n`);
          meter.done(ms);
          fail(7, `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Couldn't connect to server`);
        }
      } else if (res.error === 'reset') {
        meter.done(0);
        fail(56, 'Recv failure: Connection reset by peer');
      } else {
        const why = res.error === 'unreachable' ? 'No route to host' : 'Connection refused';
        if (o.verbose) info(`* connect to ${ip} port ${u.port}${from()} failed: ${why}\n`);
        meter.done(0);
        fail(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
      }
      continue;
    }
    info(`* Connected to ${u.host} (${ip}) port ${u.port}${v8 ? '' : ' (#0)'}\n`);
    const h2 = res.tls?.alpn === 'h2';
    if (https) info(handshakeTrace(tlsOpts, hs!.outcome(), false).trace);
    if (h2) {
      info('* using HTTP/2\n');
      const pseudo: Array<[string, string]> = [[':method', method], [':scheme', 'https'], [':authority', hostHdr], [':path', u.path], ['user-agent', uaHdr], ...Object.entries(reqHeaders).map(([k, v]) => [k.toLowerCase(), v] as [string, string])];
      info(`* [HTTP/2] [1] OPENED stream for ${u.href}\n` + pseudo.map(([k, v]) => `* [HTTP/2] [1] [${k}: ${v}]\n`).join(''));
    } else if (atLeast(version, '8.11.0')) info('* using HTTP/1.x\n');
    // HTTP/2 has no Connection header and lower-case names; its status line has no reason phrase
    const resHeaders: Array<[string, string]> = h2 ? res.headers.filter(([k]) => !/^(connection|keep-alive|transfer-encoding)$/i.test(k)).map(([k, v]) => [k.toLowerCase(), v]) : res.headers;
    const statusLine = h2 ? `HTTP/2 ${res.status} ` : `HTTP/1.1 ${res.status} ${res.statusText}`;
    info(`> ${method} ${u.path} ${h2 ? 'HTTP/2' : 'HTTP/1.1'}\r\n> Host: ${hostHdr}\r\n> User-Agent: ${uaHdr}\r\n` + Object.entries(reqHeaders).map(([k, v]) => `> ${k}: ${v}\r\n`).join('') + '> \r\n');
    if (atLeast(version, '8.7.0')) info('* Request completely sent off\n');
    if (res.tls?.version === 'TLSv1.3') info('* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n'.repeat(2));
    info(`< ${statusLine}\r\n` + resHeaders.map(([k, v]) => `< ${k}: ${v}\r\n`).join('') + '< \r\n');
    if (o.fail && res.status >= 400) {
      meter.done(0);
      fail(22, `The requested URL returned error: ${res.status}`);
      continue;
    }
    let out = '';
    if (o.include || o.head) out += [statusLine, ...resHeaders.map(([k, v]) => `${k}: ${v}`)].map((l) => l + '\r\n').join('') + '\r\n';
    if (!o.head) out += res.body;
    if (toFile) {
      const name = o.output !== undefined && o.output !== '-' ? o.output : remoteFileName(u.path);
      if (!name) {
        meter.done(0);
        if (showErr) io.err('curl: Remote file name has no length!\n');
        code = 23;
        continue;
      }
      env.writeFile?.(name, out);
    } else if (out) io.out(out);
    const n = byteLength(res.body);
    // a transfer inside the cluster takes under a millisecond: curl divides by 1 ms
    meter.done(0, n, n * 1000);
    info(`* Connection #0 to host ${u.host} left intact\n`);
    if (o.writeOut !== undefined) io.out(writeOut(o.writeOut, { http_code: String(res.status).padStart(3, '0'), remote_ip: ip, size_download: String(n), url_effective: u.href, content_type: res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '' }));
  }
  return code;
}

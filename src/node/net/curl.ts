// curl 8.5.0 (Ubuntu 24.04 / Debian-based images) as a client of the simulated network: -s -S -i -I -v -f -o -O
// -m/--max-time --connect-timeout -H -X -d -A -w -L -k; its progress meter when stdout is not a terminal, its
// verbose trace and its `curl: (N) ...` errors with the exit codes curl uses.

import { byteLength } from '../../cluster/network/images/format.js';
import { hostHeader, isIPv4Literal, parseURL, type NetEnv, type ToolResult } from './common.js';

export const CURL_VERSION = '8.5.0';

interface CurlOpts {
  silent: boolean;
  showError: boolean;
  include: boolean;
  head: boolean;
  verbose: boolean;
  fail: boolean;
  maxTime?: number;
  connectTimeout?: number;
  headers: Array<[string, string]>;
  method?: string;
  data?: string;
  userAgent?: string;
  output?: string;
  remoteName: boolean;
  writeOut?: string;
  urls: string[];
}

const SHORT_BOOL: Record<string, keyof CurlOpts> = { s: 'silent', S: 'showError', i: 'include', I: 'head', v: 'verbose', f: 'fail', O: 'remoteName' };
const SHORT_IGNORED = new Set(['L', 'k', 'N', '4', 'g']);
const SHORT_VALUE: Record<string, string> = { m: 'max-time', H: 'header', X: 'request', d: 'data', A: 'user-agent', o: 'output', w: 'write-out', u: 'user', e: 'referer', b: 'cookie' };
const LONG_BOOL: Record<string, keyof CurlOpts | null> = {
  silent: 'silent', 'show-error': 'showError', include: 'include', head: 'head', verbose: 'verbose', fail: 'fail', 'remote-name': 'remoteName',
  location: null, insecure: null, 'no-buffer': null, http1: null, 'http1.1': null, globoff: null, 'no-progress-meter': null, compressed: null, ipv4: null,
};
const LONG_VALUE = new Set(['max-time', 'connect-timeout', 'header', 'request', 'data', 'data-raw', 'data-binary', 'user-agent', 'output', 'write-out', 'user', 'referer', 'cookie', 'retry', 'resolve', 'url']);

class CurlUsage extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

function parseArgs(argv: string[]): CurlOpts & { noProgress: boolean } {
  const o: CurlOpts & { noProgress: boolean } = { silent: false, showError: false, include: false, head: false, verbose: false, fail: false, headers: [], remoteName: false, urls: [], noProgress: false };
  const setValue = (name: string, v: string) => {
    switch (name) {
      case 'max-time':
      case 'connect-timeout': {
        const n = Number(v);
        if (!Number.isFinite(n) || n < 0) throw new CurlUsage(`curl: option --${name}: expected a proper numerical parameter`);
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
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (name in LONG_BOOL) {
        const k = LONG_BOOL[name];
        if (k) (o as unknown as Record<string, boolean>)[k] = true;
        if (name === 'no-progress-meter') o.noProgress = true;
        continue;
      }
      if (LONG_VALUE.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
        if (v === undefined) throw new CurlUsage(`curl: option --${name}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information`);
        setValue(name, v);
        continue;
      }
      throw new CurlUsage(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`);
    }
    if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j];
        if (c in SHORT_BOOL) (o as unknown as Record<string, boolean>)[SHORT_BOOL[c]] = true;
        else if (SHORT_IGNORED.has(c)) continue;
        else if (c in SHORT_VALUE) {
          const rest = a.slice(j + 1);
          const v = rest || argv[++i];
          if (v === undefined) throw new CurlUsage(`curl: option -${c}: requires parameter\ncurl: try 'curl --help' or 'curl --manual' for more information`);
          setValue(SHORT_VALUE[c], v);
          break;
        } else throw new CurlUsage(`curl: option -${a.slice(1)}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information`);
      }
      continue;
    }
    o.urls.push(a);
  }
  return o;
}

/** curl's max5data: a number in at most 5 characters (k/M/G suffixes, 1024-based). */
function max5(n: number): string {
  const K = 1024;
  if (n < 100000) return String(Math.floor(n));
  if (n < 10000 * K) return `${Math.floor(n / K)}k`;
  if (n < 100 * K * K) return `${Math.floor(n / (K * K))}.${Math.floor(((n % (K * K)) * 10) / (K * K))}M`;
  if (n < 10000 * K * K) return `${Math.floor(n / (K * K))}M`;
  return `${Math.floor(n / (K * K * K))}G`;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

function meterLine(total: number, received: number, speed: number): string {
  const pct = total > 0 ? Math.floor((received * 100) / total) : 0;
  const pad = (s: string, w: number) => s.padStart(w);
  const dash = '--:--:--';
  return `${pad(String(pct), 3)} ${pad(max5(total), 5)}  ${pad(String(pct), 3)} ${pad(max5(received), 5)}    0     0  ${pad(max5(speed), 5)}      0 ${dash} ${dash} ${dash} ${pad(max5(speed), 5)}`;
}

/** `%{http_code}`-style write-out with \n and \t escapes. */
function writeOut(fmt: string, vars: Record<string, string>): string {
  return fmt
    .replace(/%\{([a-z_]+)\}/g, (_, k: string) => vars[k] ?? '')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\r/g, '\r');
}

export function runCurl(argv: string[], env: NetEnv, version = CURL_VERSION): ToolResult {
  let stdout = '';
  let stderr = '';
  let o: ReturnType<typeof parseArgs>;
  try {
    o = parseArgs(argv);
  } catch (e) {
    if (e instanceof CurlUsage) return { stdout: '', stderr: e.message + '\n', code: e.code };
    throw e;
  }
  if (o.urls.length === 0) return { stdout: '', stderr: "curl: try 'curl --help' or 'curl --manual' for more information\n", code: 2 };
  const toFile = o.output !== undefined || o.remoteName;
  const meter = !o.silent && !o.verbose && !o.noProgress && (!env.isTTY || toFile);
  const showErr = !o.silent || o.showError;
  let code = 0;
  for (const urlText of o.urls) {
    const fail = (n: number, msg: string) => {
      if (meter) stderr += '\r' + meterLine(0, 0, 0) + '\n';
      if (o.verbose) stderr += `* Closing connection\n`;
      if (showErr) stderr += `curl: (${n}) ${msg}\n`;
      code = n;
    };
    if (meter) stderr += METER_HEAD;
    const u = parseURL(urlText);
    if (!u) {
      if (meter) stderr = stderr.slice(0, -METER_HEAD.length);
      if (showErr) stderr += `curl: (3) URL rejected: Malformed input to a URL function\n`;
      code = 3;
      continue;
    }
    if (u.scheme !== 'http' && u.scheme !== 'https') {
      if (meter) stderr = stderr.slice(0, -METER_HEAD.length);
      if (showErr) stderr += `curl: (1) Protocol "${u.scheme}" not supported\n`;
      code = 1;
      continue;
    }
    const ip = isIPv4Literal(u.host) ? u.host : env.resolve(u.host);
    if (ip === null) {
      if (o.verbose) stderr += `* Could not resolve host: ${u.host}\n`;
      fail(6, `Could not resolve host: ${u.host}`);
      continue;
    }
    if (o.verbose && !isIPv4Literal(u.host)) stderr += `* Host ${u.host}:${u.port} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n`;
    if (o.verbose) stderr += `*   Trying ${ip}:${u.port}...\n`;
    const method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
    const ua = o.userAgent ?? `curl/${version}`;
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
    const uaHdr = o.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? ua;
    const res = env.connect(ip, u.port, { method, host: hostHdr, path: u.path, headers: reqHeaders, userAgent: uaHdr });
    if (!res.ok) {
      if (res.error === 'timeout') {
        const limit = o.connectTimeout ?? o.maxTime;
        if (limit !== undefined) {
          const ms = Math.round(limit * 1000) + 1 + Math.floor(env.random() * 3);
          if (o.verbose) stderr += `* ${o.connectTimeout !== undefined ? 'Connection' : 'Connection'} timed out after ${ms} milliseconds\n`;
          fail(28, `Connection timed out after ${ms} milliseconds`);
        } else {
          const ms = 133000 + Math.floor(env.random() * 2000);
          if (o.verbose) stderr += `* connect to ${ip} port ${u.port} from ${env.sourceIP} port ${40000 + Math.floor(env.random() * 20000)} failed: Connection timed out\n* Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Couldn't connect to server\n`;
          fail(28, `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Couldn't connect to server`);
        }
      } else {
        const why = res.error === 'unreachable' ? 'No route to host' : 'Connection refused';
        if (o.verbose) stderr += `* connect to ${ip} port ${u.port} from ${env.sourceIP} port ${40000 + Math.floor(env.random() * 20000)} failed: ${why}\n* Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server\n`;
        fail(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
      }
      continue;
    }
    if (u.scheme === 'https') {
      if (o.verbose) stderr += `* Connected to ${u.host} (${ip}) port ${u.port}\n* ALPN: curl offers h2,http/1.1\n* OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number\n`;
      fail(35, 'OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number');
      continue;
    }
    const statusLine = `HTTP/1.1 ${res.status} ${res.statusText}`;
    const headerBlock = [statusLine, ...res.headers.map(([k, v]) => `${k}: ${v}`)].map((l) => l + '\r\n').join('') + '\r\n';
    if (o.verbose) {
      stderr += `* Connected to ${u.host} (${ip}) port ${u.port}\n`;
      stderr += `> ${method} ${u.path} HTTP/1.1\r\n> Host: ${hostHdr}\r\n> User-Agent: ${uaHdr}\r\n`;
      for (const [k, v] of Object.entries(reqHeaders)) stderr += `> ${k}: ${v}\r\n`;
      stderr += '> \r\n';
      stderr += `< ${statusLine}\r\n` + res.headers.map(([k, v]) => `< ${k}: ${v}\r\n`).join('') + '< \r\n';
    }
    const failed = o.fail && res.status >= 400;
    let out = '';
    if (!failed) {
      if (o.include || o.head) out += headerBlock;
      if (!o.head) out += res.body;
    }
    if (meter) {
      const n = byteLength(res.body);
      // progress.c: every update starts with \r; the first one (all zeros) comes before any byte arrives
      stderr += `\r${meterLine(0, 0, 0)}\r${meterLine(n, n, n * 1000)}\n`;
    }
    if (!toFile) stdout += out;
    if (o.verbose && !failed) stderr += `* Connection #0 to host ${u.host} left intact\n`;
    if (failed) {
      if (o.verbose) stderr += `* The requested URL returned error: ${res.status}\n* Closing connection\n`;
      if (showErr) stderr += `curl: (22) The requested URL returned error: ${res.status}\n`;
      code = 22;
      continue;
    }
    if (o.writeOut !== undefined) stdout += writeOut(o.writeOut, { http_code: String(res.status).padStart(3, '0'), remote_ip: ip, size_download: String(byteLength(res.body)), url_effective: u.href, content_type: res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '' });
  }
  return { stdout, stderr, code };
}

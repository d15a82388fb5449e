// curl as a client of the simulated network, for the node (`kubesim curl`, 8.5.0 of Ubuntu 24.04) and for the
// images that ship it (7.88.1 in Debian bookworm nginx, 8.x in netshoot/curlimages): -s -S -i -I -v -f -o -O
// -m/--max-time --connect-timeout -H -X -d -A -w -k --resolve --cacert; -L with its redirects, -u, -e, -b/-c
// cookies (curl-args.ts, curl-cookies.ts); the progress meter when stdout is not a terminal, the verbose trace of
// the version, and the `curl: (N) ...` errors with curl's exit codes.

import { byteLength } from '../../cluster/network/images/format.js';
import { hostHeader, isIPv4Literal, parseURL, remoteFileName, type NetEnv, type ToolIO } from './common.js';
import { CurlUsage, parseCurlArgs, TRY_HELP, type CurlOpts } from './curl-args.js';
import { CookieJar } from './curl-cookies.js';
import { caCertErrorText, curlHandshake, handshakeTrace, opensslOf, type CurlTlsOptions } from './curl-tls.js';

export const CURL_VERSION = '8.5.0';

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

/** The answers curl's --retry counts as transient (tool_operate.c): a timeout, a failed lookup, these HTTP codes. */
const TRANSIENT_HTTP = new Set([408, 429, 500, 502, 503, 504]);

/** Runs curl with `argv` (without the program name); returns its exit code. */
export function runCurl(argv: string[], env: NetEnv, io: ToolIO, version = CURL_VERSION): number {
  let o: CurlOpts;
  try {
    o = parseCurlArgs(argv);
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
  const jar = o.cookies.length || o.cookieJar !== undefined ? new CookieJar() : undefined;
  for (const c of o.cookies) {
    if (c.includes('=')) continue;
    const text = env.readFile?.(c);
    if (text !== undefined) jar!.loadNetscape(text);
  }
  const literalCookies = o.cookies.filter((c) => c.includes('='));
  let code = 0;
  for (const urlText of o.urls) {
    const r = transfer(urlText, o, env, io, version, jar, literalCookies);
    if (r !== 0) code = r;
  }
  if (o.cookieJar !== undefined && jar) {
    if (o.cookieJar === '-') io.out(jar.netscape(env.nowMs));
    else env.writeFile?.(o.cookieJar, jar.netscape(env.nowMs));
  }
  return code;
}

/** One URL on the command line: its request, and with -L the requests its redirects lead to. */
function transfer(urlText: string, o: CurlOpts, env: NetEnv, io: ToolIO, version: string, jar: CookieJar | undefined, literalCookies: string[]): number {
  const v8 = atLeast(version, '8.0.0');
  const toFile = (o.output !== undefined && o.output !== '-') || o.remoteName;
  const meterOn = !o.silent && !o.verbose && !o.noProgress && (!env.isTTY || toFile);
  const showErr = !o.silent || o.showError;
  const info = (text: string) => {
    if (o.verbose) io.err(text);
  };
  let connId = 0;
  const closing = () => (v8 ? '* Closing connection\n' : `* Closing connection ${connId}\n`);
  const fail = (n: number, msg: string): number => {
    info(`* ${msg}\n${closing()}`);
    if (showErr) io.err(`curl: (${n}) ${msg}\n`);
    return n;
  };
  /** --retry would wait and try again after this answer: kubesim does not move the clock inside one curl */
  const retryRefused = (n: number, what: string): number => {
    io.err(`curl: kubesim does not simulate --retry: the first attempt failed (${what}) and curl would wait and try again\n`);
    return n || 2;
  };
  const first = parseURL(urlText);
  if (!first) {
    if (showErr) io.err(`curl: (3) URL rejected: Malformed input to a URL function\n`);
    return 3;
  }
  const meter = new Meter(io, meterOn);
  let u = first;
  let method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
  let data = o.data;
  let referer = o.referer?.replace(/;auto$/, '') || undefined;
  let redirects = 0;
  /** the connection the previous answer left open, for re-use by a redirect to the same origin */
  let open: string | undefined;
  let out = '';
  let started = false;
  // -O names the file after the URL given on the command line, wherever its redirects lead
  const fileName = o.output !== undefined && o.output !== '-' ? o.output : remoteFileName(first.path);
  /** writes what the transfer received so far; `done`: the transfer ended well (an empty file is still written) */
  const flush = (done = false) => {
    if (!out && !done) return;
    if (toFile) {
      if (fileName) env.writeFile?.(fileName, out);
    } else if (out) io.out(out);
    out = '';
  };
  for (;;) {
    if (u.scheme !== 'http' && u.scheme !== 'https') {
      flush();
      if (showErr) io.err(`curl: (1) Protocol "${u.scheme}" not supported${v8 ? '' : ' or disabled in libcurl'}\n`);
      return 1;
    }
    if (!started) meter.start();
    started = true;
    const origin = `${u.scheme}://${u.host.toLowerCase()}:${u.port}`;
    const reuse = open === origin;
    const named = !isIPv4Literal(u.host);
    const pinned = o.resolve.find((r) => r.host === u.host.toLowerCase() && r.port === u.port);
    let ip: string | null;
    if (reuse) {
      ip = pinned ? pinned.addr : named ? env.resolve(u.host) : u.host;
      info(v8 ? `* Re-using existing connection with host ${u.host}\n` : `* Re-using existing connection #${connId} with host ${u.host}\n`);
    } else {
      if (open !== undefined) connId++;
      if (redirects === 0) for (const r of o.resolve) info(`* Added ${r.host}:${r.port}:${r.addr} to DNS cache\n`);
      ip = pinned ? pinned.addr : named ? env.resolve(u.host) : u.host;
      if (ip === null) {
        // the connection is dropped with the failed lookup: no final meter update, no newline (curl#4422)
        flush();
        info(`* Could not resolve host: ${u.host}\n${closing()}`);
        if (showErr) io.err(`curl: (6) Could not resolve host: ${u.host}\n`);
        return o.retry > 0 ? retryRefused(6, `Could not resolve host: ${u.host}`) : 6;
      }
      if (pinned && named) info(`* Hostname ${u.host} was found in DNS cache\n`);
      else if (named && atLeast(version, '8.5.0')) info(`* Host ${u.host}:${u.port} was resolved.\n* IPv6: (none)\n* IPv4: ${ip}\n`);
      info(`*   Trying ${ip}:${u.port}...\n`);
    }
    const https = u.scheme === 'https';
    // curl's order (http.c): Authorization, User-Agent, Accept, Accept-Encoding, Referer, Cookie, the -H headers,
    // then the body's Content-Length and Content-Type
    const reqHeaders: Array<[string, string]> = [];
    const sendAuth = o.user !== undefined && (redirects === 0 || o.locationTrusted || origin === `${first.scheme}://${first.host.toLowerCase()}:${first.port}`);
    if (sendAuth) reqHeaders.push(['Authorization', `Basic ${Buffer.from(o.user!).toString('base64')}`]);
    reqHeaders.push(['Accept', '*/*']);
    if (o.compressed) reqHeaders.push(['Accept-Encoding', 'deflate, gzip, br, zstd']);
    if (referer) reqHeaders.push(['Referer', referer]);
    const fromJar = jar?.header(u.host, u.path, https, env.nowMs);
    const cookie = [...literalCookies, ...(fromJar ? [fromJar] : [])].join('; ');
    if (cookie) reqHeaders.push(['Cookie', cookie]);
    if (o.http2 && !https) reqHeaders.push(['Connection', 'Upgrade, HTTP2-Settings'], ['Upgrade', 'h2c'], ['HTTP2-Settings', 'AAMAAABkAAQAoAAAAAIAAAAA']);
    for (const [k, v] of o.headers) {
      if (/^(user-agent|host)$/i.test(k)) continue;
      const i = reqHeaders.findIndex(([x]) => x.toLowerCase() === k.toLowerCase());
      if (i >= 0) reqHeaders.splice(i, 1);
      if (v !== '') reqHeaders.push([k, v]);
    }
    if (data !== undefined) {
      if (!o.headers.some(([k]) => k.toLowerCase() === 'content-length')) reqHeaders.push(['Content-Length', String(byteLength(data))]);
      if (!o.headers.some(([k]) => k.toLowerCase() === 'content-type')) reqHeaders.push(['Content-Type', 'application/x-www-form-urlencoded']);
    }
    const hostHdr = o.headers.find(([k]) => k.toLowerCase() === 'host')?.[1] ?? hostHeader(u);
    const uaHdr = o.headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? o.userAgent ?? `curl/${version}`;
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
    const hs = https && !reuse ? curlHandshake(tlsOpts) : undefined;
    // SNI: the URL's host name (never an IP address literal)
    const tls = hs ? { sni: named ? u.host : undefined, alpn: o.http11 ? ['http/1.1'] : ['h2', 'http/1.1'], accept: hs.accept } : undefined;
    const headerMap = Object.fromEntries(reqHeaders);
    const res = env.connect(ip!, u.port, { method, host: hostHdr, path: u.path, headers: headerMap, userAgent: uaHdr, ...(tls ? { tls } : {}) });
    const from = () => (v8 ? ` from ${env.sourceIP} port ${40000 + Math.floor(env.random() * 20000)}` : '');
    if (!res.ok && (res.error === 'tls-plain' || res.error === 'tls-aborted')) {
      flush();
      info(`* Connected to ${u.host} (${ip}) port ${u.port}${v8 ? '' : ` (#${connId})`}\n`);
      const t = handshakeTrace(tlsOpts, hs!.outcome(), res.error === 'tls-plain');
      info(t.trace);
      meter.done(0);
      if (t.error) {
        const n = fail(t.error.code, t.error.message);
        if (t.error.code === 60 && showErr) io.err(caCertErrorText(version, atLeast));
        return n;
      }
      return 0;
    }
    if (!res.ok) {
      flush();
      if (res.error === 'timeout') {
        const limit = o.connectTimeout !== undefined && (o.maxTime === undefined || o.connectTimeout < o.maxTime) ? 'connect' : o.maxTime !== undefined ? 'max' : undefined;
        if (limit) {
          // the multi timer fires one millisecond after the deadline
          const ms = Math.round((limit === 'connect' ? o.connectTimeout! : o.maxTime!) * 1000) + 1;
          meter.done(ms);
          const n = fail(28, limit === 'max' ? `Connection timed out after ${ms} milliseconds` : `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Timeout was reached`);
          return o.retry > 0 ? retryRefused(n, 'a timeout') : n;
        }
        // the kernel gives up the SYN retries (ETIMEDOUT): curl reports a failed connect
        const ms = 133000 + Math.floor(env.random() * 2000);
        if (o.verbose) info(`* connect to ${ip} port ${u.port}${from()} failed: Connection timed out\n`);
        meter.done(ms);
        return fail(7, `Failed to connect to ${u.host} port ${u.port} after ${ms} ms: Couldn't connect to server`);
      }
      if (res.error === 'reset') {
        meter.done(0);
        return fail(56, 'Recv failure: Connection reset by peer');
      }
      const why = res.error === 'unreachable' ? 'No route to host' : 'Connection refused';
      if (o.verbose) info(`* connect to ${ip} port ${u.port}${from()} failed: ${why}\n`);
      meter.done(0);
      return fail(7, `Failed to connect to ${u.host} port ${u.port} after 0 ms: Couldn't connect to server`);
    }
    if (!reuse) info(`* Connected to ${u.host} (${ip}) port ${u.port}${v8 ? '' : ` (#${connId})`}\n`);
    const h2 = res.tls?.alpn === 'h2';
    if (hs) info(handshakeTrace(tlsOpts, hs.outcome(), false).trace);
    if (h2) {
      if (!reuse) info('* using HTTP/2\n');
      const pseudo: Array<[string, string]> = [[':method', method], [':scheme', 'https'], [':authority', hostHdr], [':path', u.path], ['user-agent', uaHdr], ...reqHeaders.map(([k, v]) => [k.toLowerCase(), v] as [string, string])];
      const stream = 1 + 2 * redirects;
      info(`* [HTTP/2] [${stream}] OPENED stream for ${u.href}\n` + pseudo.map(([k, v]) => `* [HTTP/2] [${stream}] [${k}: ${v}]\n`).join(''));
    } else if (atLeast(version, '8.11.0')) info('* using HTTP/1.x\n');
    // HTTP/2 has no Connection header and lower-case names; its status line has no reason phrase
    const resHeaders: Array<[string, string]> = h2 ? res.headers.filter(([k]) => !/^(connection|keep-alive|transfer-encoding)$/i.test(k)).map(([k, v]) => [k.toLowerCase(), v]) : res.headers;
    const statusLine = h2 ? `HTTP/2 ${res.status} ` : `HTTP/1.1 ${res.status} ${res.statusText}`;
    if (sendAuth) info(`* Server auth using Basic with user '${o.user!.slice(0, o.user!.indexOf(':'))}'\n`);
    const sent: Array<[string, string]> = [['Host', hostHdr], ...reqHeaders.slice(0, sendAuth ? 1 : 0), ['User-Agent', uaHdr], ...reqHeaders.slice(sendAuth ? 1 : 0)];
    info(`> ${method} ${u.path} ${h2 ? 'HTTP/2' : 'HTTP/1.1'}\r\n` + sent.map(([k, v]) => `> ${k}: ${v}\r\n`).join('') + '> \r\n');
    if (atLeast(version, '8.7.0')) info('* Request completely sent off\n');
    if (res.tls?.version === 'TLSv1.3' && hs) info('* TLSv1.3 (IN), TLS handshake, Newsession Ticket (4):\n'.repeat(2));
    let trace = `< ${statusLine}\r\n`;
    for (const [k, v] of resHeaders) {
      if (jar && k.toLowerCase() === 'set-cookie') {
        const line = jar.setCookie(v, u.host, u.path, env.nowMs);
        if (line) trace += line;
      }
      trace += `< ${k}: ${v}\r\n`;
    }
    const location = resHeaders.find(([k]) => k.toLowerCase() === 'location')?.[1];
    const follow = o.location && res.status >= 300 && res.status < 400 && res.status !== 304 && location !== undefined;
    if (follow) trace += '* Ignoring the response-body\n';
    info(trace + '< \r\n');
    if (o.fail && res.status >= 400) {
      meter.done(0);
      flush();
      const n = fail(22, `The requested URL returned error: ${res.status}`);
      return o.retry > 0 && TRANSIENT_HTTP.has(res.status) ? retryRefused(n, `HTTP error ${res.status}`) : n;
    }
    if (o.include || o.head) out += [statusLine, ...resHeaders.map(([k, v]) => `${k}: ${v}`)].map((l) => l + '\r\n').join('') + '\r\n';
    const closes = resHeaders.some(([k, v]) => k.toLowerCase() === 'connection' && /close/i.test(v));
    if (follow) {
      if (closes) info(closing());
      else info(`* Connection #${connId} to host ${u.host} left intact\n`);
      if (o.maxRedirs >= 0 && redirects >= o.maxRedirs) {
        meter.done(0);
        flush();
        return fail(47, `Maximum (${o.maxRedirs}) redirects followed`);
      }
      let next: URL;
      try {
        next = new URL(location!, u.href);
      } catch {
        meter.done(0);
        flush();
        return fail(3, 'URL rejected: Malformed input to a URL function');
      }
      info(`* Issue another request to this URL: '${next.href}'\n`);
      // POST becomes GET after 301, 302 and 303 (and 303 turns any method but HEAD into GET), unless -X set it
      if (o.method === undefined && ((method === 'POST' && res.status >= 301 && res.status <= 303) || (res.status === 303 && method !== 'HEAD'))) {
        method = 'GET';
        data = undefined;
      }
      if (o.referer?.endsWith(';auto')) referer = u.href;
      open = closes ? undefined : origin;
      if (closes) connId++;
      const parsed = parseURL(next.href);
      if (!parsed) {
        meter.done(0);
        flush();
        return fail(3, 'URL rejected: Malformed input to a URL function');
      }
      u = parsed;
      redirects++;
      continue;
    }
    if (!o.head) out += res.body;
    if (toFile && !fileName) {
      meter.done(0);
      if (showErr) io.err('curl: Remote file name has no length!\n');
      return 23;
    }
    flush(true);
    const n = byteLength(res.body);
    // a transfer inside the cluster takes under a millisecond: curl divides by 1 ms
    meter.done(0, n, n * 1000);
    info(`* Connection #${connId} to host ${u.host} left intact\n`);
    if (o.writeOut !== undefined) {
      io.out(
        writeOut(o.writeOut, {
          http_code: String(res.status).padStart(3, '0'),
          remote_ip: ip!,
          size_download: String(n),
          url_effective: u.href,
          num_redirects: String(redirects),
          content_type: res.headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '',
        }),
      );
    }
    if (o.retry > 0 && TRANSIENT_HTTP.has(res.status)) return retryRefused(0, `HTTP error ${res.status}`);
    return 0;
  }
}

// curl's command line: the options kubesim's curl acts on, their parsing errors as curl prints them, and the
// options it refuses plainly (a proxy, byte ranges, uploads, retries) instead of accepting and ignoring them.

export interface CurlOpts {
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
  /** -L: follow 3xx answers with a Location */
  location: boolean;
  /** --location-trusted: send -u credentials to the hosts a redirect leads to as well */
  locationTrusted: boolean;
  /** --max-redirs: -1 is unlimited */
  maxRedirs: number;
  /** -u USER:PASSWORD (Basic) */
  user?: string;
  /** -e URL, `;auto` to set it from the previous URL on a redirect */
  referer?: string;
  /** -b: `NAME=VALUE` strings sent as they are, or files of cookies to read */
  cookies: string[];
  /** -c FILE: where the cookies are written at the end (Netscape format) */
  cookieJar?: string;
  /** --compressed: ask for compressed answers */
  compressed: boolean;
  /** --http1.1: offer only http/1.1 in ALPN */
  http11: boolean;
  /** --http2: on plain http, ask for an upgrade to h2c (https offers h2 anyway) */
  http2: boolean;
  /** -g: no URL globbing */
  globoff: boolean;
  /** --retry N */
  retry: number;
  urls: string[];
}

type BoolOpt = 'silent' | 'showError' | 'include' | 'head' | 'verbose' | 'fail' | 'remoteName' | 'noProgress' | 'insecure' | 'location' | 'locationTrusted' | 'compressed' | 'http11' | 'http2' | 'globoff';

const SHORT_BOOL: Record<string, BoolOpt> = { s: 'silent', S: 'showError', i: 'include', I: 'head', v: 'verbose', f: 'fail', O: 'remoteName', k: 'insecure', L: 'location', g: 'globoff' };
/** -N (no output buffering) and -4 (IPv4 only) change nothing that can be seen in the simulated network: every
 *  address is IPv4 and a tool's output is written as one piece */
const SHORT_NO_EFFECT = new Set(['N', '4']);
const SHORT_VALUE: Record<string, string> = {
  m: 'max-time', H: 'header', X: 'request', d: 'data', A: 'user-agent', o: 'output', w: 'write-out', u: 'user', e: 'referer', b: 'cookie',
  c: 'cookie-jar', T: 'upload-file', x: 'proxy', r: 'range',
};
const LONG_BOOL: Record<string, BoolOpt | null> = {
  silent: 'silent', 'show-error': 'showError', include: 'include', head: 'head', verbose: 'verbose', fail: 'fail', 'remote-name': 'remoteName',
  'no-progress-meter': 'noProgress', location: 'location', 'location-trusted': 'locationTrusted', insecure: 'insecure', 'no-buffer': null,
  'http1.1': 'http11', http2: 'http2', globoff: 'globoff', compressed: 'compressed', ipv4: null,
};
const LONG_VALUE = new Set([
  'max-time', 'connect-timeout', 'header', 'request', 'data', 'data-raw', 'data-binary', 'user-agent', 'output', 'write-out', 'user', 'referer',
  'cookie', 'cookie-jar', 'retry', 'resolve', 'url', 'proxy', 'range', 'upload-file', 'cacert', 'max-redirs',
]);
/** curl options that exist but that kubesim's curl does not simulate: refused, never reported as unknown */
const UNSIMULATED_LONG: Record<string, string> = {
  'http1.0': 'HTTP/1.0 requests',
  'http2-prior-knowledge': 'HTTP/2 without TLS',
  http3: 'QUIC',
  'http3-only': 'QUIC',
  socks5: 'SOCKS proxies',
  'socks5-hostname': 'SOCKS proxies',
  form: 'multipart forms',
  'retry-all-errors': 'retries',
};
export const TRY_HELP = "curl: try 'curl --help' or 'curl --manual' for more information";

export class CurlUsage extends Error {
  constructor(
    message: string,
    readonly code = 2,
  ) {
    super(message);
  }
}

/** What kubesim's curl does not simulate, said plainly (exit 2, as for a usage error). */
function refuse(what: string): never {
  throw new CurlUsage(`curl: kubesim does not simulate ${what}`);
}

function integer(name: string, v: string): number {
  if (!/^-?\d+$/.test(v.trim())) throw new CurlUsage(`curl: option --${name}: expected a proper numerical parameter\n${TRY_HELP}`);
  return Number(v);
}

export function parseCurlArgs(argv: string[]): CurlOpts {
  const o: CurlOpts = {
    silent: false, showError: false, include: false, head: false, verbose: false, fail: false, noProgress: false, headers: [], remoteName: false,
    insecure: false, resolve: [], location: false, locationTrusted: false, maxRedirs: 50, cookies: [], compressed: false, http11: false, http2: false, globoff: false,
    retry: 0, urls: [],
  };
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
      case 'user':
        // without a password curl asks for one on the terminal
        if (!v.includes(':')) refuse(`curl's password prompt (-u ${v}): give -u USER:PASSWORD`);
        o.user = v;
        break;
      case 'referer':
        o.referer = v;
        break;
      case 'cookie':
        o.cookies.push(v);
        break;
      case 'cookie-jar':
        o.cookieJar = v;
        break;
      case 'max-redirs': {
        const n = integer(name, v);
        if (n < -1) throw new CurlUsage(`curl: option --${name}: expected a proper numerical parameter\n${TRY_HELP}`);
        o.maxRedirs = n;
        break;
      }
      case 'retry': {
        const n = integer(name, v);
        if (n < 0) throw new CurlUsage(`curl: option --${name}: expected a proper numerical parameter\n${TRY_HELP}`);
        o.retry = n;
        break;
      }
      case 'proxy':
        if (v !== '') refuse(`--proxy (${v}): the simulated network has no proxy`);
        break;
      case 'range':
        refuse('--range: the simulated servers do not answer byte ranges');
        break;
      case 'upload-file':
        refuse('--upload-file (PUT uploads)');
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
        if (k === 'locationTrusted') o.location = true;
        continue;
      }
      if (UNSIMULATED_LONG[name]) refuse(`--${name} (${UNSIMULATED_LONG[name]})`);
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
        else if (SHORT_NO_EFFECT.has(c)) continue;
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
  if (!o.globoff) {
    // curl expands {a,b} and [1-3] into several URLs unless -g is given; a bracketed IPv6 host is not a glob
    const glob = o.urls.find((u) => /[{}]/.test(u) || /\[/.test(u.replace(/^([a-z]+:\/\/)?\[[0-9a-fA-F:.]+\]/, '')));
    if (glob) refuse(`URL globbing ({} and [] in ${glob}): add -g to send the URL as it is`);
  }
  return o;
}

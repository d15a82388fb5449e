// curl (7.88 in Debian bookworm images, 8.x in netshoot/curlimages): -s -S -i -I -v -f -o -X -H -A -d -m/--max-time
// --connect-timeout; the progress meter on stderr when the output is not a terminal, `-v` trace, and the error
// lines `curl: (6) Could not resolve host`, `(7) Failed to connect ... Couldn't connect to server`, `(28) ...`.

import { lookupHost, writeFile, type CmdIO, type ContainerSession } from '../context.js';
import { parseUrl, sendHttp } from './http.js';

/** curl's max5data: a 5-character size or speed. */
function max5(n: number): string {
  const K = 1024;
  const M = K * K;
  if (n < 100000) return String(n).padStart(5);
  if (n < 10000 * K) return `${String(Math.floor(n / K)).padStart(4)}k`;
  if (n < 100 * M) return `${String(Math.floor(n / M)).padStart(2)}.${Math.floor((n % M) / (M / 10))}M`;
  return `${String(Math.floor(n / M)).padStart(4)}M`;
}

const METER_HEAD = '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n';

function meterLine(total: number, received: number, speed: number, spent = '--:--:--'): string {
  const pct = (a: number, b: number) => String(b > 0 ? Math.floor((a * 100) / b) : 0).padStart(3);
  return `${pct(received, total)} ${max5(total)}  ${pct(received, total)} ${max5(received)}  ${'0'.padStart(3)} ${max5(0)}  ${max5(speed)}  ${max5(0)} --:--:-- ${spent} --:--:-- ${max5(speed)}\n`;
}

function spentText(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const sec = seconds % 60;
  return `${String(h).padStart(2)}:${String(m).padStart(2, '0')}:${String(sec).padStart(2, '0')}`;
}

export function curlTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const version = s.facts.curlVersion ?? '8.7.1';
  let silent = false;
  let showError = false;
  let include = false;
  let head = false;
  let verbose = false;
  let fail = false;
  let output: string | undefined;
  let method: string | undefined;
  let maxTime: number | undefined;
  let connectTimeout: number | undefined;
  let ua = `curl/${version}`;
  let data: string | undefined;
  const headers: Record<string, string> = {};
  const urls: string[] = [];
  const takesValue = new Set(['o', 'X', 'H', 'A', 'd', 'm', 'w', 'u', 'e', 'b', 'c', 'T', 'x', 'r']);
  const setOpt = (f: string, v: string | undefined): void => {
    switch (f) {
      case 'o': output = v; break;
      case 'X': method = v; break;
      case 'H': {
        const c = (v ?? '').indexOf(':');
        if (c > 0) headers[v!.slice(0, c).trim()] = v!.slice(c + 1).trim();
        break;
      }
      case 'A': ua = v ?? ua; break;
      case 'd': data = v; break;
      case 'm': maxTime = Number(v); break;
    }
  };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    const long: Record<string, () => void> = {
      '--silent': () => (silent = true),
      '--show-error': () => (showError = true),
      '--include': () => (include = true),
      '--head': () => (head = true),
      '--verbose': () => (verbose = true),
      '--fail': () => (fail = true),
      '--location': () => undefined,
      '--insecure': () => undefined,
      '--output': () => setOpt('o', argv[++i]),
      '--request': () => setOpt('X', argv[++i]),
      '--header': () => setOpt('H', argv[++i]),
      '--user-agent': () => setOpt('A', argv[++i]),
      '--data': () => setOpt('d', argv[++i]),
      '--max-time': () => setOpt('m', argv[++i]),
      '--connect-timeout': () => (connectTimeout = Number(argv[++i])),
      '--write-out': () => void argv[++i],
    };
    if (long[a]) long[a]();
    else if (a.startsWith('--max-time=')) maxTime = Number(a.slice(11));
    else if (a.startsWith('--')) {
      io.err(`curl: option ${a}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
      return 2;
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const f = a[j];
        if (takesValue.has(f)) {
          setOpt(f, a.slice(j + 1) || argv[++i]);
          break;
        }
        if (f === 's') silent = true;
        else if (f === 'S') showError = true;
        else if (f === 'i') include = true;
        else if (f === 'I') head = true;
        else if (f === 'v') verbose = true;
        else if (f === 'f') fail = true;
        else if (f === 'L' || f === 'k' || f === 'O' || f === '4') continue;
        else {
          io.err(`curl: option -${f}: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information\n`);
          return 2;
        }
      }
    } else urls.push(a);
  }
  if (urls.length === 0) {
    io.err("curl: try 'curl --help' or 'curl --manual' for more information\n");
    return 2;
  }
  const errors = !silent || showError;
  const meter = !silent && !verbose && (io.piped || !s.tty || output !== undefined);
  const raw = urls[0];
  const url = parseUrl(raw);
  if (!url) {
    if (errors) io.err(`curl: (1) Protocol "${raw.split(':')[0]}" not supported${version.startsWith('7') ? ' or disabled in libcurl' : ''}\n`);
    return 1;
  }
  const look = lookupHost(s, url.host);
  if (!look.ok) {
    if (meter) io.err(METER_HEAD + meterLine(0, 0, 0, '--:--:--'));
    if (verbose) io.err(`* Could not resolve host: ${url.host}\n`);
    if (errors) io.err(`curl: (6) Could not resolve host: ${url.host}\n`);
    return 6;
  }
  if (verbose) io.err(`*   Trying ${look.ip}:${url.port}...\n`);
  const m = method ?? (head ? 'HEAD' : data !== undefined ? 'POST' : 'GET');
  const sendHeaders: Record<string, string> = { Accept: '*/*', ...headers };
  if (data !== undefined) {
    sendHeaders['Content-Length'] = String(Buffer.byteLength(data));
    sendHeaders['Content-Type'] = 'application/x-www-form-urlencoded';
  }
  const res = sendHttp(s, look.ip, url, m, ua, sendHeaders);
  if (!res.ok) {
    const limit = maxTime ?? connectTimeout;
    if (res.error === 'timeout' && limit !== undefined) {
      const ms = Math.round(limit * 1000) + 1;
      if (meter) io.err(METER_HEAD + meterLine(0, 0, 0, spentText(Math.floor(limit))));
      if (errors) io.err(maxTime !== undefined ? `curl: (28) Connection timed out after ${ms} milliseconds\n` : `curl: (28) Failed to connect to ${url.host} port ${url.port} after ${ms} ms: Timeout was reached\n`);
      return 28;
    }
    const after = res.error === 'timeout' ? 133000 + (s.cluster.clock.now().getTime() % 1000) : 0;
    if (meter) io.err(METER_HEAD + meterLine(0, 0, 0, res.error === 'timeout' ? spentText(Math.floor(after / 1000)) : '--:--:--'));
    if (verbose) io.err(`* connect to ${look.ip} port ${url.port} from 0.0.0.0 port 0 failed: ${res.error === 'refused' ? 'Connection refused' : res.error === 'timeout' ? 'Connection timed out' : 'No route to host'}\n`);
    if (res.error === 'reset') {
      if (errors) io.err('curl: (56) Recv failure: Connection reset by peer\n');
      return 56;
    }
    if (errors) io.err(`curl: (7) Failed to connect to ${url.host} port ${url.port} after ${after} ms: ${version.startsWith('7') || res.error !== 'refused' ? "Couldn't connect to server" : "Couldn't connect to server"}\n`);
    return 7;
  }
  const bytes = Buffer.byteLength(res.body);
  const headerBlock = `HTTP/1.1 ${res.status} ${res.statusText}\r\n` + res.headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
  if (verbose) {
    io.err(`* Connected to ${url.host} (${look.ip}) port ${url.port}${version.startsWith('7') ? ' (#0)' : ''}\n`);
    io.err(`> ${m} ${url.path} HTTP/1.1\r\n> Host: ${url.hostPort}\r\n> User-Agent: ${ua}\r\n` + Object.entries(sendHeaders).map(([k, v]) => `> ${k}: ${v}\r\n`).join('') + '> \r\n');
    if (!version.startsWith('7')) io.err('* Request completely sent off\n');
    io.err(`< HTTP/1.1 ${res.status} ${res.statusText}\r\n` + res.headers.map(([k, v]) => `< ${k}: ${v}\r\n`).join('') + '< \r\n');
  }
  if (fail && res.status >= 400) {
    if (meter) io.err(METER_HEAD + meterLine(0, 0, 0));
    if (errors) io.err(`curl: (22) The requested URL returned error: ${res.status}${version.startsWith('7.8') ? '' : ''}\n`);
    return 22;
  }
  let body = '';
  if (include || head) body += headerBlock;
  if (!head) body += res.body;
  if (output !== undefined && output !== '-') writeFile(s, output, body);
  else io.out(body);
  if (meter) io.err(METER_HEAD + meterLine(bytes, bytes, bytes * 200));
  if (verbose) io.err(`* Connection #0 to host ${url.host} left intact\n`);
  return 0;
}

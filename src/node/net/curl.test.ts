import { describe, expect, it } from 'vitest';
import type { HttpRequest, SendResult } from '../../cluster/network/request-types.js';
import type { NetEnv } from './common.js';
import { runCurl } from './curl.js';

type Answer = { status: number; text?: string; headers?: Array<[string, string]>; body?: string };

/** A network of named hosts whose servers answer by path; every request is kept, in order. */
function world(routes: Record<string, Answer>) {
  const requests: Array<HttpRequest & { ip: string; port: number }> = [];
  const files: Record<string, string> = {};
  const hosts: Record<string, string> = { web: '10.96.0.10', other: '10.96.0.20' };
  const env: NetEnv = {
    resolve: (name) => hosts[name] ?? (/^\d+\.\d+\.\d+\.\d+$/.test(name) ? name : null),
    connect(ip, port, req): SendResult {
      requests.push({ ...req, ip, port });
      const key = `${ip}:${port}${req.path}`;
      const a = routes[key];
      if (!a) return { ok: false, error: 'refused', route: [] };
      const body = a.body ?? '';
      return { ok: true, status: a.status, statusText: a.text ?? 'OK', headers: [['Server', 'nginx'], ...(a.headers ?? []), ['Content-Length', String(body.length)]], body, served: {} as never, route: [] };
    },
    ping: () => ({}) as never,
    random: () => 0.5,
    nowMs: Date.UTC(2026, 11, 4, 12, 0, 0),
    isTTY: true,
    sourceIP: '10.244.1.2',
    writeFile: (p, c) => (files[p] = c),
    readFile: (p) => files[p],
  };
  const run = (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = runCurl(argv, env, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };
  return { run, requests, files };
}

const moved = (to: string, status = 301, text = 'Moved Permanently'): Answer => ({ status, text, headers: [['Location', to]], body: `<html>${status}</html>\n` });

describe('curl -L follows redirects as curl does', () => {
  const routes = {
    '10.96.0.10:80/old': moved('/new'),
    '10.96.0.10:80/new': { status: 200, body: 'new page\n' },
    '10.96.0.10:80/away': moved('http://other/landing', 302, 'Found'),
    '10.96.0.20:80/landing': { status: 200, body: 'landed\n' },
    '10.96.0.10:80/loop': moved('/loop'),
  };

  it('without -L prints the redirect itself; with -L the page it leads to', () => {
    const w = world(routes);
    expect(w.run('-s', 'web/old')).toEqual({ code: 0, out: '<html>301</html>\n', err: '' });
    expect(w.run('-sL', 'web/old')).toEqual({ code: 0, out: 'new page\n', err: '' });
    expect(w.requests.map((r) => r.path)).toEqual(['/old', '/old', '/new']);
  });

  it('-i -L shows the headers of every answer and only the last body', () => {
    const w = world(routes);
    const r = w.run('-siL', 'web/old');
    expect(r.out).toBe('HTTP/1.1 301 Moved Permanently\r\nServer: nginx\r\nLocation: /new\r\nContent-Length: 17\r\n\r\nHTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Length: 9\r\n\r\nnew page\n');
  });

  it('--max-redirs stops a loop with curl (47); the default is 50', () => {
    const w = world(routes);
    expect(w.run('-sSL', '--max-redirs', '2', 'web/loop')).toEqual({ code: 47, out: '', err: 'curl: (47) Maximum (2) redirects followed\n' });
    expect(w.requests).toHaveLength(3);
    const d = world(routes);
    expect(d.run('-sSL', 'web/loop').err).toBe('curl: (47) Maximum (50) redirects followed\n');
    expect(d.requests).toHaveLength(51);
  });

  it('a POST becomes a GET after a 302 and loses its body; -X keeps the method', () => {
    const w = world(routes);
    w.run('-sL', '-d', 'a=1', 'web/away');
    expect(w.requests.map((r) => `${r.method} ${r.host}${r.path} ${r.headers['Content-Length'] ?? '-'}`)).toEqual(['POST web/away 3', 'GET other/landing -']);
    const x = world(routes);
    x.run('-sL', '-X', 'PUT', 'web/away');
    expect(x.requests.map((r) => r.method)).toEqual(['PUT', 'PUT']);
  });

  it('-u credentials go to the first host only, unless --location-trusted', () => {
    const w = world(routes);
    w.run('-sL', '-u', 'admin:secret', 'web/away');
    expect(w.requests.map((r) => r.headers.Authorization)).toEqual(['Basic YWRtaW46c2VjcmV0', undefined]);
    const t = world(routes);
    t.run('-s', '--location-trusted', '-u', 'admin:secret', 'web/away');
    expect(t.requests.map((r) => r.headers.Authorization)).toEqual(['Basic YWRtaW46c2VjcmV0', 'Basic YWRtaW46c2VjcmV0']);
  });

  it('-v tells the redirect and re-uses the connection to the same host', () => {
    const w = world(routes);
    const r = w.run('-svL', 'web/old');
    expect(r.err).toContain('< Location: /new\r\n< Content-Length: 17\r\n* Ignoring the response-body\n< \r\n* Connection #0 to host web left intact\n* Issue another request to this URL: \'http://web/new\'\n* Re-using existing connection with host web\n> GET /new HTTP/1.1\r\n');
    const o = w.run('-svL', 'web/away');
    expect(o.err).toContain("* Issue another request to this URL: 'http://other/landing'\n* Host other:80 was resolved.\n* IPv6: (none)\n* IPv4: 10.96.0.20\n*   Trying 10.96.0.20:80...\n* Connected to other (10.96.0.20) port 80\n");
    expect(o.err).toContain('* Connection #1 to host other left intact\n');
  });

  it('-w %{url_effective} and %{num_redirects} are of the last answer', () => {
    const w = world(routes);
    expect(w.run('-sL', '-o', '/dev/null', '-w', '%{http_code} %{num_redirects} %{url_effective}\\n', 'web/away').out).toBe('200 1 http://other/landing\n');
  });
});

describe('curl headers and cookies', () => {
  const routes = {
    '10.96.0.10:80/login': { status: 302, text: 'Found', headers: [['Set-Cookie', 'session=abc; Path=/'], ['Location', '/home']] as Array<[string, string]>, body: '' },
    '10.96.0.10:80/home': { status: 200, body: 'home\n' },
  };

  it('-e, -b NAME=VALUE and --compressed are sent in curl\'s order', () => {
    const w = world(routes);
    const r = w.run('-sv', '-e', 'http://from/', '-b', 'a=1', '--compressed', '-H', 'X-Test: yes', 'web/home');
    expect(r.err).toContain('> GET /home HTTP/1.1\r\n> Host: web\r\n> User-Agent: curl/8.5.0\r\n> Accept: */*\r\n> Accept-Encoding: deflate, gzip, br, zstd\r\n> Referer: http://from/\r\n> Cookie: a=1\r\n> X-Test: yes\r\n> \r\n');
  });

  it('the cookie engine keeps Set-Cookie for the redirect and -c writes the jar', () => {
    const w = world(routes);
    const r = w.run('-sL', '-c', 'jar.txt', '-b', '', 'web/login');
    expect(r).toEqual({ code: 0, out: 'home\n', err: '' });
    expect(w.requests.map((q) => q.headers.Cookie)).toEqual([undefined, 'session=abc']);
    expect(w.files['jar.txt']).toBe('# Netscape HTTP Cookie File\n# https://curl.se/docs/http-cookies.html\n# This file was generated by libcurl! Edit at your own risk.\n\nweb\tFALSE\t/\tFALSE\t0\tsession\tabc\n');
    // -b FILE reads the jar back
    const again = w.run('-s', '-b', 'jar.txt', 'web/home');
    expect(again.code).toBe(0);
    expect(w.requests.at(-1)!.headers.Cookie).toBe('session=abc');
  });
});

describe('curl options kubesim does not simulate are refused, not ignored', () => {
  const w = world({ '10.96.0.10:80/': { status: 503, text: 'Service Unavailable' } });
  it.each([
    [['-x', 'http://proxy:3128', 'web/'], 'curl: kubesim does not simulate --proxy (http://proxy:3128): the simulated network has no proxy\n'],
    [['-r', '0-10', 'web/'], 'curl: kubesim does not simulate --range: the simulated servers do not answer byte ranges\n'],
    [['-T', 'f.txt', 'web/'], 'curl: kubesim does not simulate --upload-file (PUT uploads)\n'],
    [['web/[1-3]'], 'curl: kubesim does not simulate URL globbing ({} and [] in web/[1-3]): add -g to send the URL as it is\n'],
    [['--http1.0', 'web/'], 'curl: kubesim does not simulate --http1.0 (HTTP/1.0 requests)\n'],
    [['-u', 'admin', 'web/'], "curl: kubesim does not simulate curl's password prompt (-u admin): give -u USER:PASSWORD\n"],
  ])('%j', (argv, err) => {
    expect(w.run(...argv)).toEqual({ code: 2, out: '', err });
  });

  it('--retry is refused when curl would wait and try again, and is no trouble when the first answer is good', () => {
    expect(w.run('-sS', '--retry', '3', 'web/')).toEqual({ code: 2, out: '', err: 'curl: kubesim does not simulate --retry: the first attempt failed (HTTP error 503) and curl would wait and try again\n' });
    const ok = world({ '10.96.0.10:80/': { status: 200, body: 'ok\n' } });
    expect(ok.run('-s', '--retry', '3', 'web/')).toEqual({ code: 0, out: 'ok\n', err: '' });
  });

  it('-g sends brackets as they are; an IPv6 literal host is no glob', () => {
    const g = world({});
    expect(g.run('-sg', 'web/[1-3]').code).toBe(7);
    expect(g.requests[0].path).toBe('/[1-3]');
  });
});

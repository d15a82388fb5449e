// nginx's configuration as the nginx image reads it from its files: /etc/nginx/nginx.conf and what it includes
// (the official image's `include /etc/nginx/conf.d/*.conf;`), tokenised as ngx_conf_file.c does (words, quotes,
// `;`, blocks, `#` comments), reduced to what decides how a connection is answered: each server's listen sockets
// (port, `ssl`, `default_server`, `http2`), server_name, root/index, a server-level `return`, and the certificate
// and key files of its TLS side.

import type { FileLookup } from './types.js';

export interface Listen {
  port: number;
  ssl: boolean;
  defaultServer: boolean;
  http2: boolean;
}

export interface NginxServerConf {
  listens: Listen[];
  names: string[];
  root: string;
  index: string[];
  /** `return CODE [TEXT|URL];` at server level (or in `location /`) */
  ret?: { code: number; text?: string };
  sslCertificate?: string;
  sslCertificateKey?: string;
  /** `http2 on;` (nginx 1.25.1+) */
  http2: boolean;
}

interface Directive {
  name: string;
  args: string[];
  block?: Directive[];
}

function tokenize(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
      continue;
    }
    if (c === ';' || c === '{' || c === '}') {
      out.push(c);
      i++;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      let w = '';
      while (j < text.length && text[j] !== c) {
        if (text[j] === '\\' && j + 1 < text.length) j++;
        w += text[j++];
      }
      out.push(`\u0000${w}`);
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < text.length && !/[\s;{}]/.test(text[j])) j++;
    out.push(text.slice(i, j));
    i = j;
  }
  return out;
}

function parseBlock(tokens: string[], pos: { i: number }): Directive[] {
  const out: Directive[] = [];
  let words: string[] = [];
  while (pos.i < tokens.length) {
    const t = tokens[pos.i++];
    if (t === ';') {
      if (words.length) out.push({ name: words[0], args: words.slice(1) });
      words = [];
    } else if (t === '{') {
      const block = parseBlock(tokens, pos);
      out.push({ name: words[0] ?? '', args: words.slice(1), block });
      words = [];
    } else if (t === '}') return out;
    else words.push(t.startsWith('\u0000') ? t.slice(1) : t);
  }
  return out;
}

/** The files an `include` names: a path, or `dir/*.suffix` over the directory's entries (sorted, as glob() does). */
function includeFiles(pattern: string, files: FileLookup): string[] {
  const abs = pattern.startsWith('/') ? pattern : `/etc/nginx/${pattern}`;
  const star = abs.lastIndexOf('*');
  if (star < 0) return [abs];
  const dir = abs.slice(0, abs.lastIndexOf('/'));
  const prefix = abs.slice(dir.length + 1, star);
  const suffix = abs.slice(star + 1);
  const d = files(dir);
  if (!d || d.kind !== 'dir') return [];
  return d
    .entries()
    .filter((n) => !n.startsWith('..') && n.startsWith(prefix) && n.endsWith(suffix))
    .sort()
    .map((n) => `${dir}/${n}`);
}

function expand(ds: Directive[], files: FileLookup, depth: number): Directive[] {
  const out: Directive[] = [];
  for (const d of ds) {
    if (d.name === 'include' && d.args[0] && depth < 8) {
      for (const f of includeFiles(d.args[0], files)) {
        const hit = files(f);
        if (hit?.kind === 'file' && !f.endsWith('mime.types')) out.push(...expand(parseBlock(tokenize(hit.content), { i: 0 }), files, depth + 1));
      }
      continue;
    }
    out.push(d.block ? { ...d, block: expand(d.block, files, depth) } : d);
  }
  return out;
}

function parseListen(args: string[]): Listen | null {
  const addr = args[0] ?? '';
  const m = /(?:^|:)(\d+)$/.exec(addr) ?? (/^\d+$/.test(addr) ? [addr, addr] : null);
  if (!m) return addr.startsWith('unix:') ? null : { port: 80, ssl: args.includes('ssl'), defaultServer: false, http2: false };
  return { port: Number(m[1]), ssl: args.includes('ssl'), defaultServer: args.includes('default_server') || args.includes('default'), http2: args.includes('http2') };
}

function serverOf(block: Directive[]): NginxServerConf {
  const s: NginxServerConf = { listens: [], names: [], root: '/usr/share/nginx/html', index: ['index.html'], http2: false };
  let rootSet = false;
  for (const d of block) {
    if (d.name === 'listen') {
      const l = parseListen(d.args);
      // `listen [::]:80` is the same port on IPv6 (the simulation's connections are IPv4): one socket per port
      const same = l && s.listens.find((x) => x.port === l.port);
      if (same && l) {
        same.ssl ||= l.ssl;
        same.defaultServer ||= l.defaultServer;
        same.http2 ||= l.http2;
      } else if (l) s.listens.push(l);
    } else if (d.name === 'server_name') s.names.push(...d.args);
    else if (d.name === 'root' && d.args[0]) {
      s.root = d.args[0].replace(/\/+$/, '') || '/';
      rootSet = true;
    } else if (d.name === 'index') s.index = d.args;
    else if (d.name === 'ssl_certificate' && d.args[0]) s.sslCertificate = d.args[0];
    else if (d.name === 'ssl_certificate_key' && d.args[0]) s.sslCertificateKey = d.args[0];
    else if (d.name === 'http2') s.http2 = d.args[0] === 'on';
    else if (d.name === 'return' && d.args[0] && /^\d{3}$/.test(d.args[0])) s.ret ??= { code: Number(d.args[0]), text: d.args[1] };
    else if (d.name === 'location' && d.block && d.args.join(' ') === '/') {
      for (const x of d.block) {
        if (x.name === 'root' && x.args[0] && !rootSet) s.root = x.args[0].replace(/\/+$/, '') || '/';
        if (x.name === 'index') s.index = x.args;
        if (x.name === 'return' && x.args[0] && /^\d{3}$/.test(x.args[0])) s.ret ??= { code: Number(x.args[0]), text: x.args[1] };
      }
    }
  }
  if (!s.listens.length) s.listens.push({ port: 80, ssl: false, defaultServer: false, http2: false });
  return s;
}

const cache = new Map<string, NginxServerConf[]>();

/** The servers nginx.conf (and its includes) defines; null when the container has no nginx.conf. */
export function nginxServers(files: FileLookup): NginxServerConf[] | null {
  const main = files('/etc/nginx/nginx.conf');
  if (!main || main.kind !== 'file') return null;
  const top = expand(parseBlock(tokenize(main.content), { i: 0 }), files, 0);
  const key = JSON.stringify(top);
  const hit = cache.get(key);
  if (hit) return hit;
  const servers: NginxServerConf[] = [];
  for (const d of top) if (d.name === 'http' && d.block) for (const x of d.block) if (x.name === 'server' && x.block) servers.push(serverOf(x.block));
  if (cache.size > 200) cache.clear();
  cache.set(key, servers);
  return servers;
}

/** The server of a port for a name (Host header or SNI): an exact server_name, a `*.` wildcard, then the port's
 *  default_server, then its first server. */
export function serverForName(servers: NginxServerConf[], port: number, name: string | undefined): NginxServerConf | undefined {
  const on = servers.filter((s) => s.listens.some((l) => l.port === port));
  if (!on.length) return undefined;
  const host = (name ?? '').replace(/:\d+$/, '').toLowerCase();
  if (host) {
    const exact = on.find((s) => s.names.some((n) => n.toLowerCase() === host));
    if (exact) return exact;
    const wild = on.find((s) => s.names.some((n) => n.startsWith('*.') && host.endsWith(n.slice(1).toLowerCase())));
    if (wild) return wild;
  }
  return on.find((s) => s.listens.some((l) => l.port === port && l.defaultServer)) ?? on[0];
}

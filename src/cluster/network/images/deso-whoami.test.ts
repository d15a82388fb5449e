// r.deso.tech/whoami/whoami answers with seed 003's drawings for NAME_APPLICATION=phippy/captainkube (the
// expected text is read from the seed's lab, manifests/labs/routing-models/lab.md), whoami's answer otherwise.

import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { serverFor } from './index.js';
import type { IncomingRequest } from './types.js';

const LAB = fs.readFileSync(path.resolve(__dirname, '../../../../manifests/labs/routing-models/lab.md'), 'utf8');

/** The first run of art lines (`@...`, optionally quoted with `> `) after `marker` in the seed lab. */
function seedArt(marker: string): string {
  const lines = LAB.slice(LAB.indexOf(marker)).split('\n');
  const start = lines.findIndex((l) => /^(> )?@/.test(l));
  const out: string[] = [];
  for (const l of lines.slice(start)) {
    if (!/^(> )?@/.test(l)) break;
    out.push(l.replace(/^> /, ''));
  }
  return out.map((l) => l + '\n').join('');
}

const pod = { metadata: { name: 'phippy-799b96769f-9jl2g' }, spec: { containers: [] }, status: { podIP: '10.244.1.5' } } as unknown as Pod;
const container = (env?: Record<string, string>, image = 'r.deso.tech/whoami/whoami'): Container => ({
  name: 'c', image, ports: [{ containerPort: 80 }], env: env && Object.entries(env).map(([name, value]) => ({ name, value })),
});
const req = (c: Container): IncomingRequest => ({
  method: 'GET', path: '/', host: '10.10.99.121', headers: { Accept: '*/*' }, userAgent: 'curl/7.65.1', remoteIP: '10.244.0.1',
  remotePort: 40000, localIP: '10.244.1.5', localPort: 80, nowMs: Date.UTC(2025, 0, 6), pod, container: c,
});
const body = (c: Container) => serverFor(pod, c)!.handle(req(c), () => null).response.body;

describe('r.deso.tech/whoami/whoami', () => {
  it('draws Phippy for NAME_APPLICATION=phippy, as seed 003 curls it', () => {
    const expected = seedArt('You will see the Phippy application');
    expect(expected.split('\n')).toHaveLength(35);
    const c = container({ NAME_APPLICATION: 'phippy' });
    expect(serverFor(pod, c)!.listens(80)).toBe(true);
    expect(body(c)).toBe(expected);
  });

  it('draws Captain Kube for NAME_APPLICATION=captainkube, as seed 003 curls it', () => {
    const expected = seedArt('you will see a CaptainKube application');
    expect(expected.split('\n')).toHaveLength(26);
    expect(body(container({ NAME_APPLICATION: 'captainkube' }))).toBe(expected);
  });

  it('answers as whoami without the variable or for a value it has no drawing for; other images ignore it', () => {
    for (const c of [container(), container({ NAME_APPLICATION: 'goodie' }), container({ NAME_APPLICATION: 'constructor' }), container({ NAME_APPLICATION: 'phippy' }, 'traefik/whoami')]) {
      expect(body(c)).toMatch(/^Hostname: phippy-799b96769f-9jl2g\nIP: 127\.0\.0\.1\n/);
      expect(body(c)).toContain('GET / HTTP/1.1\r\nHost: 10.10.99.121\r\nUser-Agent: curl/7.65.1\r\nAccept: */*\r\n');
    }
  });
});

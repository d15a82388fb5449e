// Benchmark worker (own process, so peak RSS belongs to one measurement): renders and prints `iptables-save` for
// N services x E endpoints on one node and prints JSON figures.

import { performance } from 'node:perf_hooks';
import type { EndpointSlice, Service } from '../cluster/apiserver/types.js';
import { renderIptables } from '../cluster/network/iptables/render.js';
import { makeService, makeSlice, upstreamInput, upstreamTestConfig } from '../cluster/network/iptables/testutil.js';
import { iptablesSave } from '../node/iptables/save.js';

const [nServices, nEndpoints] = process.argv.slice(2).map(Number);
const services: Service[] = [];
const slices: EndpointSlice[] = [];
for (let i = 0; i < nServices; i++) {
  const name = `svc${i}`;
  services.push(makeService('default', name, { clusterIP: `10.96.${Math.floor(i / 250)}.${(i % 250) + 1}`, ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }));
  const eps = [];
  for (let j = 0; j < nEndpoints; j++) {
    const n = i * nEndpoints + j;
    eps.push({ addresses: [`10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`], nodeName: 'test-node' });
  }
  slices.push(makeSlice('default', name, 1, eps, [{ name: 'http', port: 8080, protocol: 'TCP' }]));
}
const rssBefore = process.resourceUsage().maxRSS;
const t0 = performance.now();
const rs = renderIptables(upstreamInput(services, slices, upstreamTestConfig()));
const t1 = performance.now();
const text = iptablesSave(rs, { version: '1.8.9', backend: 'nf_tables', now: new Date(0) });
const t2 = performance.now();
// lines as text.split('\n').length counts them, without making 430k strings that would count in the peak RSS
let lines = 1;
for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
console.log(JSON.stringify({ renderMs: t1 - t0, printMs: t2 - t1, lines, bytes: text.length, maxRssKiB: process.resourceUsage().maxRSS, rssBeforeKiB: rssBefore }));

// Service load balancer (cloud-provider service controller + a MetalLB-style pool): a LoadBalancer Service gets
// the lowest free address of the configured pool as `status.loadBalancer.ingress` (ipMode VIP), with the
// EnsuringLoadBalancer/EnsuredLoadBalancer events; without a pool it stays `<pending>`.

import type { Service } from '../apiserver/types.js';
import { ipToString, parseIPv4 } from '../state/config.js';
import type { Controller } from './controller.js';
import { K, updateIfChanged } from './util.js';

const SOURCE = { component: 'service-controller' };

/** `a.b.c.d-e.f.g.h` as an inclusive integer range. */
export function parsePool(pool: string): { first: number; last: number } | undefined {
  const [a, b] = pool.split('-');
  const first = parseIPv4(a ?? '');
  const last = parseIPv4(b ?? '');
  return first === undefined || last === undefined ? undefined : { first, last };
}

const wantsLB = (svc: Service) => svc.spec.type === 'LoadBalancer' && !svc.spec.loadBalancerClass;

export const serviceLoadBalancerController: Controller = {
  name: 'service-lb',
  sync(ctx) {
    const { api, config } = ctx;
    const pool = config.loadBalancerPool ? parsePool(config.loadBalancerPool) : undefined;
    const services = api.list<Service>(K.services);
    const used = new Set<string>();
    for (const s of services) for (const ing of s.status?.loadBalancer?.ingress ?? []) if (ing.ip && wantsLB(s)) used.add(ing.ip);
    for (const svc of services) {
      const ingress = svc.status?.loadBalancer?.ingress ?? [];
      if (!wantsLB(svc)) {
        if (ingress.length && svc.spec.type !== 'LoadBalancer') {
          api.recordEvent(svc, 'Normal', 'DeletingLoadBalancer', 'Deleting load balancer', SOURCE);
          updateIfChanged(api, svc, (c) => void (c.status = { ...(c.status ?? {}), loadBalancer: {} }), true);
          api.recordEvent(svc, 'Normal', 'DeletedLoadBalancer', 'Deleted load balancer', SOURCE);
        }
        continue;
      }
      if (!pool || ingress.length) continue;
      let ip: string | undefined;
      const requested = svc.spec.loadBalancerIP ? parseIPv4(svc.spec.loadBalancerIP) : undefined;
      if (requested !== undefined && requested >= pool.first && requested <= pool.last && !used.has(svc.spec.loadBalancerIP!)) {
        ip = svc.spec.loadBalancerIP;
      } else if (requested === undefined) {
        for (let n = pool.first; n <= pool.last; n++) {
          if (!used.has(ipToString(n))) {
            ip = ipToString(n);
            break;
          }
        }
      }
      if (!ip) continue;
      used.add(ip);
      api.recordEvent(svc, 'Normal', 'EnsuringLoadBalancer', 'Ensuring load balancer', SOURCE);
      updateIfChanged(api, svc, (c) => void (c.status = { ...(c.status ?? {}), loadBalancer: { ingress: [{ ip, ipMode: 'VIP' }] } }), true);
      api.recordEvent(svc, 'Normal', 'EnsuredLoadBalancer', 'Ensured load balancer', SOURCE);
    }
  },
};

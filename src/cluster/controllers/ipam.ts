// Pod IP allocation as the host-local IPAM plugin does it on a kind node (kindnet + ptp): addresses from the
// node's podCIDR, gateway .1 and the broadcast address excluded, handed out sequentially after the last
// reserved address (wrapping around), never an address a live pod holds.

import { ipToString, parseCIDR, parseIPv4 } from '../state/config.js';

export interface IpamState {
  /** node name -> last reserved address */
  lastReserved: Record<string, string>;
}

/** The next free address of `podCIDR` for `node`, or undefined when the range is exhausted. */
export function allocatePodIP(state: IpamState, node: string, podCIDR: string, inUse: Set<string>): string | undefined {
  const cidr = parseCIDR(podCIDR);
  if (!cidr) return undefined;
  const size = 2 ** (32 - cidr.bits);
  const first = cidr.base + 2; // .0 network, .1 gateway
  const last = cidr.base + size - 2; // broadcast excluded
  if (last < first) return undefined;
  const count = last - first + 1;
  const prev = state.lastReserved[node];
  const prevN = prev !== undefined ? parseIPv4(prev) : undefined;
  let start = prevN !== undefined ? prevN + 1 : first;
  if (start < first || start > last) start = first;
  for (let i = 0; i < count; i++) {
    const ip = ipToString(first + ((start - first + i) % count));
    if (!inUse.has(ip)) {
      state.lastReserved[node] = ip;
      return ip;
    }
  }
  return undefined;
}

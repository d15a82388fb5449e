// Packet/byte counters of a node's iptables rules and built-in chain policies. Plain JSON (persisted with the
// cluster); the traffic simulator increments them, the iptables printers read them.

export interface PacketCount {
  packets: number;
  bytes: number;
}

export interface IptablesCounters {
  /** by rule identity (Rule.id) */
  rules: Record<string, PacketCount>;
  /** by `table/CHAIN` of a built-in chain (policy counters) */
  policies: Record<string, PacketCount>;
}

/** Counters of every node, by node name. */
export type IptablesCountersByNode = Record<string, IptablesCounters>;

export function emptyCounters(): IptablesCounters {
  return { rules: {}, policies: {} };
}

/** One packet of `bytes` bytes matched rule `ruleId`. */
export function countRule(counters: IptablesCounters, ruleId: string, bytes: number): void {
  const c = counters.rules[ruleId] ?? (counters.rules[ruleId] = { packets: 0, bytes: 0 });
  c.packets += 1;
  c.bytes += bytes;
}

/** One packet of `bytes` bytes fell through to the policy of built-in chain `chain` of `table`. */
export function countPolicy(counters: IptablesCounters, table: string, chain: string, bytes: number): void {
  const key = `${table}/${chain}`;
  const c = counters.policies[key] ?? (counters.policies[key] = { packets: 0, bytes: 0 });
  c.packets += 1;
  c.bytes += bytes;
}

export function ruleCount(counters: IptablesCounters | undefined, ruleId: string): PacketCount {
  return counters?.rules[ruleId] ?? ZERO;
}

export function policyCount(counters: IptablesCounters | undefined, table: string, chain: string): PacketCount {
  return counters?.policies[`${table}/${chain}`] ?? ZERO;
}

const ZERO: PacketCount = Object.freeze({ packets: 0, bytes: 0 }) as PacketCount;

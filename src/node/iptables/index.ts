// Node-side iptables tools: iptables-save, iptables -L / -S, and their command-line front ends.

export { iptablesSave, versionString, tableOrEmpty, type SaveOptions } from './save.js';
export { iptablesList, iptablesListRules, listTable, listTableRules, type ListArgs, type ListRulesArgs } from './list.js';
export { runIptablesCommand, runIptablesSaveCommand, type IptablesContext, type CommandResult } from './command.js';
export { formatProbability, saveString, saveRuleBody, listRow, listColumns } from './format.js';
export { ctime } from './ctime.js';
export {
  emptyCounters,
  countRule,
  countPolicy,
  type IptablesCounters,
  type IptablesCountersByNode,
  type PacketCount,
} from '../../cluster/network/iptables/counters.js';

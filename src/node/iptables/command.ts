// The `iptables` and `iptables-save` commands of a simulated node: argv parsed as the real tools do (getopt with
// combined short flags and optional chain arguments), read-only listing commands, iptables' errors and exit codes.

import type { KubeProxyConfig } from '../../cluster/state/config.js';
import { isTableName, type IptablesRuleset } from '../../cluster/network/iptables/model.js';
import type { IptablesCounters } from '../../cluster/network/iptables/counters.js';
import { listTable, listTableRules } from './list.js';
import { iptablesSave, tableOrEmpty, versionString } from './save.js';

export interface IptablesContext {
  ruleset: IptablesRuleset;
  counters: IptablesCounters;
  now: Date;
  config: KubeProxyConfig;
}

export interface CommandResult {
  stdout: string;
  stderr: string;
  code: number;
}

// xtables exit codes
const OTHER_PROBLEM = 1;
const PARAMETER_PROBLEM = 2;
const VERSION_PROBLEM = 3;

class ParamError extends Error {
  constructor(
    message: string,
    readonly status: number = PARAMETER_PROBLEM,
  ) {
    super(message);
  }
}

function prefix(prog: string, ctx: IptablesContext): string {
  const ipt = ctx.config.iptables;
  return `${prog} v${ipt.version} (${ipt.backend === 'nf_tables' ? 'nf_tables' : 'legacy'}): `;
}

function errorResult(prog: string, ctx: IptablesContext, e: ParamError): CommandResult {
  let stderr = prefix(prog, ctx) + e.message + '\n';
  if (e.status === PARAMETER_PROBLEM) stderr += `Try \`${prog} -h' or '${prog} --help' for more information.\n`;
  if (e.status === VERSION_PROBLEM) stderr += 'Perhaps iptables or your kernel needs to be upgraded.\n';
  return { stdout: '', stderr, code: e.status };
}

interface Parsed {
  command?: 'L' | 'S' | 'other';
  commandFlag?: string;
  chain?: string;
  table: string;
  numeric: boolean;
  verbose: boolean;
  exact: boolean;
  lineNumbers: boolean;
}

const LONG: Record<string, string> = {
  '--list': 'L',
  '--list-rules': 'S',
  '--table': 't',
  '--numeric': 'n',
  '--verbose': 'v',
  '--exact': 'x',
  '--line-numbers': '0',
  '--wait': 'w',
  '--wait-interval': 'W',
  '--append': 'A',
  '--delete': 'D',
  '--insert': 'I',
  '--replace': 'R',
  '--flush': 'F',
  '--zero': 'Z',
  '--new-chain': 'N',
  '--delete-chain': 'X',
  '--policy': 'P',
  '--rename-chain': 'E',
  '--check': 'C',
};

function parseIptables(argv: string[]): Parsed {
  const p: Parsed = { table: 'filter', numeric: false, verbose: false, exact: false, lineNumbers: false };
  let i = 0;
  const setCommand = (flag: string, cmd: 'L' | 'S' | 'other') => {
    if (p.command && p.commandFlag !== flag)
      throw new ParamError(`Cannot use -${flag} with -${p.commandFlag}`);
    p.command = cmd;
    p.commandFlag = flag;
  };
  // optional chain argument: the next word if it does not look like an option
  const optionalChain = (inline: string | undefined) => {
    if (inline) return inline;
    const next = argv[i];
    if (next !== undefined && !next.startsWith('-') && !next.startsWith('!')) {
      i++;
      return next;
    }
    return undefined;
  };
  const required = (opt: string, inline: string | undefined) => {
    if (inline) return inline;
    const next = argv[i];
    if (next === undefined) throw new ParamError(`option "${opt}" requires an argument`);
    i++;
    return next;
  };
  while (i < argv.length) {
    const arg = argv[i++]!;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = eq >= 0 ? arg.slice(0, eq) : arg;
      const inline = eq >= 0 ? arg.slice(eq + 1) : undefined;
      const short = LONG[name];
      if (!short) throw new ParamError(`unrecognized option '${arg}'`);
      handle(short, inline, name);
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      for (let k = 1; k < arg.length; k++) {
        const ch = arg[k]!;
        const rest = arg.slice(k + 1);
        if ('LSt'.includes(ch) || 'ADIRFZNXPECw'.includes(ch)) {
          handle(ch, rest || undefined, '-' + ch);
          break;
        }
        handle(ch, undefined, '-' + ch);
      }
      continue;
    }
    throw new ParamError(`Bad argument \`${arg}'`);
  }
  return p;

  function handle(opt: string, inline: string | undefined, spelled: string): void {
    switch (opt) {
      case 'L':
        setCommand('L', 'L');
        p.chain = optionalChain(inline);
        return;
      case 'S':
        setCommand('S', 'S');
        p.chain = optionalChain(inline);
        return;
      case 't':
        p.table = required(spelled, inline);
        return;
      case 'n':
        p.numeric = true;
        return;
      case 'v':
        p.verbose = true;
        return;
      case 'x':
        p.exact = true;
        return;
      case '0':
        p.lineNumbers = true;
        return;
      case 'w':
        optionalChain(inline);
        return;
      case 'W':
        required(spelled, inline);
        return;
      case 'A':
      case 'D':
      case 'I':
      case 'R':
      case 'F':
      case 'Z':
      case 'N':
      case 'X':
      case 'P':
      case 'E':
      case 'C':
        setCommand(opt, 'other');
        // swallow the rest: rule specifications are not simulated
        i = argv.length;
        return;
      default:
        throw new ParamError(`invalid option -- '${opt}'`);
    }
  }
}

function checkTable(prog: string, ctx: IptablesContext, table: string): void {
  if (isTableName(table)) return;
  if (ctx.config.iptables.backend === 'legacy')
    throw new ParamError(
      `can't initialize ${prog} table \`${table}': Table does not exist (do you need to insmod?)`,
      VERSION_PROBLEM,
    );
  throw new ParamError(`table '${table}' does not exist`, VERSION_PROBLEM);
}

/** `iptables ARGS` on a node. */
export function runIptablesCommand(argv: string[], ctx: IptablesContext): CommandResult {
  const prog = 'iptables';
  let p: Parsed;
  try {
    p = parseIptables(argv);
    if (!p.command) throw new ParamError('no command specified');
    checkTable(prog, ctx, p.table);
  } catch (e) {
    if (e instanceof ParamError) return errorResult(prog, ctx, e);
    throw e;
  }
  if (p.command === 'other')
    return {
      stdout: '',
      stderr: `${prog}: kubesim simulates only the listing commands (-L, -S); rules are written by kube-proxy\n`,
      code: OTHER_PROBLEM,
    };
  const table = tableOrEmpty(ctx.ruleset, p.table as Parameters<typeof tableOrEmpty>[1]);
  const out =
    p.command === 'L'
      ? listTable(table, {
          chain: p.chain,
          numeric: p.numeric,
          verbose: p.verbose,
          exact: p.exact,
          lineNumbers: p.lineNumbers,
          version: ctx.config.iptables.version,
          counters: ctx.counters,
        })
      : listTableRules(table, { chain: p.chain, verbose: p.verbose, counters: ctx.counters });
  if (out === null) return { stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', code: OTHER_PROBLEM };
  return { stdout: out, stderr: '', code: 0 };
}

/** `iptables-save ARGS` on a node. */
export function runIptablesSaveCommand(argv: string[], ctx: IptablesContext): CommandResult {
  const prog = 'iptables-save';
  let table: string | undefined;
  let counters = false;
  const ipt = ctx.config.iptables;
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i]!;
      if (a === '-c' || a === '--counters') counters = true;
      else if (a === '-t' || a === '--table') {
        const v = argv[++i];
        if (v === undefined) throw new ParamError(`option '${a}' requires an argument`);
        table = v;
      } else if (a.startsWith('--table=')) table = a.slice('--table='.length);
      else if (a.startsWith('-t') && a.length > 2) table = a.slice(2);
      else if (a === '-M' || a === '--modprobe') i++;
      else throw new ParamError(a.startsWith('--') ? `unrecognized option '${a}'` : `invalid option -- '${a.slice(1, 2)}'`);
    }
  } catch (e) {
    if (e instanceof ParamError)
      return { stdout: '', stderr: `${prefix(prog, ctx)}${e.message}\n`, code: OTHER_PROBLEM };
    throw e;
  }
  if (table !== undefined) {
    const exists = ctx.ruleset.tables.some((t) => t.name === table);
    if (!exists) {
      if (ipt.backend === 'nf_tables') return { stdout: `Table \`${table}' does not exist\n`, stderr: '', code: 1 };
      if (!isTableName(table))
        return {
          stdout: '',
          stderr: `${prefix(prog, ctx)}Cannot initialize: Table does not exist (do you need to insmod?)\n\n`,
          code: OTHER_PROBLEM,
        };
    }
  }
  const stdout = iptablesSave(ctx.ruleset, {
    table,
    counters,
    version: ipt.version,
    backend: ipt.backend,
    now: ctx.now,
    counterValues: ctx.counters,
  });
  return { stdout, stderr: '', code: 0 };
}

export { versionString };

// `kubesim init`: a fresh cluster in $KUBESIM_HOME from flags and/or a `--config` YAML file.

import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import * as yaml from 'js-yaml';
import { ConfigError, applyConfigDocument, buildConfig, type ClusterConfig, type ConfigOptions } from '../../cluster/state/config.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
import { parseCommand } from './commander.js';
import { CorruptStateError, readSnapshot, statePath } from '../../cluster/state/state-file.js';

function intOption(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new ConfigError(`--${name}: must be a whole number, got "${v}"`);
    return Number(v);
  };
}

/** The `kubesim init` command line: its flags, shared by `kubesim init` and the labs' `kubesim: init` directive. */
export function initCommand(): Command {
  return new Command('init')
    .description('create a fresh simulated cluster in $KUBESIM_HOME (replacing any existing one)')
    .option('--seed <n>', 'seed of the cluster RNG (pod names, IPs, ports, load balancing)', intOption('seed'))
    .option('--nodes <n>', 'number of nodes: one control plane plus workers', intOption('nodes'))
    .option('--service-cidr <cidr>', 'Service ClusterIP range (default 10.96.0.0/12)')
    .option('--pod-cidr <cidr>', 'pod network, a /24 per node (default 10.244.0.0/16)')
    .option('--node-port-range <a-b>', 'NodePort range (default 30000-32767)')
    .option('--clock <mode>', 'wall (follows real time) or virtual (moves only when told)')
    .option('--load-balancer-pool <a-b>', 'address pool for LoadBalancer services, e.g. 172.18.255.200-172.18.255.250')
    .option('--cni <name>', 'pod network: kindnet (default), cilium (Cilium 1.11.4, cluster-pool IPAM) or none (nodes NotReady until a CNI is installed)')
    .option('--config <file>', 'YAML cluster config (seed, serviceCIDR, podCIDR, nodePortRange, nodes, kubeProxy, ...)')
    .option('--force', 'replace a state file kubesim cannot read (corrupt, from a newer kubesim, not a regular file)');
}

/**
 * The cluster config a parsed `init` command asks for: its flags, then a `--config` file (relative to cwd) over
 * them; `defaults` fill what neither sets. Throws ConfigError with the message `kubesim init` prints.
 */
export function initConfig(cmd: Command, cwd: string, defaults: ConfigOptions = {}): ClusterConfig {
  const o = cmd.opts<{ seed?: number; nodes?: number; serviceCidr?: string; podCidr?: string; nodePortRange?: string; clock?: string; loadBalancerPool?: string; cni?: string; config?: string }>();
  const base: ConfigOptions = { ...defaults };
  const flags: ConfigOptions = {
    seed: o.seed,
    nodes: o.nodes,
    serviceCIDR: o.serviceCidr,
    podCIDR: o.podCidr,
    nodePortRange: o.nodePortRange,
    clock: o.clock,
    loadBalancerPool: o.loadBalancerPool,
    cni: o.cni,
  };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) (base as Record<string, unknown>)[k] = v;
  if (!o.config) return buildConfig(base);
  const file = path.resolve(cwd, o.config);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(`the path "${o.config}" does not exist`);
  }
  let doc: unknown;
  try {
    doc = yaml.load(text);
  } catch (e) {
    throw new ConfigError(`error parsing ${o.config}: ${(e as Error).message.split('\n')[0]}`);
  }
  try {
    return applyConfigDocument(doc, base);
  } catch (e) {
    if (e instanceof ConfigError) throw new ConfigError(`${o.config}: ${e.message}`);
    throw e;
  }
}

/** `kubesim init ARGV` as a config, without creating anything (the labs' `kubesim: init` directive). Throws ConfigError. */
export function parseInitArgs(argv: string[], cwd: string, defaults: ConfigOptions = {}): ClusterConfig {
  const cmd = initCommand()
    .exitOverride()
    .configureOutput({ writeOut: () => {}, writeErr: () => {} });
  try {
    cmd.parse(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) throw new ConfigError(e.message.replace(/^error: /, ''));
    throw e;
  }
  return initConfig(cmd, cwd, defaults);
}

export async function runInit(argv: string[], session: Session, io: CommandIO): Promise<number> {
  const cmd = initCommand();
  try {
    const stopped = parseCommand(cmd, argv, io);
    if (stopped !== undefined) return stopped;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  try {
    const config = initConfig(cmd, io.cwd);
    if (session.opts.persistent) {
      const refusal = clearUnreadableState(session.home, cmd.opts<{ force?: boolean }>().force === true);
      if (refusal) {
        io.err(refusal + '\n');
        return 1;
      }
    }
    await session.reset(config);
    io.out(
      `Cluster "kubesim" initialised in ${session.home}: ${config.nodes.length} node(s), seed ${config.seed}, ${config.clock} clock, service CIDR ${config.serviceCIDR}, pod CIDR ${config.podCIDR}\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/**
 * A state file kubesim cannot read is only replaced under --force (it may be a newer kubesim's, or worth a look):
 * the refusal to print, or undefined to go ahead. --force removes a FIFO or socket in its place (a rename could not
 * replace a directory: that is left to the user).
 */
function clearUnreadableState(home: string, force: boolean): string | undefined {
  try {
    readSnapshot(home);
    return undefined;
  } catch (e) {
    if (!(e instanceof CorruptStateError)) throw e;
    if (!force) return e.message;
  }
  const file = statePath(home);
  let st: fs.Stats;
  try {
    st = fs.lstatSync(file);
  } catch {
    return undefined;
  }
  if (st.isDirectory()) return `error: ${file} is a directory; move it aside, then run 'kubesim init' again`;
  if (!st.isFile()) fs.rmSync(file, { force: true });
  return undefined;
}

// `kubesim init`: a fresh cluster in $KUBESIM_HOME from flags and/or a `--config` YAML file.

import fs from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import * as yaml from 'js-yaml';
import { ConfigError, applyConfigDocument, buildConfig, type ConfigOptions } from '../../cluster/state/config.js';
import type { CommandIO } from '../../kubectl/context.js';
import type { Session } from '../session.js';
import { parseCommand } from './commander.js';

function intOption(name: string) {
  return (v: string): number => {
    if (!/^\d+$/.test(v)) throw new ConfigError(`--${name}: must be a whole number, got "${v}"`);
    return Number(v);
  };
}

export async function runInit(argv: string[], session: Session, io: CommandIO): Promise<number> {
  const cmd = new Command('init')
    .description('create a fresh simulated cluster in $KUBESIM_HOME (replacing any existing one)')
    .option('--seed <n>', 'seed of the cluster RNG (pod names, IPs, ports, load balancing)', intOption('seed'))
    .option('--nodes <n>', 'number of nodes: one control plane plus workers', intOption('nodes'))
    .option('--service-cidr <cidr>', 'Service ClusterIP range (default 10.96.0.0/12)')
    .option('--pod-cidr <cidr>', 'pod network, a /24 per node (default 10.244.0.0/16)')
    .option('--node-port-range <a-b>', 'NodePort range (default 30000-32767)')
    .option('--clock <mode>', 'wall (follows real time) or virtual (moves only when told)')
    .option('--load-balancer-pool <a-b>', 'address pool for LoadBalancer services, e.g. 172.18.255.200-172.18.255.250')
    .option('--config <file>', 'YAML cluster config (seed, serviceCIDR, podCIDR, nodePortRange, nodes, kubeProxy, ...)');
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
  const o = cmd.opts<{ seed?: number; nodes?: number; serviceCidr?: string; podCidr?: string; nodePortRange?: string; clock?: string; loadBalancerPool?: string; config?: string }>();
  const base: ConfigOptions = {
    seed: o.seed,
    nodes: o.nodes,
    serviceCIDR: o.serviceCidr,
    podCIDR: o.podCidr,
    nodePortRange: o.nodePortRange,
    clock: o.clock,
    loadBalancerPool: o.loadBalancerPool,
  };
  try {
    let config;
    if (o.config) {
      const file = path.resolve(io.cwd, o.config);
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        io.err(`error: the path "${o.config}" does not exist\n`);
        return 1;
      }
      let doc: unknown;
      try {
        doc = yaml.load(text);
      } catch (e) {
        io.err(`error: error parsing ${o.config}: ${(e as Error).message.split('\n')[0]}\n`);
        return 1;
      }
      config = applyConfigDocument(doc, base);
    } else {
      config = buildConfig(base);
    }
    const cluster = await session.reset(config);
    io.out(
      `Cluster "kubesim" initialised in ${session.home}: ${config.nodes.length} node(s), seed ${config.seed}, ${config.clock} clock, service CIDR ${config.serviceCIDR}, pod CIDR ${config.podCIDR}\n`,
    );
    void cluster;
    return 0;
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`error: ${o.config ? `${o.config}: ` : ''}${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

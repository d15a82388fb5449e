// `kubectl kustomize DIR`: kustomize v5.5.0's build of a local kustomization directory, printed as kubectl prints it
// (or written with -o to a file, or to a directory one file per resource).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { list, str, type FlagSpec, type ParsedArgs } from '../flags.js';
import { kustomizeBuild, KustomizeError, kustomizeYaml } from '../kustomize/build.js';
import { toYaml } from '../printers/yaml.js';

const FLAGS: FlagSpec[] = [
  { name: 'as-current-user', type: 'bool', unsimulated: true },
  { name: 'enable-alpha-plugins', type: 'bool', unsimulated: true },
  { name: 'enable-helm', type: 'bool', unsimulated: true },
  { name: 'env', short: 'e', type: 'stringSlice', unsimulated: true },
  { name: 'helm-api-versions', type: 'stringSlice', unsimulated: true },
  { name: 'helm-command', type: 'string', default: 'helm', unsimulated: true },
  { name: 'helm-debug', type: 'bool', unsimulated: true },
  { name: 'helm-kube-version', type: 'string', unsimulated: true },
  { name: 'load-restrictor', type: 'string', default: 'LoadRestrictionsRootOnly' },
  { name: 'mount', type: 'stringArray', unsimulated: true },
  { name: 'network', type: 'bool', unsimulated: true },
  { name: 'network-name', type: 'string', default: 'bridge', unsimulated: true },
  { name: 'output', short: 'o', type: 'string' },
];

/** The objects a `-k DIR` names, built as `kubectl kustomize DIR` builds them; kustomize's errors as kubectl's. */
export function buildKustomization(ctx: Pick<KubectlContext, 'cwd' | 'err'>, dir: string, restrictRoot = true): Record<string, unknown>[] {
  try {
    return kustomizeBuild(path.resolve(ctx.cwd, dir), dir, { restrictRoot, warn: (line) => ctx.err(`${line}\n`) });
  } catch (e) {
    if (e instanceof KustomizeError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
}

function fileNameOf(o: Record<string, unknown>): string {
  const av = String(o.apiVersion ?? '');
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  return `${av.replace('/', '_')}_${String(o.kind ?? '')}_${String(md.name ?? '')}.yaml`.toLowerCase();
}

async function run(ctx: KubectlContext, args: ParsedArgs): Promise<number> {
  if (args.args.length > 1) throw new KubectlError('error: specify one path to kustomization.yaml');
  const restrictor = str(args, 'load-restrictor');
  if (restrictor !== 'LoadRestrictionsRootOnly' && restrictor !== 'LoadRestrictionsNone') {
    throw new KubectlError(`error: illegal flag value --load-restrictor ${restrictor}; legal values: [LoadRestrictionsRootOnly LoadRestrictionsNone]`);
  }
  void list;
  const objects = buildKustomization(ctx, args.args[0] ?? '.', restrictor === 'LoadRestrictionsRootOnly');
  const out = str(args, 'output');
  if (!out) {
    ctx.out(kustomizeYaml(objects));
    return 0;
  }
  const abs = path.resolve(ctx.cwd, out);
  if (fs.existsSync(abs) && fs.statSync(abs).isDirectory()) {
    for (const o of objects) fs.writeFileSync(path.join(abs, fileNameOf(o)), toYaml(o));
    return 0;
  }
  if (!fs.existsSync(path.dirname(abs))) throw new KubectlError(`error: open ${out}: no such file or directory`);
  fs.writeFileSync(abs, kustomizeYaml(objects));
  return 0;
}

const verb: Verb = { name: 'kustomize', flags: FLAGS, readOnly: true, run };
export default verb;

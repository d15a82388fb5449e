// `kubectl version`: client, kustomize and server versions as text, YAML or JSON (cmd/version/version.go).

import type { KubectlContext, Verb } from '../context.js';
import { KubectlError } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export const KUSTOMIZE_VERSION = 'v5.5.0';

/** Build metadata of released Kubernetes versions kubesim can claim to be. */
const BUILDS: Record<string, { gitCommit: string; buildDate: string; goVersion: string }> = {
  'v1.32.2': { gitCommit: '67a30c0adcf52bd3f56ff0893ce19966be12991f', buildDate: '2025-02-12T21:19:47Z', goVersion: 'go1.23.6' },
  'v1.32.5': { gitCommit: '9894294ef13a5b32803e3ca2c0d620a088cc84d1', buildDate: '2025-05-15T09:12:10Z', goVersion: 'go1.23.8' },
};

/** The client kubesim is: stock kubectl v1.32.5 (the oracle binary), whatever the cluster's server version. */
export const CLIENT_VERSION = 'v1.32.5';

/** version.Info for a `vMAJOR.MINOR.PATCH` release. */
export function versionInfo(gitVersion: string): VersionInfo {
  const m = /^v(\d+)\.(\d+)/.exec(gitVersion);
  const build = BUILDS[gitVersion] ?? { gitCommit: '0000000000000000000000000000000000000000', buildDate: '1970-01-01T00:00:00Z', goVersion: 'go1.23.6' };
  return {
    major: m ? m[1] : '',
    minor: m ? m[2] : '',
    gitVersion,
    gitCommit: build.gitCommit,
    gitTreeState: 'clean',
    buildDate: build.buildDate,
    goVersion: build.goVersion,
    compiler: 'gc',
    platform: 'linux/amd64',
  };
}

/** Go yaml of a version.Info block (keys sorted, strings that look like numbers or times quoted). */
function yamlInfo(info: VersionInfo): string {
  const q = (s: string) => (/^\d+$/.test(s) || /^\d{4}-\d\d-\d\dT/.test(s) || s === '' ? `"${s}"` : s);
  const keys = Object.keys(info).sort() as Array<keyof VersionInfo>;
  return keys.map((k) => `  ${k}: ${q(info[k])}\n`).join('');
}

export interface VersionOutput {
  clientVersion: VersionInfo;
  kustomizeVersion: string;
  serverVersion?: VersionInfo;
}

/** The text `kubectl version [-o yaml|json]` prints. */
export function renderVersion(v: VersionOutput, output: string): string {
  if (output === 'json') return JSON.stringify(v, null, 2) + '\n';
  if (output === 'yaml') {
    let s = `clientVersion:\n${yamlInfo(v.clientVersion)}kustomizeVersion: ${v.kustomizeVersion}\n`;
    if (v.serverVersion) s += `serverVersion:\n${yamlInfo(v.serverVersion)}`;
    return s + '\n';
  }
  let s = `Client Version: ${v.clientVersion.gitVersion}\nKustomize Version: ${v.kustomizeVersion}\n`;
  if (v.serverVersion) s += `Server Version: ${v.serverVersion.gitVersion}\n`;
  return s;
}

const verb: Verb = {
  name: 'version',
  readOnly: true,
  flags: [
    { name: 'client', type: 'bool' },
    { name: 'output', short: 'o', type: 'string' },
  ],
  run(ctx: KubectlContext, args: ParsedArgs) {
    const output = str(args, 'output');
    if (output !== '' && output !== 'yaml' && output !== 'json') throw new KubectlError("error: --output must be 'yaml' or 'json'");
    const gv = ctx.cluster.config.kubernetesVersion;
    const v: VersionOutput = { clientVersion: versionInfo(CLIENT_VERSION), kustomizeVersion: KUSTOMIZE_VERSION };
    if (!bool(args, 'client')) v.serverVersion = versionInfo(gv);
    ctx.out(renderVersion(v, output));
  },
};

export default verb;

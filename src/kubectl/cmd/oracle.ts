// Test support: the stock kubectl v1.32 binary (beside the `kubectl` dispatcher on PATH, as kubectl.1.32) run with
// a throwaway kubeconfig that points at an unreachable server, for client-only commands (`--dry-run=client`,
// flag errors). undefined when the binary is absent (tests skip with a message).

import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function findOracle(): string | undefined {
  try {
    const dispatcher = execFileSync('sh', ['-c', 'readlink -f "$(command -v kubectl)"'], { encoding: 'utf8' }).trim();
    const bin = path.join(path.dirname(dispatcher), 'kubectl.1.32');
    return dispatcher && fs.existsSync(bin) ? bin : undefined;
  } catch {
    return undefined;
  }
}

const BIN = findOracle();
if (!BIN) console.warn('stock kubectl.1.32 not found: skipping the comparisons with it');

let kubeconfig: string | undefined;
function config(): string {
  if (kubeconfig) return kubeconfig;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-oracle-'));
  kubeconfig = path.join(dir, 'config');
  fs.writeFileSync(
    kubeconfig,
    'apiVersion: v1\nkind: Config\nclusters:\n- cluster: {server: "https://127.0.0.1:1"}\n  name: c\ncontexts:\n- context: {cluster: c, user: u}\n  name: c\ncurrent-context: c\nusers:\n- name: u\n  user: {token: x}\n',
  );
  return kubeconfig;
}

export type OracleRun = (args: string[], cwd?: string) => { out: string; err: string; code: number };

export const oracleKubectl: OracleRun | undefined = BIN
  ? (args, cwd) => {
      const r = spawnSync(BIN, args, { encoding: 'utf8', cwd, timeout: 20000, input: '', env: { ...process.env, KUBECONFIG: config() } });
      return { out: r.stdout, err: r.stderr, code: r.status ?? -1 };
    }
  : undefined;

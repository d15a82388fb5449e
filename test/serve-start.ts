// Starts `kubesim serve --port 0` for an e2e test and resolves once it has printed its address and the kubeconfig
// line (the serve e2e tests share this; each keeps its own cluster home), and watches a child's output.

import { spawn, type ChildProcess } from 'node:child_process';

export async function startServe(bin: string, env: NodeJS.ProcessEnv): Promise<{ server: ChildProcess; port: number }> {
  const server = spawn(process.execPath, [bin, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    server.stdout!.on('data', (c) => {
      out += c;
      const m = /https:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (m && out.includes('export KUBECONFIG=')) resolve(Number(m[1]));
    });
    server.on('exit', (code) => reject(new Error(`kubesim serve exited with ${code}`)));
  });
  return { server, port };
}

/** output of a child (stdout and stderr, or stdout alone), and a promise for the first time it matches */
export function watchOut(child: ChildProcess, streams: 'both' | 'stdout' = 'both'): (re: RegExp) => Promise<string> {
  let out = '';
  const waiters: Array<() => void> = [];
  const on = (c: Buffer) => ((out += c), waiters.splice(0).forEach((w) => w()));
  child.stdout!.on('data', on);
  if (streams === 'both') child.stderr?.on('data', on);
  child.on('exit', () => waiters.splice(0).forEach((w) => w()));
  return (re) =>
    new Promise((resolve, reject) => {
      const check = () => {
        if (re.test(out)) return resolve(out);
        if (child.exitCode !== null) return reject(new Error(`exited ${child.exitCode}: ${out}`));
        waiters.push(check);
      };
      check();
    });
}

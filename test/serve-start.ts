// Starts `kubesim serve --port 0` for an e2e test and resolves once it has printed its address and the kubeconfig
// line (the serve e2e tests share this; each keeps its own cluster home).

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

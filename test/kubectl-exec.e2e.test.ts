// Through the CLI dispatcher (the top layer), so it lives in test/ rather than beside the lower-layer code it covers.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../src/cli/dispatch.js';
import { Session } from '../src/cli/session.js';
import { buildConfig } from '../src/cluster/state/config.js';
import type { CommandIO } from '../src/kubectl/context.js';

function newSession(): Session {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-exec-'));
  return new Session({ home, persistent: false, defaultConfig: () => buildConfig({ seed: 7, clock: 'virtual' }) });
}

async function sh(session: Session, line: string, extra: Partial<CommandIO> = {}): Promise<{ out: string; err: string; code: number }> {
  let out = '';
  let err = '';
  const io: CommandIO = { out: (t) => void (out += t), err: (t) => void (err += t), stdin: undefined, isTTY: false, env: {}, cwd: '/', ...extra };
  const argv = line.match(/'[^']*'|"[^"]*"|\S+/g)!.map((w) => w.replace(/^'(.*)'$/, '$1').replace(/^"(.*)"$/, '$1'));
  const code = await dispatch(argv, session, io);
  return { out, err, code };
}

async function lab(): Promise<Session> {
  const s = newSession();
  await sh(s, 'kubectl create deployment website --replicas=3 --image=httpd');
  // the website pods start before their Service exists (so their env has no WEBSITE_ variables)
  await sh(s, 'kubesim clock advance 30s');
  await sh(s, 'kubectl expose deployment website --port=80');
  await sh(s, 'kubectl run client --image=busybox --restart=Never -- sleep 3600');
  await sh(s, 'kubesim clock advance 30s');
  return s;
}

describe('kubectl exec into simulated containers (seed 002 busybox session)', () => {
  it('wget -qO - website goes through the service and returns the httpd page', async () => {
    const s = await lab();
    expect(await sh(s, 'kubectl exec client -- wget -qO - website')).toEqual({ out: '<html><body><h1>It works!</h1></body></html>\n', err: '', code: 0 });
    expect((await sh(s, 'kubectl exec client -- wget -qO - website.default')).out).toBe('<html><body><h1>It works!</h1></body></html>\n');
    expect(await sh(s, 'kubectl exec client -- wget -qO - website.kube-system')).toEqual({
      out: '',
      err: "wget: bad address 'website.kube-system'\ncommand terminated with exit code 1\n",
      code: 1,
    });
  });

  it('nslookup website: busybox 1.36 format with the search-list "No answer" lines', async () => {
    const s = await lab();
    const svcIP = (await sh(s, "kubectl get svc website -o jsonpath={.spec.clusterIP}")).out;
    const r = await sh(s, 'kubectl exec client -- nslookup website');
    expect(r.out).toBe(
      `Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\twebsite.default.svc.cluster.local\nAddress: ${svcIP}\n\n` +
        "*** Can't find website.svc.cluster.local: No answer\n*** Can't find website.cluster.local: No answer\n" +
        "*** Can't find website.default.svc.cluster.local: No answer\n*** Can't find website.svc.cluster.local: No answer\n*** Can't find website.cluster.local: No answer\n\n",
    );
    expect(r.code).toBe(0);
    const k = await sh(s, 'kubectl exec client -- nslookup kubernetes.default');
    expect(k.out).toBe("Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\n** server can't find kubernetes.default: NXDOMAIN\n\n*** Can't find kubernetes.default: No answer\n\n");
    expect(k.err).toBe('command terminated with exit code 1\n');
    expect(k.code).toBe(1);
  });

  it('resolv.conf, env vars of services that existed at start, missing ones for later services', async () => {
    const s = await lab();
    expect((await sh(s, 'kubectl exec client -- cat /etc/resolv.conf')).out).toBe('search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\noptions ndots:5\n');
    const svcIP = (await sh(s, 'kubectl get svc website -o jsonpath={.spec.clusterIP}')).out;
    const env = (await sh(s, 'kubectl exec client -- env')).out.split('\n');
    expect(env[0]).toBe('PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(env[1]).toBe('HOSTNAME=client');
    expect(env).toContain(`WEBSITE_SERVICE_HOST=${svcIP}`);
    expect(env).toContain(`WEBSITE_PORT_80_TCP=tcp://${svcIP}:80`);
    expect(env).toContain('KUBERNETES_SERVICE_PORT_HTTPS=443');
    expect(env.at(-2)).toBe('HOME=/root');
    await sh(s, 'kubectl create deployment late --image=nginx');
    await sh(s, 'kubectl expose deployment late --port=8080 --target-port=80');
    expect((await sh(s, 'kubectl exec client -- printenv LATE_SERVICE_HOST')).code).toBe(1);
    // the website pods started before the website service: no WEBSITE_ variables there
    const pod = (await sh(s, 'kubectl get pods -l app=website -o jsonpath={.items[0].metadata.name}')).out;
    expect((await sh(s, `kubectl exec ${pod} -- env`)).out).not.toContain('WEBSITE_');
  });

  it('shell features, unknown commands, exit codes', async () => {
    const s = await lab();
    expect(await sh(s, "kubectl exec client -- sh -c 'echo $HOSTNAME && false || echo fallback; env | grep -c KUBERNETES_'")).toEqual({ out: 'client\nfallback\n8\n', err: '', code: 0 });
    expect(await sh(s, 'kubectl exec client -- sh -c curl')).toEqual({ out: '', err: 'sh: curl: not found\ncommand terminated with exit code 127\n', code: 127 });
    expect(await sh(s, 'kubectl exec client -- curl website')).toEqual({
      out: '',
      err: 'OCI runtime exec failed: exec failed: unable to start container process: exec: "curl": executable file not found in $PATH: unknown\ncommand terminated with exit code 126\n',
      code: 126,
    });
    expect((await sh(s, 'kubectl exec client -- hostname')).out).toBe('client\n');
  });

  it("kubectl's errors", async () => {
    const s = await lab();
    expect(await sh(s, 'kubectl exec nope -- ls')).toEqual({ out: '', err: 'Error from server (NotFound): pods "nope" not found\n', code: 1 });
    expect((await sh(s, 'kubectl exec client -c other -- ls')).err).toBe('Error from server (BadRequest): container other is not valid for pod client\n');
    expect((await sh(s, 'kubectl exec client')).err).toBe('error: you must specify at least one command for the container\n');
    expect((await sh(s, 'kubectl exec client ls')).err).toBe("error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n");
    expect((await sh(s, 'kubectl exec')).err).toBe('error: pod, type/name or --filename must be specified\n');
  });

  it('exec -it sh with piped stdin: no TTY, lines run in order', async () => {
    const s = await lab();
    const r = await sh(s, 'kubectl exec -it client -- sh', { stdin: 'wget -qO- website\nexit 3\necho never\n' });
    expect(r).toEqual({
      out: '<html><body><h1>It works!</h1></body></html>\n',
      err: 'Unable to use a TTY - input is not a terminal or the right kind of file\ncommand terminated with exit code 3\n',
      code: 3,
    });
  });

  it('run -it client --image=busybox on a terminal: banner, / # prompt, resume hint', async () => {
    const s = await lab();
    const lines = ['wget -qO - website', 'exit'];
    const prompts: string[] = [];
    const r = await sh(s, 'kubectl run -it client2 --image=busybox', {
      readLine: async (p) => {
        prompts.push(p);
        return lines.shift() ?? null;
      },
    });
    expect(prompts).toEqual(['/ # ', '/ # ']);
    expect(r.err).toBe("If you don't see a command prompt, try pressing enter.\n");
    expect(r.out).toBe("<html><body><h1>It works!</h1></body></html>\nSession ended, resume using 'kubectl attach client2 -c client2 -i -t' command when the pod is running\n");
  });
});

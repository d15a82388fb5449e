import { describe, expect, it } from 'vitest';
import { Session } from '../cli/session.js';
import { dispatch } from '../cli/dispatch.js';
import { buildConfig } from '../cluster/state/config.js';

async function run(session: Session, argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await dispatch(argv, session, { out: (t) => (out += t), err: (t) => (err += t), isTTY: false, env: {}, cwd: '/' });
  return { code, out, err };
}

describe('process tools of a node', () => {
  it('ps aux lists the kubelet, kube-proxy and the pods of that node, not this machine', async () => {
    const s = new Session({ home: '/nonexistent', persistent: false, defaultConfig: () => buildConfig({ seed: 3, clock: 'virtual' }) });
    await run(s, ['create', 'deployment', 'web', '--image=nginx', '--replicas=3']);
    await run(s, ['clock', 'advance', '60s']);
    const r = await run(s, ['ps', 'aux', '--node', 'kubesim-worker']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines[0]).toBe('USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND');
    expect(lines.some((l) => l.includes('/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf') && l.includes('--node-ip=172.18.0.3'))).toBe(true);
    expect(lines.some((l) => l.endsWith('/usr/local/bin/kube-proxy --config=/var/lib/kube-proxy/config.conf --hostname-override=$(NODE_NAME)'))).toBe(true);
    expect(lines.filter((l) => l.endsWith('nginx: master process nginx -g daemon off;')).length).toBeGreaterThan(0);
    expect(lines.some((l) => l.includes('kube-apiserver'))).toBe(false);
    const ef = await run(s, ['ps', '-ef']);
    expect(ef.out.split('\n')[0]).toBe('UID          PID    PPID  C STIME TTY          TIME CMD');
    const bad = await run(s, ['ps', '-o', 'pid']);
    expect([bad.code, bad.err]).toEqual([1, 'kubesim: "ps -o pid" is not simulated (ps aux and ps -ef are)\n']);
  });
  it('ipvsadm shows the empty IPVS table of an iptables-mode node', async () => {
    const s = new Session({ home: '/nonexistent', persistent: false, defaultConfig: () => buildConfig({ seed: 3, clock: 'virtual' }) });
    const r = await run(s, ['ipvsadm', '-Ln']);
    expect([r.code, r.out]).toEqual([0, 'IP Virtual Server version 1.2.1 (size=4096)\nProt LocalAddress:Port Scheduler Flags\n  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn\n']);
  });
});

// argv handling and errors of `iptables` / `iptables-save` on a simulated node.
import { describe, expect, it } from 'vitest';
import { renderIptables } from '../../cluster/network/iptables/render.js';
import { emptyCounters } from '../../cluster/network/iptables/counters.js';
import { makeService, makeSlice, p80, upstreamInput, upstreamTestConfig } from '../../cluster/network/iptables/testutil.js';
import { runIptablesCommand, runIptablesSaveCommand } from './command.js';

const config = upstreamTestConfig();
config.iptables = { ...config.iptables, nfacct: false, version: '1.8.9' };
const svc = makeService('ns1', 'svc1', { type: 'NodePort', clusterIP: '172.30.0.41', ports: [{ name: 'p80', port: 80, protocol: 'TCP', nodePort: 3001 }] });
const rs = renderIptables(upstreamInput([svc], [makeSlice('ns1', 'svc1', 1, [{ addresses: ['10.180.0.1'] }], [p80()])], config));
const ctx = { ruleset: rs, counters: emptyCounters(), now: new Date(Date.UTC(2025, 0, 5, 3, 4, 5)), config };
const run = (...a: string[]) => runIptablesCommand(a, ctx);

describe('iptables -L / -S', () => {
  it('-t nat -L KUBE-NODEPORTS -n -v --line-numbers (1.8.9 numeric protocol)', () => {
    expect(run('-t', 'nat', '-L', 'KUBE-NODEPORTS', '-n', '-v', '--line-numbers')).toEqual({
      stdout:
        'Chain KUBE-NODEPORTS (1 references)\n' +
        'num   pkts bytes target     prot opt in     out     source               destination         \n' +
        '1        0     0 KUBE-EXT-XPGD46QRK7WJZT7O  6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* ns1/svc1:p80 */ tcp dpt:3001\n',
      stderr: '',
      code: 0,
    });
  });
  it('combined flags -nvL and --table=nat give the same output', () => {
    expect(run('-nvL', 'KUBE-NODEPORTS', '--table=nat').stdout).toBe(run('-t', 'nat', '-L', 'KUBE-NODEPORTS', '-v', '-n').stdout);
  });
  it('without -n: names, anywhere, service names for ports', () => {
    expect(run('-t', 'nat', '-L', 'KUBE-SERVICES').stdout).toBe(
      'Chain KUBE-SERVICES (2 references)\n' +
        'target     prot opt source               destination         \n' +
        'KUBE-SVC-XPGD46QRK7WJZT7O  tcp  --  anywhere             172.30.0.41          /* ns1/svc1:p80 cluster IP */ tcp dpt:http\n' +
        'KUBE-NODEPORTS  all  --  anywhere             anywhere             /* kubernetes service nodeports; NOTE: this must be the last rule in this chain */ ADDRTYPE match dst-type LOCAL\n',
    );
  });
  it('-x prints exact counters', () => {
    const counters = emptyCounters();
    counters.policies['filter/INPUT'] = { packets: 123456, bytes: 98765432 };
    const r = runIptablesCommand(['-L', 'INPUT', '-v', '-x', '-n'], { ...ctx, counters });
    expect(r.stdout.split('\n').slice(0, 2)).toEqual([
      'Chain INPUT (policy ACCEPT 123456 packets, 98765432 bytes)',
      '    pkts      bytes target     prot opt in     out     source               destination         ',
    ]);
    const k = runIptablesCommand(['-L', 'INPUT', '-v', '-n'], { ...ctx, counters });
    expect(k.stdout.split('\n')[0]).toBe('Chain INPUT (policy ACCEPT 123K packets, 99M bytes)');
  });
  it('-S KUBE-NODEPORTS and -S of a built-in chain', () => {
    expect(run('-t', 'nat', '-S', 'KUBE-NODEPORTS').stdout).toBe(
      '-N KUBE-NODEPORTS\n-A KUBE-NODEPORTS -p tcp -m comment --comment "ns1/svc1:p80" -m tcp --dport 3001 -j KUBE-EXT-XPGD46QRK7WJZT7O\n',
    );
    expect(run('-S', 'INPUT').stdout).toBe(
      '-P INPUT ACCEPT\n' +
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL\n' +
        '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS\n' +
        '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES\n' +
        '-A INPUT -j KUBE-FIREWALL\n',
    );
    expect(run('-t', 'mangle', '-S').stdout).toBe(
      '-P PREROUTING ACCEPT\n-P INPUT ACCEPT\n-P FORWARD ACCEPT\n-P OUTPUT ACCEPT\n-P POSTROUTING ACCEPT\n-N KUBE-IPTABLES-HINT\n-N KUBE-KUBELET-CANARY\n-N KUBE-PROXY-CANARY\n',
    );
  });
  it('a valid table the node has not created lists its empty built-in chains', () => {
    expect(run('-t', 'raw', '-L', '-n').stdout).toBe(
      'Chain PREROUTING (policy ACCEPT)\ntarget     prot opt source               destination         \n\n' +
        'Chain OUTPUT (policy ACCEPT)\ntarget     prot opt source               destination         \n',
    );
  });
});

describe('errors', () => {
  it('unknown chain', () => {
    expect(run('-t', 'nat', '-L', 'NOPE')).toEqual({ stdout: '', stderr: 'iptables: No chain/target/match by that name.\n', code: 1 });
    expect(run('-S', 'KUBE-SVC-XPGD46QRK7WJZT7O').code).toBe(1); // a nat chain asked in filter
  });
  it('unknown table (nf_tables and legacy)', () => {
    expect(run('-t', 'foo', '-L')).toEqual({
      stdout: '',
      stderr: "iptables v1.8.9 (nf_tables): table 'foo' does not exist\nPerhaps iptables or your kernel needs to be upgraded.\n",
      code: 3,
    });
    const legacy = { ...config, iptables: { ...config.iptables, backend: 'legacy' as const } };
    expect(runIptablesCommand(['-t', 'foo', '-L'], { ...ctx, config: legacy }).stderr).toBe(
      "iptables v1.8.9 (legacy): can't initialize iptables table `foo': Table does not exist (do you need to insmod?)\nPerhaps iptables or your kernel needs to be upgraded.\n",
    );
  });
  it('no command, bad option', () => {
    expect(run('-n')).toEqual({
      stdout: '',
      stderr: "iptables v1.8.9 (nf_tables): no command specified\nTry `iptables -h' or 'iptables --help' for more information.\n",
      code: 2,
    });
    expect(run('-L', '--bogus').code).toBe(2);
  });
});

describe('iptables-save', () => {
  it('-t nat header, footer and ctime date', () => {
    const r = runIptablesSaveCommand(['-t', 'nat'], ctx);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe('# Generated by iptables-save v1.8.9 (nf_tables) on Sun Jan  5 03:04:05 2025');
    expect(lines[1]).toBe('*nat');
    expect(lines.at(-2)).toBe('# Completed on Sun Jan  5 03:04:05 2025');
    expect(r.stdout.endsWith('COMMIT\n# Completed on Sun Jan  5 03:04:05 2025\n')).toBe(true);
  });
  it('all tables in mangle, filter, nat order (nf_tables); mangle, nat, filter and plain header (legacy, as seed 000)', () => {
    const nft = runIptablesSaveCommand([], ctx).stdout;
    expect(nft.split('\n').filter((l) => l.startsWith('*'))).toEqual(['*mangle', '*filter', '*nat']);
    const legacy = { ...config, iptables: { ...config.iptables, backend: 'legacy' as const, version: '1.8.7' } };
    const out = runIptablesSaveCommand([], { ...ctx, config: legacy }).stdout;
    expect(out.split('\n').filter((l) => l.startsWith('*'))).toEqual(['*mangle', '*nat', '*filter']);
    expect(out.split('\n')[0]).toBe('# Generated by iptables-save v1.8.7 on Sun Jan  5 03:04:05 2025');
  });
  it('-c prefixes rules with counters', () => {
    const out = runIptablesSaveCommand(['-c', '-t', 'filter'], ctx).stdout;
    expect(out).toContain('\n[0:0] -A INPUT -j KUBE-FIREWALL\n');
  });
  it('missing table', () => {
    expect(runIptablesSaveCommand(['-t', 'raw'], ctx)).toEqual({ stdout: "Table `raw' does not exist\n", stderr: '', code: 1 });
  });
});

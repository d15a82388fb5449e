import { describe, expect, it } from 'vitest';
import { rule, type RuleBuilder } from './builder.js';

// Every builder call with the restore-syntax text kube-proxy writes for it (the reference the rebuilt arguments
// must equal, joined by spaces).
type Call = [apply: (b: RuleBuilder) => unknown, text: string];
const CALLS: Call[] = [
  [(b) => b.comment('ns/svc:p cluster IP'), '-m comment --comment "ns/svc:p cluster IP"'],
  [(b) => b.comment('ns/svc:p', false), '-m comment --comment ns/svc:p'],
  [(b) => b.protocol('tcp'), '-m tcp -p tcp'],
  [(b) => b.protocol('udp'), '-m udp -p udp'],
  [(b) => b.protoOnly('sctp'), '-p sctp'],
  [(b) => b.dport(80), '--dport 80'],
  [(b) => b.dport(30080), '--dport 30080'],
  [(b) => b.d('10.96.0.1'), '-d 10.96.0.1'],
  [(b) => b.d('127.0.0.0/8', true), '! -d 127.0.0.0/8'],
  [(b) => b.d('10.0.0.1/32'), '-d 10.0.0.1/32'],
  [(b) => b.d('10.0.0.2', true), '! -d 10.0.0.2'],
  [(b) => b.s('10.244.1.5'), '-s 10.244.1.5'],
  [(b) => b.s('10.0.0.0/8', true), '! -s 10.0.0.0/8'],
  [(b) => b.s('203.0.113.0/24'), '-s 203.0.113.0/24'],
  [(b) => b.s('1.2.3.4', true), '! -s 1.2.3.4'],
  [(b) => b.statistic(3), '-m statistic --mode random --probability 0.3333333333'],
  [(b) => b.statistic(7), '-m statistic --mode random --probability 0.1428571429'],
  [(b) => b.recentCheck('KUBE-SEP-ABC', 10800), '-m recent --name KUBE-SEP-ABC --rcheck --seconds 10800 --reap'],
  [(b) => b.recentSet('KUBE-SEP-ABC'), '-m recent --name KUBE-SEP-ABC --set'],
  [(b) => b.mark(0x4000, 0x4000, true, '0x4000'), '-m mark ! --mark 0x4000/0x4000'],
  [(b) => b.mark(0x4000, 0x4000, false, '0x00004000'), '-m mark --mark 0x00004000/0x00004000'],
  [(b) => b.addrtype('src', 'LOCAL'), '-m addrtype --src-type LOCAL'],
  [(b) => b.addrtype('dst', 'LOCAL'), '-m addrtype --dst-type LOCAL'],
  [(b) => b.conntrack(['RELATED', 'ESTABLISHED', 'DNAT'], true), '-m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT'],
  [(b) => b.conntrack(['NEW']), '-m conntrack --ctstate NEW'],
  [(b) => b.nfacct('localhost_nps_accepted_pkts'), '-m nfacct --nfacct-name localhost_nps_accepted_pkts'],
  [(b) => b.jump('KUBE-MARK-MASQ'), '-j KUBE-MARK-MASQ'],
  [(b) => b.jump('DROP'), '-j DROP'],
  [(b) => b.jump('KUBE-SVC-XYZ'), '-j KUBE-SVC-XYZ'],
  [(b) => b.reject(), '-j REJECT'],
  [(b) => b.dnat('10.244.1.5', 8080), '-j DNAT --to-destination 10.244.1.5:8080'],
  [(b) => b.masquerade(true), '-j MASQUERADE --random-fully'],
  [(b) => b.masquerade(false), '-j MASQUERADE'],
  [(b) => b.markTarget('or', 0x4000, '0x4000'), '-j MARK --or-mark 0x4000'],
  [(b) => b.markTarget('xor', 0x4000, '0x4000'), '-j MARK --xor-mark 0x4000'],
  [(b) => b.markTarget('or', 0x4000, '0x04000'), '-j MARK --or-mark 0x04000'],
];

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

describe('RuleBuilder arguments', () => {
  it('rebuilt from the fields equal the text of the calls, for random call sequences (repeats included)', () => {
    const r = lcg(3);
    for (let i = 0; i < 5000; i++) {
      const n = 1 + Math.floor(r() * 7);
      const b = rule();
      const texts: string[] = [];
      for (let j = 0; j < n; j++) {
        const [apply, text] = CALLS[Math.floor(r() * CALLS.length)]!;
        apply(b);
        texts.push(text);
      }
      const want = texts.join(' ');
      expect(b.args).toBe(want);
      const built = b.build('nat:KUBE-SVC-X:', true);
      expect(built.args).toBe(want);
      expect(built.id).toBe('nat:KUBE-SVC-X:' + want);
      expect(b.build('fixed').id).toBe('fixed');
    }
  });
  it('keeps the structured fields of kube-proxy rules', () => {
    const x = rule().comment('ns/s:p cluster IP').protocol('tcp').d('10.96.0.10').dport(53).s('10.0.0.0/8', true).jump('KUBE-MARK-MASQ').build();
    expect(x.args).toBe('-m comment --comment "ns/s:p cluster IP" -m tcp -p tcp -d 10.96.0.10 --dport 53 ! -s 10.0.0.0/8 -j KUBE-MARK-MASQ');
    expect(x.dst).toEqual({ cidr: '10.96.0.10/32', invert: false });
    expect(x.src).toEqual({ cidr: '10.0.0.0/8', invert: true });
    expect(x.proto).toBe('tcp');
    expect(x.matches).toEqual([{ m: 'comment', comment: 'ns/s:p cluster IP' }, { m: 'proto', proto: 'tcp', dport: 53 }]);
    expect(x.target).toEqual({ t: 'chain', chain: 'KUBE-MARK-MASQ' });
  });
});

// Builds one rule the way kube-proxy writes it: appends restore-syntax arguments in kube-proxy's order while
// filling the structured fields (addresses, protocol, matches, target) a dataplane evaluates.

import type { AddrMatch, Match, Proto, Rule, Target } from './model.js';

/** Addresses given to the builder are canonical already (the renderer canonicalises inputs): a bare IP is /32. */
function withPrefix(addr: string): string {
  return addr.includes('/') ? addr : addr + '/32';
}

/** kube-proxy quotes comments itself when they contain spaces; `%q`-free, plain double quotes. */
function restoreComment(c: string, quoted: boolean): string {
  return quoted ? `"${c}"` : c;
}

const probCache: string[] = [];
/** kube-proxy's `%0.10f` of 1/n */
function probabilityText(n: number): string {
  return probCache[n] ?? (probCache[n] = (1 / n).toFixed(10));
}

export class RuleBuilder {
  private parts: string[] = [];
  private src?: AddrMatch;
  private dst?: AddrMatch;
  private proto?: Proto;
  private matches: Match[] = [];
  private protoMatch?: { m: 'proto'; proto: Proto; dport?: number };
  private target?: Target;

  /** `-m comment --comment "c"` (quoted) or `--comment c` (bare, as kube-proxy writes `<spn>`). */
  comment(c: string, quoted = true): this {
    this.parts.push('-m', 'comment', '--comment', restoreComment(c, quoted));
    this.matches.push({ m: 'comment', comment: c });
    return this;
  }

  /** `-m tcp -p tcp` */
  protocol(p: Proto): this {
    this.parts.push('-m', p, '-p', p);
    this.proto = p;
    this.protoMatch = { m: 'proto', proto: p };
    this.matches.push(this.protoMatch);
    return this;
  }

  /** `-p tcp` without a `-m tcp` module */
  protoOnly(p: Proto): this {
    this.parts.push('-p', p);
    this.proto = p;
    return this;
  }

  dport(port: number): this {
    this.parts.push('--dport', String(port));
    if (this.protoMatch) this.protoMatch.dport = port;
    return this;
  }

  d(addr: string, invert = false): this {
    if (invert) this.parts.push('!');
    this.parts.push('-d', addr);
    this.dst = { cidr: withPrefix(addr), invert };
    return this;
  }

  s(addr: string, invert = false): this {
    if (invert) this.parts.push('!');
    this.parts.push('-s', addr);
    this.src = { cidr: withPrefix(addr), invert };
    return this;
  }

  statistic(n: number): this {
    const text = probabilityText(n);
    this.parts.push('-m', 'statistic', '--mode', 'random', '--probability', text);
    this.matches.push({ m: 'statistic', probability: Number(text) });
    return this;
  }

  recentCheck(name: string, seconds: number): this {
    this.parts.push('-m', 'recent', '--name', name, '--rcheck', '--seconds', String(seconds), '--reap');
    this.matches.push({ m: 'recent', set: false, name, seconds, reap: true });
    return this;
  }

  recentSet(name: string): this {
    this.parts.push('-m', 'recent', '--name', name, '--set');
    this.matches.push({ m: 'recent', set: true, name });
    return this;
  }

  mark(value: number, mask: number, invert: boolean, hex: string): this {
    this.parts.push('-m', 'mark');
    if (invert) this.parts.push('!');
    this.parts.push('--mark', `${hex}/${hex}`);
    this.matches.push({ m: 'mark', value, mask, invert });
    return this;
  }

  addrtype(kind: 'src' | 'dst', type: string): this {
    this.parts.push('-m', 'addrtype', kind === 'src' ? '--src-type' : '--dst-type', type);
    this.matches.push(kind === 'src' ? { m: 'addrtype', srcType: type } : { m: 'addrtype', dstType: type });
    return this;
  }

  conntrack(states: string[], invert = false): this {
    this.parts.push('-m', 'conntrack');
    if (invert) this.parts.push('!');
    this.parts.push('--ctstate', states.join(','));
    this.matches.push({ m: 'conntrack', states, invert });
    return this;
  }

  nfacct(name: string): this {
    this.parts.push('-m', 'nfacct', '--nfacct-name', name);
    this.matches.push({ m: 'nfacct', name });
    return this;
  }

  jump(chain: string): this {
    this.parts.push('-j', chain);
    if (chain === 'ACCEPT' || chain === 'DROP' || chain === 'RETURN') this.target = { t: chain };
    else this.target = { t: 'chain', chain };
    return this;
  }

  reject(): this {
    this.parts.push('-j', 'REJECT');
    this.target = { t: 'REJECT', with: 'icmp-port-unreachable' };
    return this;
  }

  dnat(ip: string, port: number): this {
    this.parts.push('-j', 'DNAT', '--to-destination', `${ip}:${port}`);
    this.target = { t: 'DNAT', ip, port };
    return this;
  }

  masquerade(randomFully: boolean): this {
    this.parts.push('-j', 'MASQUERADE');
    if (randomFully) this.parts.push('--random-fully');
    this.target = { t: 'MASQUERADE', randomFully };
    return this;
  }

  markTarget(op: 'or' | 'xor', value: number, hex: string): this {
    this.parts.push('-j', 'MARK', op === 'or' ? '--or-mark' : '--xor-mark', hex);
    this.target = { t: 'MARK', op, value };
    return this;
  }

  /** The finished rule (id is assigned when it is appended to a chain). */
  build(): Omit<Rule, 'id'> {
    const r: Omit<Rule, 'id'> = { args: this.parts.join(' '), matches: this.matches };
    if (this.src) r.src = this.src;
    if (this.dst) r.dst = this.dst;
    if (this.proto) r.proto = this.proto;
    if (this.target) r.target = this.target;
    return r;
  }
}

export function rule(): RuleBuilder {
  return new RuleBuilder();
}

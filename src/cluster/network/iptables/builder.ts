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
const probValues: number[] = [];
/** kube-proxy's `%0.10f` of 1/n */
function probabilityText(n: number): string {
  return probCache[n] ?? (probCache[n] = (1 / n).toFixed(10));
}
/** Number(probabilityText(n)), one shared number per n */
function probabilityValue(n: number): number {
  return probValues[n] ?? (probValues[n] = Number(probabilityText(n)));
}

const statisticMatches: Match[] = [];
/** The (shared, frozen) `-m statistic` match of probability 1/n */
function statisticMatch(n: number): Match {
  return statisticMatches[n] ?? (statisticMatches[n] = Object.freeze({ m: 'statistic' as const, probability: probabilityValue(n) }));
}

/** Matches without parameters are shared by the rules that use them (frozen: rules are never mutated). */
const NO_MATCHES: Match[] = Object.freeze([]) as unknown as Match[];
const PROTO_MATCHES: Record<Proto, Match> = {
  tcp: Object.freeze({ m: 'proto' as const, proto: 'tcp' as const }),
  udp: Object.freeze({ m: 'proto' as const, proto: 'udp' as const }),
  sctp: Object.freeze({ m: 'proto' as const, proto: 'sctp' as const }),
};

/** Fixed targets are shared by every rule that jumps there (rules are never mutated once built). */
const BUILTIN_TARGETS = {
  ACCEPT: Object.freeze({ t: 'ACCEPT' as const }),
  DROP: Object.freeze({ t: 'DROP' as const }),
  RETURN: Object.freeze({ t: 'RETURN' as const }),
};
const MARK_MASQ_TARGET: Target = Object.freeze({ t: 'chain' as const, chain: 'KUBE-MARK-MASQ' });

/** A built rule: a class so that its fields live in the object (rules are many; this keeps them compact).
 *  Optional fields are only set when present, as on a plain object literal. */
class BuiltRule implements Rule {
  declare id: string;
  declare args: string;
  declare src?: AddrMatch;
  declare dst?: AddrMatch;
  declare proto?: Proto;
  declare matches: Match[];
  declare target?: Target;
  constructor(args: string, matches: Match[], src: AddrMatch | undefined, dst: AddrMatch | undefined, proto: Proto | undefined, target: Target | undefined, id: string) {
    this.args = args;
    this.matches = matches;
    if (src) this.src = src;
    if (dst) this.dst = dst;
    if (proto) this.proto = proto;
    if (target) this.target = target;
    this.id = id;
  }
  /** V8 sizes a class's objects from the first few it builds, among the shapes still alive: this one, built first
   *  with every field and kept, keeps all fields of every later rule inside the object (no property array). */
  static readonly shape = new BuiltRule('', [], { cidr: '', invert: false }, { cidr: '', invert: false }, 'tcp', { t: 'ACCEPT' }, '');
}

export class RuleBuilder {
  /** restore-syntax arguments so far, in groups (joined by single spaces) */
  private parts: string[] = [];
  private src?: AddrMatch;
  private dst?: AddrMatch;
  private proto?: Proto;
  private matches: Match[] = [];
  /** index in `matches` of the `-m tcp` match, which `--dport` completes */
  private protoIdx = -1;
  private target?: Target;

  private arg(text: string): void {
    this.parts.push(text);
  }

  /** `-m comment --comment "c"` (quoted) or `--comment c` (bare, as kube-proxy writes `<spn>`). */
  comment(c: string, quoted = true): this {
    this.arg(quoted ? '-m comment --comment "' + c + '"' : '-m comment --comment ' + c);
    this.matches.push({ m: 'comment', comment: c });
    return this;
  }

  /** `-m tcp -p tcp` */
  protocol(p: Proto): this {
    this.arg(`-m ${p} -p ${p}`);
    this.proto = p;
    this.protoIdx = this.matches.length;
    this.matches.push(PROTO_MATCHES[p]);
    return this;
  }

  /** `-p tcp` without a `-m tcp` module */
  protoOnly(p: Proto): this {
    this.arg('-p ' + p);
    this.proto = p;
    return this;
  }

  dport(port: number): this {
    this.arg('--dport ' + port);
    if (this.protoIdx >= 0) this.matches[this.protoIdx] = { m: 'proto', proto: this.proto!, dport: port };
    return this;
  }

  d(addr: string, invert = false): this {
    this.arg(invert ? '! -d ' + addr : '-d ' + addr);
    this.dst = { cidr: withPrefix(addr), invert };
    return this;
  }

  s(addr: string, invert = false): this {
    this.arg(invert ? '! -s ' + addr : '-s ' + addr);
    this.src = { cidr: withPrefix(addr), invert };
    return this;
  }

  statistic(n: number): this {
    this.arg('-m statistic --mode random --probability ' + probabilityText(n));
    this.matches.push(statisticMatch(n));
    return this;
  }

  recentCheck(name: string, seconds: number): this {
    this.arg(`-m recent --name ${name} --rcheck --seconds ${seconds} --reap`);
    this.matches.push({ m: 'recent', set: false, name, seconds, reap: true });
    return this;
  }

  recentSet(name: string): this {
    this.arg(`-m recent --name ${name} --set`);
    this.matches.push({ m: 'recent', set: true, name });
    return this;
  }

  mark(value: number, mask: number, invert: boolean, hex: string): this {
    this.arg((invert ? '-m mark ! --mark ' : '-m mark --mark ') + `${hex}/${hex}`);
    this.matches.push({ m: 'mark', value, mask, invert });
    return this;
  }

  addrtype(kind: 'src' | 'dst', type: string): this {
    this.arg((kind === 'src' ? '-m addrtype --src-type ' : '-m addrtype --dst-type ') + type);
    this.matches.push(kind === 'src' ? { m: 'addrtype', srcType: type } : { m: 'addrtype', dstType: type });
    return this;
  }

  conntrack(states: string[], invert = false): this {
    this.arg((invert ? '-m conntrack ! --ctstate ' : '-m conntrack --ctstate ') + states.join(','));
    this.matches.push({ m: 'conntrack', states, invert });
    return this;
  }

  nfacct(name: string): this {
    this.arg('-m nfacct --nfacct-name ' + name);
    this.matches.push({ m: 'nfacct', name });
    return this;
  }

  jump(chain: string): this {
    this.arg('-j ' + chain);
    if (chain === 'ACCEPT' || chain === 'DROP' || chain === 'RETURN') this.target = BUILTIN_TARGETS[chain];
    else if (chain === 'KUBE-MARK-MASQ') this.target = MARK_MASQ_TARGET;
    else this.target = { t: 'chain', chain };
    return this;
  }

  reject(): this {
    this.arg('-j REJECT');
    this.target = { t: 'REJECT', with: 'icmp-port-unreachable' };
    return this;
  }

  dnat(ip: string, port: number): this {
    this.arg(`-j DNAT --to-destination ${ip}:${port}`);
    this.target = { t: 'DNAT', ip, port };
    return this;
  }

  masquerade(randomFully: boolean): this {
    this.arg(randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE');
    this.target = { t: 'MASQUERADE', randomFully };
    return this;
  }

  markTarget(op: 'or' | 'xor', value: number, hex: string): this {
    this.arg((op === 'or' ? '-j MARK --or-mark ' : '-j MARK --xor-mark ') + hex);
    this.target = { t: 'MARK', op, value };
    return this;
  }

  /** The rule's restore-syntax arguments (what its identity is made of). */
  get args(): string {
    // join(): one flat string (repeated `+` would leave a rope of small pieces in every rule)
    return this.a ?? (this.a = this.parts.join(' '));
  }
  private a?: string;

  /** The finished rule with identity `id` (default: no identity yet; the chain assigns it when appending). */
  build(id = ''): Rule {
    // slice(): an exact-size copy, since a pushed-to array keeps room for 16 more entries (rules are many).
    const matches = this.matches.length === 0 ? NO_MATCHES : this.matches.slice();
    return new BuiltRule(this.args, matches, this.src, this.dst, this.proto, this.target, id);
  }
}

export function rule(): RuleBuilder {
  return new RuleBuilder();
}

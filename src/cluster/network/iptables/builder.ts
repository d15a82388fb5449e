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

const statisticExact: boolean[] = [];
/** Whether the statistic match of 1/n prints its probability back as probabilityText(n) (always, for 10 decimals). */
function statisticRebuildable(n: number): boolean {
  return (statisticExact[n] ??= probabilityValue(n).toFixed(10) === probabilityText(n));
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

const soleMatches = new Map<Match, Match[]>();
/** A one-match list: shared (frozen) for a shared match (-m tcp, -m statistic: most per-endpoint rules). */
function soleMatch(m: Match): Match[] {
  if (!Object.isFrozen(m)) return [m];
  let list = soleMatches.get(m);
  if (!list) soleMatches.set(m, (list = Object.freeze([m]) as unknown as Match[]));
  return list;
}

/** Fixed targets are shared by every rule that jumps there (rules are never mutated once built). */
const BUILTIN_TARGETS = {
  ACCEPT: Object.freeze({ t: 'ACCEPT' as const }),
  DROP: Object.freeze({ t: 'DROP' as const }),
  RETURN: Object.freeze({ t: 'RETURN' as const }),
};
const MARK_MASQ_TARGET: Target = Object.freeze({ t: 'chain' as const, chain: 'KUBE-MARK-MASQ' });

/** What a rule's arguments are rebuilt from: the structured fields plus the builder calls, one code each:
 *  c/C comment (quoted/bare), P `-m p -p p`, p `-p p`, o `--dport`, d/e/f/g `-d` (bare ip / as given / negated
 *  bare / negated as given), s/t/u/v the same for `-s`, z statistic, R/r recent check/set, M mark, A addrtype,
 *  K conntrack, N nfacct, j jump, J REJECT, T DNAT, Q MASQUERADE, X MARK. */
interface Parts {
  src?: AddrMatch;
  dst?: AddrMatch;
  proto?: Proto;
  matches: Match[];
  target?: Target;
}

function addrText(flag: string, a: AddrMatch, asGiven: boolean, invert: boolean): string {
  const text = asGiven ? a.cidr : a.cidr.slice(0, -3);
  return invert ? '! ' + flag + text : flag + text;
}

function hexOf(value: number): string {
  return '0x' + value.toString(16);
}

/** The restore-syntax arguments of builder calls `ops` over fields `r` (kube-proxy's text, joined by spaces). */
function argsText(ops: string, r: Parts): string {
  const out: string[] = [];
  let k = 0;
  let dport: number | undefined;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    switch (op) {
      case 'c':
      case 'C': {
        const m = r.matches[k++] as Extract<Match, { m: 'comment' }>;
        out.push(op === 'c' ? '-m comment --comment "' + m.comment + '"' : '-m comment --comment ' + m.comment);
        break;
      }
      case 'P': {
        const m = r.matches[k++] as Extract<Match, { m: 'proto' }>;
        dport = m.dport;
        out.push(`-m ${r.proto} -p ${r.proto}`);
        break;
      }
      case 'p':
        out.push('-p ' + r.proto);
        break;
      case 'o':
        out.push('--dport ' + dport);
        break;
      case 'd':
      case 'e':
      case 'f':
      case 'g':
        out.push(addrText('-d ', r.dst!, op === 'e' || op === 'g', op === 'f' || op === 'g'));
        break;
      case 's':
      case 't':
      case 'u':
      case 'v':
        out.push(addrText('-s ', r.src!, op === 't' || op === 'v', op === 'u' || op === 'v'));
        break;
      case 'z': {
        const m = r.matches[k++] as Extract<Match, { m: 'statistic' }>;
        out.push('-m statistic --mode random --probability ' + m.probability.toFixed(10));
        break;
      }
      case 'R': {
        const m = r.matches[k++] as Extract<Match, { m: 'recent' }>;
        out.push(`-m recent --name ${m.name} --rcheck --seconds ${m.seconds} --reap`);
        break;
      }
      case 'r': {
        const m = r.matches[k++] as Extract<Match, { m: 'recent' }>;
        out.push(`-m recent --name ${m.name} --set`);
        break;
      }
      case 'M': {
        const m = r.matches[k++] as Extract<Match, { m: 'mark' }>;
        const hex = hexOf(m.value);
        out.push((m.invert ? '-m mark ! --mark ' : '-m mark --mark ') + `${hex}/${hex}`);
        break;
      }
      case 'A': {
        const m = r.matches[k++] as Extract<Match, { m: 'addrtype' }>;
        out.push(m.srcType !== undefined ? '-m addrtype --src-type ' + m.srcType : '-m addrtype --dst-type ' + m.dstType);
        break;
      }
      case 'K': {
        const m = r.matches[k++] as Extract<Match, { m: 'conntrack' }>;
        out.push((m.invert ? '-m conntrack ! --ctstate ' : '-m conntrack --ctstate ') + m.states.join(','));
        break;
      }
      case 'N': {
        const m = r.matches[k++] as Extract<Match, { m: 'nfacct' }>;
        out.push('-m nfacct --nfacct-name ' + m.name);
        break;
      }
      case 'j': {
        const t = r.target!;
        out.push('-j ' + (t.t === 'chain' ? t.chain : t.t));
        break;
      }
      case 'J':
        out.push('-j REJECT');
        break;
      case 'T': {
        const t = r.target as Extract<Target, { t: 'DNAT' }>;
        out.push(`-j DNAT --to-destination ${t.ip}:${t.port}`);
        break;
      }
      case 'Q':
        out.push((r.target as Extract<Target, { t: 'MASQUERADE' }>).randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE');
        break;
      case 'X': {
        const t = r.target as Extract<Target, { t: 'MARK' }>;
        out.push((t.op === 'or' ? '-j MARK --or-mark ' : '-j MARK --xor-mark ') + hexOf(t.value));
        break;
      }
    }
  }
  return out.join(' ');
}

/** Builder-call layouts are few: one shared string per layout. */
const layouts = new Map<string, string>();
function internLayout(ops: string): string {
  let l = layouts.get(ops);
  if (l === undefined) layouts.set(ops, (l = ops));
  return l;
}

/**
 * A built rule. Its restore-syntax arguments (and the identity made from them) are rebuilt from the structured
 * fields on first read instead of being kept as strings in each of a big node's 100k+ rules. A class, so that its
 * fields live in the object; optional fields are only set when present, as on a plain object literal.
 */
class BuiltRule implements Rule {
  declare src?: AddrMatch;
  declare dst?: AddrMatch;
  declare proto?: Proto;
  declare matches: Match[];
  declare target?: Target;
  /** the arguments once known */
  private a: string | undefined;
  /** builder calls to rebuild the arguments from (when `a` is not known yet) */
  private l: string;
  /** the identity, or (while `p` is set) the part of it before the arguments */
  private i: string;
  private p: boolean;
  constructor(
    matches: Match[],
    src: AddrMatch | undefined,
    dst: AddrMatch | undefined,
    proto: Proto | undefined,
    target: Target | undefined,
    args: string | undefined,
    layout: string,
    id: string,
    idIsPrefix: boolean,
  ) {
    this.a = args;
    this.l = layout;
    this.i = id;
    this.p = idIsPrefix;
    this.matches = matches;
    if (src) this.src = src;
    if (dst) this.dst = dst;
    if (proto) this.proto = proto;
    if (target) this.target = target;
  }
  get args(): string {
    return (this.a ??= argsText(this.l, this));
  }
  get id(): string {
    if (this.p) {
      this.i = this.i + this.args;
      this.p = false;
    }
    return this.i;
  }
  /** V8 sizes a class's objects from the first few it builds, among the shapes still alive: this one, built first
   *  with every field and kept, keeps all fields of every later rule inside the object (no property array). */
  static readonly shape = new BuiltRule([], { cidr: '', invert: false }, { cidr: '', invert: false }, 'tcp', { t: 'ACCEPT' }, '', '', '', false);
}

export class RuleBuilder implements Parts {
  /** builder calls so far (see argsText), while the arguments can be rebuilt from the fields */
  private ops = '';
  /** the arguments written out, once a call could not be rebuilt from the fields (e.g. a second `-d`) */
  private text?: string;
  src?: AddrMatch;
  dst?: AddrMatch;
  proto?: Proto;
  matches: Match[] = [];
  /** index in `matches` of the `-m tcp` match, which `--dport` completes */
  private protoIdx = -1;
  target?: Target;

  /** Records call `op`; false when recorded, true when the caller must write its text out (see write) because
   *  the arguments are written out already. `rebuildable` false (a call the fields cannot give back, such as a
   *  second `-d`) writes the arguments so far out first. */
  private record(op: string, rebuildable = true): boolean {
    if (this.text === undefined && !rebuildable) this.text = argsText(this.ops, this);
    if (this.text !== undefined) return true;
    this.ops += op;
    return false;
  }

  private write(text: string): void {
    this.text = this.text === '' ? text : this.text + ' ' + text;
  }

  /** `-m comment --comment "c"` (quoted) or `--comment c` (bare, as kube-proxy writes `<spn>`). */
  comment(c: string, quoted = true): this {
    if (this.record(quoted ? 'c' : 'C')) this.write('-m comment --comment ' + restoreComment(c, quoted));
    this.matches.push({ m: 'comment', comment: c });
    return this;
  }

  /** `-m tcp -p tcp` */
  protocol(p: Proto): this {
    if (this.record('P', this.proto === undefined)) this.write(`-m ${p} -p ${p}`);
    this.proto = p;
    this.protoIdx = this.matches.length;
    this.matches.push(PROTO_MATCHES[p]);
    return this;
  }

  /** `-p tcp` without a `-m tcp` module */
  protoOnly(p: Proto): this {
    if (this.record('p', this.proto === undefined)) this.write('-p ' + p);
    this.proto = p;
    return this;
  }

  dport(port: number): this {
    const pm = this.protoIdx >= 0 ? (this.matches[this.protoIdx] as Extract<Match, { m: 'proto' }>) : undefined;
    if (this.record('o', pm !== undefined && pm.dport === undefined)) this.write('--dport ' + port);
    if (pm) this.matches[this.protoIdx] = { m: 'proto', proto: pm.proto, dport: port };
    return this;
  }

  d(addr: string, invert = false): this {
    const given = addr.includes('/');
    if (this.record(given ? (invert ? 'g' : 'e') : invert ? 'f' : 'd', this.dst === undefined)) this.write(invert ? '! -d ' + addr : '-d ' + addr);
    this.dst = { cidr: withPrefix(addr), invert };
    return this;
  }

  s(addr: string, invert = false): this {
    const given = addr.includes('/');
    if (this.record(given ? (invert ? 'v' : 't') : invert ? 'u' : 's', this.src === undefined)) this.write(invert ? '! -s ' + addr : '-s ' + addr);
    this.src = { cidr: withPrefix(addr), invert };
    return this;
  }

  statistic(n: number): this {
    if (this.record('z', statisticRebuildable(n))) this.write('-m statistic --mode random --probability ' + probabilityText(n));
    this.matches.push(statisticMatch(n));
    return this;
  }

  recentCheck(name: string, seconds: number): this {
    if (this.record('R')) this.write(`-m recent --name ${name} --rcheck --seconds ${seconds} --reap`);
    this.matches.push({ m: 'recent', set: false, name, seconds, reap: true });
    return this;
  }

  recentSet(name: string): this {
    if (this.record('r')) this.write(`-m recent --name ${name} --set`);
    this.matches.push({ m: 'recent', set: true, name });
    return this;
  }

  mark(value: number, mask: number, invert: boolean, hex: string): this {
    if (this.record('M', hex === hexOf(value))) this.write((invert ? '-m mark ! --mark ' : '-m mark --mark ') + `${hex}/${hex}`);
    this.matches.push({ m: 'mark', value, mask, invert });
    return this;
  }

  addrtype(kind: 'src' | 'dst', type: string): this {
    if (this.record('A')) this.write((kind === 'src' ? '-m addrtype --src-type ' : '-m addrtype --dst-type ') + type);
    this.matches.push(kind === 'src' ? { m: 'addrtype', srcType: type } : { m: 'addrtype', dstType: type });
    return this;
  }

  conntrack(states: string[], invert = false): this {
    if (this.record('K')) this.write((invert ? '-m conntrack ! --ctstate ' : '-m conntrack --ctstate ') + states.join(','));
    this.matches.push({ m: 'conntrack', states, invert });
    return this;
  }

  nfacct(name: string): this {
    if (this.record('N')) this.write('-m nfacct --nfacct-name ' + name);
    this.matches.push({ m: 'nfacct', name });
    return this;
  }

  jump(chain: string): this {
    if (this.record('j', this.target === undefined)) this.write('-j ' + chain);
    if (chain === 'ACCEPT' || chain === 'DROP' || chain === 'RETURN') this.target = BUILTIN_TARGETS[chain];
    else if (chain === 'KUBE-MARK-MASQ') this.target = MARK_MASQ_TARGET;
    else this.target = { t: 'chain', chain };
    return this;
  }

  reject(): this {
    if (this.record('J', this.target === undefined)) this.write('-j REJECT');
    this.target = { t: 'REJECT', with: 'icmp-port-unreachable' };
    return this;
  }

  dnat(ip: string, port: number): this {
    if (this.record('T', this.target === undefined)) this.write(`-j DNAT --to-destination ${ip}:${port}`);
    this.target = { t: 'DNAT', ip, port };
    return this;
  }

  masquerade(randomFully: boolean): this {
    if (this.record('Q', this.target === undefined)) this.write(randomFully ? '-j MASQUERADE --random-fully' : '-j MASQUERADE');
    this.target = { t: 'MASQUERADE', randomFully };
    return this;
  }

  markTarget(op: 'or' | 'xor', value: number, hex: string): this {
    if (this.record('X', this.target === undefined && hex === hexOf(value))) this.write((op === 'or' ? '-j MARK --or-mark ' : '-j MARK --xor-mark ') + hex);
    this.target = { t: 'MARK', op, value };
    return this;
  }

  /** The rule's restore-syntax arguments (what its identity is made of). */
  get args(): string {
    return this.text ?? argsText(this.ops, this);
  }

  /** The finished rule with identity `id`; with `idIsPrefix`, its identity is `id` + its arguments (made when
   *  first read). `args`: the arguments when the caller has them already. */
  build(id = '', idIsPrefix = false, args: string | undefined = this.text): Rule {
    const n = this.matches.length;
    const matches = n === 0 ? NO_MATCHES : n === 1 ? soleMatch(this.matches[0]!) : this.matches.slice();
    return new BuiltRule(matches, this.src, this.dst, this.proto, this.target, args, internLayout(this.ops), id, idIsPrefix);
  }
}

export function rule(): RuleBuilder {
  return new RuleBuilder();
}

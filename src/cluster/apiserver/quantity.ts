// resource.Quantity as describers need it: parse ("100m", "128Mi", "1.5"), add, compare, and String() in
// apimachinery's canonical form (BinarySI "16333576Ki", DecimalSI "1500m"/"2k"). Values are kept in nano-units.

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

export interface Quantity {
  /** value × 10^9 (rounded up to a nano-unit, as apimachinery does) */
  nano: bigint;
  format: QuantityFormat;
}

const NANO = 1_000_000_000n;

const DECIMAL_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIX: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };

export function zeroQuantity(format: QuantityFormat = 'DecimalSI'): Quantity {
  return { nano: 0n, format };
}

function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && (a > 0n) === (b > 0n) ? q + 1n : q;
}

/** resource.ParseQuantity; throws on malformed input. */
export function parseQuantity(text: string | number): Quantity {
  const s = String(text).trim();
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(.*)$/.exec(s);
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const neg = m[1] === '-';
  const intPart = m[2] || '0';
  const frac = m[3] ?? '';
  const suffix = m[4];
  // mantissa / 10^scale
  const mant = BigInt(intPart + frac);
  const scale = frac.length;
  let format: QuantityFormat;
  let nanoNum: bigint;
  let nanoDen: bigint;
  if (suffix in BINARY_SUFFIX) {
    format = 'BinarySI';
    nanoNum = mant * 1024n ** BigInt(BINARY_SUFFIX[suffix]) * NANO;
    nanoDen = 10n ** BigInt(scale);
  } else {
    // decimal: mantissa × 10^exp nanos
    let exp: number;
    if (suffix in DECIMAL_SUFFIX) {
      format = 'DecimalSI';
      exp = DECIMAL_SUFFIX[suffix] + 9 - scale;
    } else if (/^[eE][+-]?\d+$/.test(suffix)) {
      format = 'DecimalExponent';
      exp = Number(suffix.slice(1)) + 9 - scale;
    } else {
      throw new Error('unable to parse quantity\'s suffix');
    }
    nanoNum = exp >= 0 ? mant * 10n ** BigInt(exp) : mant;
    nanoDen = exp >= 0 ? 1n : 10n ** BigInt(-exp);
  }
  let nano = ceilDiv(nanoNum, nanoDen);
  if (neg) nano = -nano;
  return { nano, format };
}

/** Parses, treating absent or malformed values as zero. */
export function quantityOf(v: unknown): Quantity {
  if (v === undefined || v === null || v === '') return zeroQuantity();
  try {
    return parseQuantity(v as string | number);
  } catch {
    return zeroQuantity();
  }
}

/** Quantity.Add: the sum keeps the receiver's format unless the receiver is zero. */
export function addQuantity(a: Quantity, b: Quantity): Quantity {
  return { nano: a.nano + b.nano, format: a.nano === 0n ? b.format : a.format };
}

export function cmpQuantity(a: Quantity, b: Quantity): number {
  return a.nano < b.nano ? -1 : a.nano > b.nano ? 1 : 0;
}

/** Quantity.Value(): rounded up to an integer. */
export function quantityValue(q: Quantity): bigint {
  return ceilDiv(q.nano, NANO);
}

/** Quantity.MilliValue(): rounded up to milli-units. */
export function quantityMilliValue(q: Quantity): bigint {
  return ceilDiv(q.nano, 1_000_000n);
}

const DEC_SUFFIX_BY_EXP: Record<number, string> = { [-9]: 'n', [-6]: 'u', [-3]: 'm', 0: '', 3: 'k', 6: 'M', 9: 'G', 12: 'T', 15: 'P', 18: 'E' };
const BIN_SUFFIX_BY_EXP = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** Quantity.String(): apimachinery's canonical form. */
export function formatQuantity(q: Quantity): string {
  if (q.nano === 0n) return '0';
  let format = q.format;
  if (format === 'BinarySI') {
    if (q.nano > -1024n * NANO && q.nano < 1024n * NANO) format = 'DecimalSI';
    else if (q.nano % NANO !== 0n) format = 'DecimalSI';
  }
  const neg = q.nano < 0n;
  const abs = neg ? -q.nano : q.nano;
  const sign = neg ? '-' : '';
  if (format === 'BinarySI') {
    let v = abs / NANO;
    let exp = 0;
    while (exp < 6 && v % 1024n === 0n) {
      v /= 1024n;
      exp++;
    }
    return `${sign}${v}${BIN_SUFFIX_BY_EXP[exp]}`;
  }
  // decimal: remove factors of ten, then lower the exponent to a multiple of three
  let mant = abs;
  let exp = -9;
  while (mant % 10n === 0n) {
    mant /= 10n;
    exp++;
  }
  const r = ((exp % 3) + 3) % 3;
  if (r !== 0) {
    mant *= 10n ** BigInt(r);
    exp -= r;
  }
  if (format === 'DecimalExponent') return `${sign}${mant}${exp === 0 ? '' : `e${exp}`}`;
  const suffix = DEC_SUFFIX_BY_EXP[exp];
  if (suffix === undefined) return `${sign}${mant}e${exp}`;
  return `${sign}${mant}${suffix}`;
}

/** A ResourceList (name → quantity string) parsed into quantities. */
export type ResourceList = Map<string, Quantity>;

export function parseResourceList(list: Record<string, unknown> | undefined | null): ResourceList {
  const out: ResourceList = new Map();
  for (const [k, v] of Object.entries(list ?? {})) out.set(k, quantityOf(v));
  return out;
}

/** addResourceList: missing entries are copied, present ones summed. */
export function addResourceList(into: ResourceList, add: ResourceList): void {
  for (const [k, v] of add) {
    const cur = into.get(k);
    into.set(k, cur === undefined ? { ...v } : addQuantity(cur, v));
  }
}

/** maxResourceList: each entry becomes the larger of the two. */
export function maxResourceList(into: ResourceList, other: ResourceList): void {
  for (const [k, v] of other) {
    const cur = into.get(k);
    if (cur === undefined || cmpQuantity(v, cur) > 0) into.set(k, { ...v });
  }
}

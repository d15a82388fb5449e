// `kubectl get --sort-by`: rows ordered by a JSONPath value as kubectl's sorter does (a module of its own so a plain
// `get` does not load the JSONPath engine).

import type { Table } from './tables.js';
import { findResults, parseJsonPath, relaxedJsonPath } from './jsonpath.js';


/** fvbommel/sortorder.NaturalLess: digit runs compare numerically. */
export function naturalLess(str1: string, str2: string): boolean {
  const isdigit = (ch: string) => ch >= '0' && ch <= '9';
  let idx1 = 0;
  let idx2 = 0;
  while (idx1 < str1.length && idx2 < str2.length) {
    const c1 = str1[idx1];
    const c2 = str2[idx2];
    const dig1 = isdigit(c1);
    const dig2 = isdigit(c2);
    if (dig1 !== dig2) return dig1; // digits before other characters
    if (!dig1) {
      if (c1 !== c2) return c1 < c2;
      idx1++;
      idx2++;
      continue;
    }
    // both digit runs: skip zeros, shorter number is less, then lexical, then fewer zeros
    while (idx1 < str1.length && str1[idx1] === '0') idx1++;
    while (idx2 < str2.length && str2[idx2] === '0') idx2++;
    const nz1 = idx1;
    const nz2 = idx2;
    while (idx1 < str1.length && isdigit(str1[idx1])) idx1++;
    while (idx2 < str2.length && isdigit(str2[idx2])) idx2++;
    if (idx1 - nz1 !== idx2 - nz2) return idx1 - nz1 < idx2 - nz2;
    const n1 = str1.slice(nz1, idx1);
    const n2 = str2.slice(nz2, idx2);
    if (n1 !== n2) return n1 < n2;
    if (nz1 !== nz2) return nz1 < nz2;
  }
  return str1.length < str2.length;
}

const QUANTITY = /^([+-]?[0-9.]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;
const SUFFIX: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

function quantityValue(s: string): number | null {
  const m = QUANTITY.exec(s);
  if (!m || !/[0-9]/.test(m[1])) return null;
  const base = Number(m[1]);
  if (Number.isNaN(base)) return null;
  const suf = m[2];
  if (!suf) return base;
  if (/^[eE]/.test(suf)) return base * 10 ** Number(suf.slice(1));
  return base * SUFFIX[suf];
}

function valueLess(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a < b;
  if (typeof a === 'string' && typeof b === 'string') {
    const qa = quantityValue(a);
    const qb = quantityValue(b);
    if (qa !== null && qb !== null) return qa < qb;
    return naturalLess(a, b);
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return !a && b;
  return naturalLess(JSON.stringify(a) ?? '', JSON.stringify(b) ?? '');
}

/** `--sort-by=<jsonpath>`: rows ordered by the value found in each row's object; missing values first. */
export function sortRows(table: Table, sortByJsonPath: string): Table {
  const parsed = parseJsonPath(relaxedJsonPath(sortByJsonPath));
  const keyed = table.rows.map((row) => {
    const results = findResults(parsed, row.object, true);
    const first = results.find((r) => r.length > 0);
    return { row, key: first ? first[0] : undefined, missing: !first };
  });
  const sorted = keyed
    .map((k, i) => ({ ...k, i }))
    .sort((x, y) => {
      const less = (a: typeof x, b: typeof x) => {
        if (a.missing) return !b.missing || false;
        if (b.missing) return false;
        return valueLess(a.key, b.key);
      };
      if (less(x, y)) return -1;
      if (less(y, x)) return 1;
      return x.i - y.i;
    });
  return { columns: table.columns, rows: sorted.map((k) => k.row) };
}

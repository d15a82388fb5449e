// Label selectors: parsing the `-l` string syntax (equality and set-based), matching, and converting API
// LabelSelectors; formatting as kubectl prints them (FormatLabels / FormatLabelSelector).

import type { LabelSelector } from './types.js';

export type Requirement =
  | { key: string; op: '=' | '!='; values: [string] }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!' ; values: [] };

export type Selector = Requirement[];

/** Thrown for a bad `-l` expression; message as apimachinery/labels.Parse words it. */
export class SelectorParseError extends Error {}

/** Parses `app=web,tier!=db,env in (a,b),!legacy,team`. */
export function parseSelector(text: string): Selector {
  const reqs: Selector = [];
  let i = 0;
  const s = text;
  const skipWs = () => {
    while (i < s.length && s[i] === ' ') i++;
  };
  const readIdent = (): string => {
    skipWs();
    const start = i;
    while (i < s.length && !' ,=!()'.includes(s[i])) i++;
    return s.slice(start, i);
  };
  while (true) {
    skipWs();
    if (i >= s.length) break;
    if (s[i] === '!') {
      i++;
      const key = readIdent();
      if (!key) throw new SelectorParseError(`unable to parse requirement: found '${s[i] ?? ''}', expected: identifier`);
      reqs.push({ key, op: '!', values: [] });
    } else {
      const key = readIdent();
      if (!key) throw new SelectorParseError(`found '${s[i]}', expected: !, identifier, or 'end of string'`);
      skipWs();
      if (i >= s.length || s[i] === ',') {
        reqs.push({ key, op: 'exists', values: [] });
      } else if (s.startsWith('!=', i)) {
        i += 2;
        reqs.push({ key, op: '!=', values: [readIdent()] });
      } else if (s.startsWith('==', i)) {
        i += 2;
        reqs.push({ key, op: '=', values: [readIdent()] });
      } else if (s[i] === '=') {
        i += 1;
        reqs.push({ key, op: '=', values: [readIdent()] });
      } else {
        const word = readIdent();
        if (word !== 'in' && word !== 'notin') {
          throw new SelectorParseError(`found '${word}', expected: in, notin, =, ==, !=, gt, lt`);
        }
        skipWs();
        if (s[i] !== '(') throw new SelectorParseError(`found '${s[i] ?? ''}', expected: '('`);
        i++;
        const values: string[] = [];
        while (true) {
          const v = readIdent();
          if (v) values.push(v);
          skipWs();
          if (s[i] === ',') {
            i++;
            continue;
          }
          if (s[i] === ')') {
            i++;
            break;
          }
          throw new SelectorParseError(`found '${s[i] ?? ''}', expected: ',', ')' or identifier`);
        }
        reqs.push({ key, op: word, values });
      }
    }
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw new SelectorParseError(`found '${s[i]}', expected: ',' or 'end of string'`);
      i++;
    }
  }
  return reqs;
}

export function matches(selector: Selector, labels: Record<string, string> | undefined): boolean {
  const l = labels ?? {};
  for (const r of selector) {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    const v = l[r.key];
    switch (r.op) {
      case '=':
        if (!has || v !== r.values[0]) return false;
        break;
      case '!=':
        if (has && v === r.values[0]) return false;
        break;
      case 'in':
        if (!has || !r.values.includes(v)) return false;
        break;
      case 'notin':
        if (has && r.values.includes(v)) return false;
        break;
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
    }
  }
  return true;
}

/** metav1.LabelSelectorAsSelector. An empty selector matches everything; a nil one (undefined) nothing. */
export function fromLabelSelector(sel: LabelSelector | undefined | null): Selector | null {
  if (!sel) return null;
  const reqs: Selector = [];
  for (const [key, value] of Object.entries(sel.matchLabels ?? {})) reqs.push({ key, op: '=', values: [value] });
  for (const e of sel.matchExpressions ?? []) {
    switch (e.operator) {
      case 'In':
        reqs.push({ key: e.key, op: 'in', values: [...(e.values ?? [])] });
        break;
      case 'NotIn':
        reqs.push({ key: e.key, op: 'notin', values: [...(e.values ?? [])] });
        break;
      case 'Exists':
        reqs.push({ key: e.key, op: 'exists', values: [] });
        break;
      case 'DoesNotExist':
        reqs.push({ key: e.key, op: '!', values: [] });
        break;
    }
  }
  return reqs;
}

/** A Service-style map selector (`spec.selector`): empty or missing selects nothing. */
export function matchesMap(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const l = labels ?? {};
  return Object.entries(selector).every(([k, v]) => l[k] === v);
}

/** labels.FormatLabels: `k=v` sorted by key joined with `,`; `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/** metav1.FormatLabelSelector: requirements sorted by key; `<none>` for nil or empty. */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const reqs = fromLabelSelector(sel);
  if (!reqs || reqs.length === 0) return '<none>';
  return formatSelector(reqs);
}

/** labels.Selector.String(): requirements sorted by key. */
export function formatSelector(reqs: Selector): string {
  const sorted = [...reqs].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sorted
    .map((r) => {
      switch (r.op) {
        case '=':
          return `${r.key}=${r.values[0]}`;
        case '!=':
          return `${r.key}!=${r.values[0]}`;
        case 'in':
          return `${r.key} in (${[...r.values].sort().join(',')})`;
        case 'notin':
          return `${r.key} notin (${[...r.values].sort().join(',')})`;
        case 'exists':
          return r.key;
        case '!':
          return `!${r.key}`;
      }
    })
    .join(',');
}

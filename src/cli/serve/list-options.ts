// LIST semantics of `kubesim serve`, as kube-apiserver's handler and storage apply them: ListOptions validation
// (resourceVersionMatch), continue tokens (etcd3's base64url JSON {"v","rv","start"}), which resourceVersion a
// list is served at, paging by limit in key order, and the Status texts of each refusal.

import path from 'node:path';
import { field, StatusError } from '../../cluster/apiserver/errors.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';

export const EXPIRED_LIST = 'The resourceVersion for the provided list is too old.';
export const INCONSISTENT_CONTINUE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

export interface ListPlan {
  /** serve the list at exactly this resourceVersion (a continue token, Exact, or the legacy resourceVersion+limit) */
  atRv?: number;
  /** the state must be at least this fresh (NotOlderThan) */
  minRv?: number;
  /** the first key to list (store keys: `ns/name`, `/name`) */
  fromKey?: string;
  /** a continue token's start key as sent (for the 410 answer's new token) */
  continueStart?: string;
  limit: number;
  /** atRv came from a continue token */
  continued: boolean;
  /** resourceVersion=0 without a continue token: any state will do, served from the cache, limit not applied */
  any: boolean;
}

function listOptionsInvalid(causes: ReturnType<typeof field.forbidden>[]): StatusError {
  const msgs = causes.map((c) => c.message);
  return new StatusError('Invalid', `ListOptions.meta.k8s.io "" is invalid: ${msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`}`, {
    group: 'meta.k8s.io',
    kind: 'ListOptions',
    causes: causes.map((c) => ({ reason: c.reason, message: c.message.slice(c.field.length + 2), field: c.field })),
  });
}

/** metainternalversion/validation.ValidateListOptions. */
export function validateListOptions(q: URLSearchParams, watch: boolean): void {
  const match = q.get('resourceVersionMatch') ?? '';
  const rv = q.get('resourceVersion') ?? '';
  const cont = q.get('continue') ?? '';
  const sendInitial = q.get('sendInitialEvents');
  const errs = [];
  if (watch) {
    if (sendInitial !== null) {
      if (match !== 'NotOlderThan') errs.push(field.forbidden('resourceVersionMatch', 'sendInitialEvents requires setting resourceVersionMatch to NotOlderThan'));
      if (q.get('allowWatchBookmarks') !== 'true') errs.push(field.forbidden('allowWatchBookmarks', 'sendInitialEvents requires setting allowWatchBookmarks to true'));
    }
    if (match) {
      if (sendInitial === null) errs.push(field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided'));
      if (match !== 'NotOlderThan') errs.push(field.notSupported('resourceVersionMatch', match, ['NotOlderThan']));
      if (cont) errs.push(field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
    }
  } else {
    if (sendInitial !== null) errs.push(field.forbidden('sendInitialEvents', 'sendInitialEvents is forbidden for list'));
    if (match) {
      if (!rv) errs.push(field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
      if (cont) errs.push(field.forbidden('resourceVersionMatch', 'resourceVersionMatch is forbidden when continue is provided'));
      if (match !== 'Exact' && match !== 'NotOlderThan') errs.push(field.notSupported('resourceVersionMatch', match, ['Exact', 'NotOlderThan', '']));
      if (match === 'Exact' && rv === '0') errs.push(field.forbidden('resourceVersionMatch', 'resourceVersionMatch "exact" is forbidden for resourceVersion "0"'));
    }
  }
  if (errs.length) throw listOptionsInvalid(errs);
}

/** APIObjectVersioner.ParseResourceVersion: "" and "0" are 0. */
export function parseResourceVersion(rv: string | null): number {
  if (!rv || rv === '0') return 0;
  if (!/^\d+$/.test(rv) || !Number.isSafeInteger(Number(rv))) {
    throw new StatusError('BadRequest', `invalid resource version: resourceVersion: Invalid value: ${JSON.stringify(rv)}: strconv.ParseUint: parsing ${JSON.stringify(rv)}: invalid syntax`);
  }
  return Number(rv);
}

/** storage.EncodeContinue: the key after the list's prefix, base64url without padding. */
export function encodeContinue(relativeKey: string, rv: number): string {
  return Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start: relativeKey })).toString('base64url');
}

function invalidContinue(why: string): StatusError {
  return new StatusError('BadRequest', `invalid continue token: continue key is not valid${why}`);
}

/** storage.DecodeContinue: the start key (relative to the list's prefix, cleaned) and the resourceVersion. */
export function decodeContinue(token: string): { start: string; rv: number } {
  const bad = /[^A-Za-z0-9_-]/.exec(token);
  if (bad) throw invalidContinue(`: illegal base64 data at input byte ${bad.index}`);
  if (token.length % 4 === 1) throw invalidContinue(`: illegal base64 data at input byte ${token.length - 1}`);
  const text = Buffer.from(token, 'base64url').toString('utf8');
  let c: { v?: unknown; rv?: unknown; start?: unknown };
  try {
    c = JSON.parse(text);
    if (!c || typeof c !== 'object' || Array.isArray(c)) throw new Error();
  } catch {
    const ch = text.trimStart()[0];
    throw invalidContinue(ch === undefined ? ': unexpected end of JSON input' : `: invalid character '${ch}' looking for beginning of value`);
  }
  if (c.v !== 'meta.k8s.io/v1') throw invalidContinue(`: server does not recognize this encoded version ${typeof c.v === 'string' ? c.v : ''}`);
  const rv = typeof c.rv === 'number' ? c.rv : 0;
  if (rv === 0) throw invalidContinue(': incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  const start = typeof c.start === 'string' ? c.start : '';
  if (!start) throw invalidContinue(': encoded start key empty (version meta.k8s.io/v1)');
  const key = start.startsWith('/') ? start : `/${start}`;
  let cleaned = path.posix.normalize(key);
  if (cleaned.length > 1 && cleaned.endsWith('/')) cleaned = cleaned.slice(0, -1);
  if (cleaned !== key) throw invalidContinue(`: ${start}`);
  return { start: cleaned.slice(1), rv };
}

/** The prefix of a list's keys in the store (`ns/`, `` for every namespace, `/` for cluster-scoped kinds). */
export function keyPrefix(namespaced: boolean, namespace: string | undefined): string {
  return !namespaced ? '/' : namespace !== undefined ? `${namespace}/` : '';
}

/** Which state a LIST is served from (the handler's and etcd3 GetList's rules). */
export function planList(q: URLSearchParams, prefix: string): ListPlan {
  validateListOptions(q, false);
  const rvText = q.get('resourceVersion') ?? '';
  const match = q.get('resourceVersionMatch') ?? '';
  const limitText = q.get('limit');
  const limit = limitText && /^-?\d+$/.test(limitText) ? Math.max(0, Number(limitText)) : 0;
  const cont = q.get('continue');
  if (cont) {
    const { start, rv } = decodeContinue(cont);
    if (rvText && rvText !== '0') throw new StatusError('BadRequest', 'specifying resource version is not allowed when using continue');
    return { atRv: rv > 0 ? rv : undefined, fromKey: prefix + start, continueStart: start, limit, continued: true, any: false };
  }
  const rv = parseResourceVersion(rvText);
  if (rvText === '0' && match !== 'Exact') return { limit: 0, continued: false, any: true };
  if (match === 'Exact') return { atRv: rv, limit, continued: false, any: false };
  if (match === '' && limit > 0 && rv > 0) return { atRv: rv, limit, continued: false, any: false };
  return { minRv: rv > 0 ? rv : undefined, limit, continued: false, any: false };
}

/** storage.NewTooLargeResourceVersionError */
export function tooLargeResourceVersion(min: number, current: number, retrySeconds: number): StatusError {
  const e = new StatusError('Timeout', `Timeout: Too large resource version: ${min}, current: ${current}`, {
    causes: [{ reason: 'ResourceVersionTooLarge', message: 'Too large resource version' }],
    ...(retrySeconds ? { retryAfterSeconds: retrySeconds } : {}),
  });
  return e;
}

/** 410 for a list at a resourceVersion older than the history; a continued list gets a token to go on at the latest. */
export function expiredList(plan: ListPlan): StatusError {
  if (!plan.continued) return new StatusError('Expired', EXPIRED_LIST);
  const e = new StatusError('Expired', INCONSISTENT_CONTINUE);
  (e.status as { metadata?: unknown }).metadata = { continue: encodeContinue(plan.continueStart!, -1) };
  return e;
}

export interface Page {
  items: KubeObject[];
  continue?: string;
  remainingItemCount?: number;
}

/**
 * One page of objects in key order from plan.fromKey: filtered as etcd3's GetList filters (a full page with keys
 * left gets a continue token after the last key looked at, so a later page may be empty), and remainingItemCount
 * only without selectors.
 */
export function pageOf(all: KubeObject[], keyOf: (o: KubeObject) => string, match: (o: KubeObject) => boolean, plan: ListPlan, prefix: string, listRv: number, selectors: boolean): Page {
  let i = 0;
  if (plan.fromKey !== undefined) while (i < all.length && keyOf(all[i]!) < plan.fromKey) i++;
  const first = i;
  const limit = plan.any ? 0 : plan.limit;
  const items: KubeObject[] = [];
  let lastKey: string | undefined;
  let more = false;
  for (; i < all.length; i++) {
    if (limit > 0 && items.length >= limit) {
      more = true;
      break;
    }
    const o = all[i]!;
    lastKey = keyOf(o);
    if (match(o)) items.push(o);
  }
  if (!more || lastKey === undefined) return { items };
  const page: Page = { items, continue: encodeContinue(lastKey.slice(prefix.length) + '\u0000', listRv) };
  if (!selectors) page.remainingItemCount = all.length - first - limit;
  return page;
}

// A bounded cache for pure string functions on the controllers' hot path (sha256 digests of image references and
// container IDs, RFC 3339 timestamps): the kubelet recomputes every pod's status on each reconcile pass, and these
// pure results were a third of a `scale` command's time. Same input, same output: caching changes no byte.

/** `fn` memoised on its argument; the cache is dropped whole when it reaches `max` entries (bounded memory). */
export function memo<K, V>(fn: (k: K) => V, max = 4096): (k: K) => V {
  let cache = new Map<K, V>();
  return (k: K): V => {
    const hit = cache.get(k);
    if (hit !== undefined || cache.has(k)) return hit as V;
    const v = fn(k);
    if (cache.size >= max) cache = new Map();
    cache.set(k, v);
    return v;
  };
}

/**
 * `fn` memoised on an object argument by identity (stored API objects are replaced, never changed in place, so a
 * container of a stored pod always gives the same answer). The results are frozen: a caller that tried to change
 * a shared answer would throw instead of changing it for everyone.
 */
export function memoByObject<K extends object, V>(fn: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k: K): V => {
    if (cache.has(k)) return cache.get(k) as V;
    const v = fn(k);
    if (v && typeof v === 'object') Object.freeze(v);
    cache.set(k, v);
    return v;
  };
}

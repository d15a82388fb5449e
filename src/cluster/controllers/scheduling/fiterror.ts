// framework.FitError.Error(): `0/N nodes are available: <histogram of reasons, sorted>.` followed by the
// PostFilter (preemption) message, each part with SeparatorFormat " %v.".

import type { Status } from './status.js';

/** The sorted `count reason` histogram of the nodes' statuses (a node's several reasons each count). */
export function reasonHistogram(statuses: Iterable<Status>): string[] {
  const counts = new Map<string, number>();
  for (const s of statuses) for (const r of s.reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts.entries()].map(([r, n]) => `${n} ${r}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

export function fitErrorMessage(numAllNodes: number, statuses: Iterable<Status>, postFilterMsg = ''): string {
  let msg = `0/${numAllNodes} nodes are available:`;
  const hist = reasonHistogram(statuses);
  if (hist.length) msg += ` ${hist.join(', ')}.`;
  if (postFilterMsg) msg += ` ${postFilterMsg}.`;
  return msg;
}

// Human-readable ages as apimachinery duration.HumanDuration and printers' translateTimestampSince print them.

/** duration.HumanDuration for a duration in milliseconds (AGE, LAST SEEN, restart "ago"). */
export function humanDuration(ms: number): string {
  const s = Math.trunc(ms / 1000);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.trunc(ms / 60000);
  if (m < 10) {
    const sec = s % 60;
    return sec === 0 ? `${m}m` : `${m}m${sec}s`;
  }
  if (m < 180) return `${m}m`;
  const h = Math.trunc(ms / 3600000);
  if (h < 8) {
    const min = m % 60;
    return min === 0 ? `${h}h` : `${h}h${min}m`;
  }
  if (h < 48) return `${h}h`;
  if (h < 192) {
    const hr = h % 24;
    return hr === 0 ? `${Math.trunc(h / 24)}d` : `${Math.trunc(h / 24)}d${hr}h`;
  }
  if (h < 24 * 365 * 2) return `${Math.trunc(h / 24)}d`;
  if (h < 24 * 365 * 8) {
    const dy = Math.trunc(h / 24) % 365;
    const y = Math.trunc(h / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(h / 24 / 365)}y`;
}

/** Milliseconds of an RFC3339 timestamp, or null when absent/zero/unparseable. */
export function parseTimestamp(ts: string | null | undefined): number | null {
  if (!ts) return null;
  const t = Date.parse(ts);
  if (Number.isNaN(t)) return null;
  if (t === Date.parse('0001-01-01T00:00:00Z')) return null;
  return t;
}

/** printers.translateTimestampSince: `<unknown>` for a zero timestamp, else HumanDuration(now - ts). */
export function translateTimestampSince(ts: string | null | undefined, now: Date): string {
  const t = parseTimestamp(ts);
  if (t === null) return '<unknown>';
  return humanDuration(now.getTime() - t);
}

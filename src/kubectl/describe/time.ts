// Time formatting used by describers: Go time.RFC1123Z in UTC, and relative ages via the printers' HumanDuration.

import { translateTimestampSince } from '../printers/duration.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const pad2 = (n: number) => String(n).padStart(2, '0');

/** Parses an RFC3339 timestamp; undefined for absent/empty/unparseable values (Go's zero time). */
export function parseTime(ts: string | null | undefined): number | undefined {
  if (!ts) return undefined;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? undefined : ms;
}

/** time.Time.Format(time.RFC1123Z) in UTC; the zero time formats as Go does. */
export function rfc1123z(ts: string | null | undefined): string {
  const ms = parseTime(ts);
  if (ms === undefined) return 'Mon, 01 Jan 0001 00:00:00 +0000';
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]}, ${pad2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCFullYear()).padStart(4, "0")} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} +0000`;
}

/** translateTimestampSince: `<unknown>` for a zero timestamp, else the human age at `now`. */
export function since(ts: string | null | undefined, now: Date): string {
  return translateTimestampSince(ts, now);
}

// Time and header formats the simulated servers print (all UTC, as containers run): HTTP dates, the Common Log
// Format timestamp, Go's log prefix, Apache's error-log stamp, nginx's error-log stamp.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** `Mon, 06 Jan 2025 10:00:00 GMT` (RFC 7231 IMF-fixdate) */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

function hms(d: Date): string {
  return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** `06/Jan/2025:10:00:00 +0000` (Apache %t / nginx $time_local, UTC) */
export function clfTime(ms: number): string {
  const d = new Date(ms);
  return `${p2(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${hms(d)} +0000`;
}

/** `2025/01/06 10:00:00` (Go log.LstdFlags, nginx error log) */
export function goLogTime(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())} ${hms(d)}`;
}

/** `Mon Jan 06 10:00:00.123456 2025` (Apache error log, microseconds) */
export function apacheTime(ms: number, micros: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${hms(d)}.${String(micros).padStart(6, '0')} ${d.getUTCFullYear()}`;
}

/** Go's http.CanonicalHeaderKey: `x-forwarded-for` → `X-Forwarded-For`. */
export function canonicalHeaderKey(k: string): string {
  return k
    .split('-')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1).toLowerCase() : w))
    .join('-');
}

/** Byte length of a UTF-8 string (Content-Length). */
export function byteLength(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

/** The request line's target: `GET /path HTTP/1.1`. */
export function requestLine(method: string, path: string, version = 'HTTP/1.1'): string {
  return `${method} ${path || '/'} ${version}`;
}

/** Case-insensitive header lookup. */
export function header(headers: Record<string, string>, name: string): string | undefined {
  const n = name.toLowerCase();
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === n) return v;
  return undefined;
}

/** True when the client asked to close the connection (busybox wget sends `Connection: close`). */
export function wantsClose(headers: Record<string, string>): boolean {
  return (header(headers, 'connection') ?? '').toLowerCase() === 'close';
}

/** Go's time.Duration.String() for a whole number of milliseconds: `474ms`, `2.1s`, `1m2.5s`. */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const sMs = ms % 60_000;
  let s = String(Math.floor(sMs / 1000));
  const frac = sMs % 1000;
  if (frac) s += `.${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${s}s`;
}

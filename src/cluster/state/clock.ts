// The cluster clock: the only source of time in kubesim. `wall` follows the host clock plus an offset that
// `sleep`/`clock advance` push forward; `virtual` stands still until advanced, so golden outputs can pin AGE.

import { memo } from './memo.js';

export type ClockMode = 'wall' | 'virtual';

export interface ClockState {
  mode: ClockMode;
  /** virtual mode: the current time in ms since the epoch */
  virtualNow: number;
  /** wall mode: ms added to the host clock */
  offsetMs: number;
}

/** Start of a virtual clock for a fresh cluster: fixed, so the same seed prints the same timestamps. */
export const VIRTUAL_EPOCH = Date.UTC(2025, 0, 6, 10, 0, 0);

/** The longest single advance kubesim simulates (ten years); anything longer is refused with a clear error. */
export const MAX_ADVANCE_MS = 10 * 366 * 86_400_000;
/** The clock never passes the last instant RFC 3339 timestamps (four-digit years) can show. */
export const MAX_CLOCK_MS = Date.UTC(9999, 11, 31, 23, 59, 59);

export class Clock {
  /** while set, nowMs() answers this instant (stepping a wall clock through timers that fell due in the past) */
  private pinned: number | undefined;

  constructor(private state: ClockState) {}

  static create(mode: ClockMode): Clock {
    return new Clock({ mode, virtualNow: VIRTUAL_EPOCH, offsetMs: 0 });
  }

  get mode(): ClockMode {
    return this.state.mode;
  }

  /** Current time in ms since the epoch. */
  nowMs(): number {
    if (this.pinned !== undefined) return this.pinned;
    if (this.state.mode === 'virtual') return this.state.virtualNow;
    return Date.now() + this.state.offsetMs;
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  /** RFC 3339 with second precision, as metav1.Time serialises: `2025-01-06T10:00:00Z`. */
  timestamp(offsetMs = 0): string {
    return rfc3339(this.nowMs() + offsetMs);
  }

  advance(ms: number): void {
    if (ms < 0) throw new Error('cannot move the clock backwards');
    checkAdvance(this.nowMs(), ms);
    if (this.state.mode === 'virtual') this.state.virtualNow += ms;
    else this.state.offsetMs += ms;
  }

  /**
   * Holds the clock at atMs until unpin(): timers are stepped in time order this way, including, on a wall clock,
   * the ones that fell due while no command ran.
   */
  pin(atMs: number): void {
    this.pinned = atMs;
  }

  unpin(): void {
    this.pinned = undefined;
  }

  /** Takes a saved state (another process moved the clock). */
  restore(state: ClockState): void {
    this.state = { ...state };
  }

  toJSON(): ClockState {
    return { ...this.state };
  }
}

/** Refuses an advance past the supported range with a message a user can act on. */
export function checkAdvance(nowMs: number, ms: number): void {
  if (!Number.isFinite(ms) || ms > MAX_ADVANCE_MS) {
    throw new RangeError(`cannot advance the clock by more than 3660d (10 years) at once`);
  }
  if (nowMs + ms > MAX_CLOCK_MS) throw new RangeError(`cannot advance the clock past 9999-12-31T23:59:59Z`);
}

const rfc3339Second = memo((s: number): string => new Date(s * 1000).toISOString().replace('.000Z', 'Z'));

/** RFC 3339 at whole seconds (the API's metav1.Time); memoised per second, as the kubelet asks on every pass. */
export function rfc3339(ms: number): string {
  return rfc3339Second(Math.floor(ms / 1000));
}

/** Parses `30s`, `5m`, `1h30m`, `2d`, `500ms` or a bare number of seconds into ms. */
export function parseDuration(text: string): number {
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(parseFloat(text) * 1000);
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h|d)/g;
  let total = 0;
  let consumed = 0;
  for (const m of text.matchAll(re)) {
    const n = parseFloat(m[1]);
    const unit = { ms: 1, s: 1000, m: 60000, h: 3600000, d: 86400000 }[m[2] as 'ms'];
    total += n * unit;
    consumed += m[0].length;
  }
  if (consumed !== text.length || consumed === 0 || !Number.isFinite(total)) throw new Error(`invalid duration "${text}"`);
  return Math.round(total);
}

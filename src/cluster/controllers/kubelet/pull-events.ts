// The kubelet's image-pull events as a container's pull record unfolds on the clock: "already present", Pulling
// and Pulled with the pull's duration and size, the invalid-name and Never-policy failures, and a failing pull's
// attempts, failures and back-offs counted over the interval (x N) in the order the kubelet writes them.

import { goDuration, imageSize } from '../runtime.js';
import { failDurationMs } from './pull.js';
import { pullFailureView, type PullRecord } from './timeline.js';

export interface PullEventSink {
  event(type: 'Normal' | 'Warning', reason: string, message: string, atMs: number, times?: number): void;
  wake(t: number | undefined): void;
}

/** The events of an image pull in (from, now], in time order; `sink.wake` asks for the next retry's sync. */
export function pullEvents(image: string, p: PullRecord, from: number, now: number, sink: PullEventSink): void {
  const at = (t: number) => t > from && t <= now;
  switch (p.kind) {
    case 'present':
      if (at(p.start)) sink.event('Normal', 'Pulled', `Container image "${image}" already present on machine`, p.start);
      break;
    case 'pull': {
      if (at(p.start)) sink.event('Normal', 'Pulling', `Pulling image "${image}"`, p.start);
      const end = p.start + p.ms;
      if (at(end)) {
        const d = goDuration(p.ms);
        sink.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${d} (${d} including waiting). Image size: ${imageSize(image)} bytes.`, end);
      }
      break;
    }
    case 'invalid':
      if (at(p.start)) {
        sink.event('Warning', 'InspectFailed', p.message!, p.start);
        sink.event('Warning', 'Failed', 'Error: InvalidImageName', p.start);
      }
      break;
    case 'never':
      if (at(p.start)) {
        sink.event('Warning', 'ErrImageNeverPull', p.message!, p.start);
        sink.event('Warning', 'Failed', 'Error: ErrImageNeverPull', p.start);
      }
      break;
    case 'failed': {
      if (now < p.start) break;
      const zero = { failures: 0, pulling: undefined as number | undefined, backingOff: false, lastFail: p.start };
      const a = from < p.start ? zero : pullFailureView(p, from);
      const b = pullFailureView(p, now);
      const started = (v: typeof a) => v.failures + (v.pulling !== undefined ? 1 : 0);
      const backoffs = (v: typeof a) => v.failures - (v.failures > 0 && !v.backingOff && v.pulling === undefined ? 1 : 0);
      const nFail = b.failures - a.failures;
      const nBack = backoffs(b) - backoffs(a);
      const nPull = started(b) - started(a);
      const f = failDurationMs({ ok: false, kind: 'failed', message: p.message ?? '' });
      const lastAttempt = b.pulling ?? b.lastFail - f;
      // in time order within one batch: an attempt, its failure, the back-off, the next attempt
      if (nPull > 0 && b.pulling === undefined) sink.event('Normal', 'Pulling', `Pulling image "${image}"`, lastAttempt, nPull);
      if (nFail > 0) {
        sink.event('Warning', 'Failed', `Failed to pull image "${image}": ${p.message}`, b.lastFail, nFail);
        sink.event('Warning', 'Failed', 'Error: ErrImagePull', b.lastFail, nFail);
      }
      if (nBack > 0) {
        const t = Math.min(now, b.lastFail + 10_000);
        sink.event('Normal', 'BackOff', `Back-off pulling image "${image}"`, t, nBack);
        sink.event('Warning', 'Failed', 'Error: ImagePullBackOff', t, nBack);
      }
      if (nPull > 0 && b.pulling !== undefined) sink.event('Normal', 'Pulling', `Pulling image "${image}"`, lastAttempt, nPull);
      sink.wake(b.next);
      break;
    }
  }
}

// The kubelet's pure parts: image pull verdicts and their containerd texts, the image and crash back-offs in
// closed form.

import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../../apiserver/types.js';
import { scheduleError } from '../../apiserver/registry/batch.js';
import { imageBackoffMs, pullVerdict, secretHasCredentials } from './pull.js';
import { advanceRuns, restartDelay, startRuns } from './runs.js';

const pod = { metadata: { name: 'p', namespace: 'default' }, spec: { containers: [] } } as unknown as Pod;
const verdict = (image: string) => pullVerdict(pod, { name: 'c', image } as Container, () => false);

describe('image pulls', () => {
  it('fails on hosts that never resolve, tags a modelled image lacks, private registries and bad references', () => {
    expect(verdict('registry.example.invalid/nope:1')).toEqual({
      ok: false,
      kind: 'failed',
      message:
        'rpc error: code = Unknown desc = failed to pull and unpack image "registry.example.invalid/nope:1": failed to resolve reference "registry.example.invalid/nope:1": failed to do request: Head "https://registry.example.invalid/v2/nope/manifests/1": dial tcp: lookup registry.example.invalid on 172.18.0.1:53: no such host',
    });
    expect(verdict('nginx:1.99')).toMatchObject({ kind: 'failed', message: expect.stringContaining('code = NotFound') });
    expect(verdict('nginx:1.27')).toEqual({ ok: true });
    expect(verdict('nginx:1.27-alpine')).toEqual({ ok: true });
    expect(verdict('busybox:1.28')).toEqual({ ok: true });
    expect(verdict('someone/unknown-image:v9')).toEqual({ ok: true });
    expect(verdict('123456789012.dkr.ecr.us-east-1.amazonaws.com/app:1')).toMatchObject({ kind: 'failed', message: expect.stringContaining('no basic auth credentials') });
    expect(verdict('Nginx')).toMatchObject({ kind: 'invalid', message: 'Failed to apply default image tag "Nginx": couldn\'t parse image name "Nginx": invalid reference format: repository name must be lowercase' });
  });

  it('backs off 10 s doubling to 5 min', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map(imageBackoffMs)).toEqual([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000, 300_000]);
  });
});

describe('container runs', () => {
  it('restart at once, then 10 s doubling to 5 min, computed in closed form however far', () => {
    expect([0, 1, 2, 5, 6, 9].map(restartDelay)).toEqual([1000, 10_000, 20_000, 160_000, 300_000, 300_000]);
    const plan = () => ({ durationMs: 100, exitCode: 3 });
    const s = advanceRuns(startRuns(0), plan, () => true, 365 * 86_400_000);
    // about one restart per 5 min 0.1 s once capped
    expect(s.k).toBeGreaterThan(100_000);
    expect(s.last?.exitCode).toBe(3);
    const stepwise = [0, 60_000, 120_000, 600_000].reduce((st, t) => advanceRuns(st, plan, () => true, t), startRuns(0));
    expect(stepwise).toEqual(advanceRuns(startRuns(0), plan, () => true, 600_000));
  });

  it('stop for good when the policy does not restart', () => {
    const s = advanceRuns(startRuns(0), () => ({ durationMs: 5000, exitCode: 0 }), () => false, 60_000);
    expect(s).toMatchObject({ done: true, k: 0, last: { start: 0, end: 5000, reason: 'Completed' } });
  });
});

describe('CronJob schedules (robfig/cron ParseStandard texts)', () => {
  it('accepts standard schedules and descriptors, names the problem otherwise', () => {
    for (const ok of ['*/1 * * * *', '0 9 * * MON-FRI', '@hourly', '@every 1h30m', '5 4 1 jan,jul ?']) expect(scheduleError(ok)).toBeUndefined();
    expect(scheduleError('61 * * * *')).toBe('end of range (61) above maximum (59): 61');
    expect(scheduleError('* * 0 * *')).toBe('beginning of range (0) below minimum (1): 0');
    expect(scheduleError('bad')).toBe('expected exactly 5 fields, found 1: [bad]');
    expect(scheduleError('x * * * *')).toBe('failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax');
    expect(scheduleError('@often')).toBe('unrecognized descriptor: @often');
    expect(scheduleError('TZ=UTC * * * * *')).toBe('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  });
});

describe('pull secrets', () => {
  const dockerSecret = (auths: Record<string, unknown>) => ({
    type: 'kubernetes.io/dockerconfigjson',
    data: { '.dockerconfigjson': Buffer.from(JSON.stringify({ auths })).toString('base64') },
  });
  it('a docker config secret gives credentials for the hosts it names', () => {
    expect(secretHasCredentials(dockerSecret({ 'https://123.dkr.ecr.us-east-1.amazonaws.com': { auth: 'eDp5' } }), '123.dkr.ecr.us-east-1.amazonaws.com')).toBe(true);
    expect(secretHasCredentials(dockerSecret({ '*.azurecr.io': {} }), 'me.azurecr.io')).toBe(true);
    expect(secretHasCredentials(dockerSecret({ 'other.io': {} }), 'me.azurecr.io')).toBe(false);
    expect(secretHasCredentials({ type: 'Opaque', data: { a: 'eA==' } }, 'me.azurecr.io')).toBe(false);
    expect(secretHasCredentials(undefined, 'me.azurecr.io')).toBe(false);
  });
});

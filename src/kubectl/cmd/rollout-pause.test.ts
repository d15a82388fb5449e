import { describe, expect, it } from 'vitest';
import { RESOURCES } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { pausedObject } from './rollout.js';

const info = (kind: string) => RESOURCES.find((r) => r.kind === kind)!;
const deploy = (paused?: boolean): KubeObject => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w' }, spec: paused === undefined ? {} : { paused } }) as KubeObject;

describe('rollout pause/resume (ObjectPauserFn / ObjectResumerFn)', () => {
  it('pauses a running Deployment and resumes it by dropping spec.paused', () => {
    const paused = pausedObject(info('Deployment'), deploy(), true);
    expect(paused.spec.paused).toBe(true);
    expect('paused' in pausedObject(info('Deployment'), paused, false).spec).toBe(false);
  });
  it("gives the helpers' errors", () => {
    expect(() => pausedObject(info('Deployment'), deploy(true), true)).toThrow('is already paused');
    expect(() => pausedObject(info('Deployment'), deploy(), false)).toThrow('is not paused');
    expect(() => pausedObject(info('DaemonSet'), deploy(), true)).toThrow('pausing is not supported');
    expect(() => pausedObject(info('StatefulSet'), deploy(), false)).toThrow('resuming is not supported');
  });
});

// The five seed labs replay into fresh homes with no failures, and with exactly the commands they mark or the
// classifier finds unreplayable skipped: a new skip (a check quietly dropped) or a new failure fails here.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { replayLab } from '../src/cli/replay/run.js';
import { Session } from '../src/cli/session.js';

const ROOT = path.resolve(__dirname, '..');

/** lab → [commands run, skipped] */
const EXPECTED: Record<string, [number, number]> = {
  'load-balancing-k105': [25, 5],
  'networking-101': [86, 23],
  'pod-to-service': [11, 2],
  'routing-models': [37, 2],
  'service-deep-dive': [64, 6],
};

describe('seed labs replay', () => {
  it('covers every lab in manifests/labs', () => {
    const labs = fs.readdirSync(path.join(ROOT, 'manifests', 'labs')).filter((d) => fs.existsSync(path.join(ROOT, 'manifests', 'labs', d, 'lab.md')));
    expect(labs.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s: 0 failed, %j run/skipped', async (name, [run, skipped]) => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-lab-test-'));
    try {
      const session = new Session({ home, persistent: true });
      const file = path.join(ROOT, 'manifests', 'labs', name, 'lab.md');
      let text = '';
      const s = await replayLab(file, `manifests/labs/${name}/lab.md`, { session, quiet: true, out: (t) => (text += t), env: { ...process.env, KUBESIM_HOME: home } });
      expect(s.failed, text).toBe(0);
      expect([s.run, s.skipped]).toEqual([run, skipped]);
    } finally {
      fs.rmSync(home, { recursive: true, force: true });
    }
  }, 120_000);
});

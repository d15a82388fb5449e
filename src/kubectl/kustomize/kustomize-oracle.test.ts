// `kubectl kustomize` on the fixture kustomizations of test/fixtures/kustomize, byte for byte against what stock
// kubectl.1.32 (kustomize v5.5.0) printed for them, recorded beside each fixture (expected.out, expected.err with
// the exit status). When the binary is present, it is run again to check the records are still its output.
// KUBESIM_RECORD_KUSTOMIZE=1 rewrites the records from the binary.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { oracleKubectl } from '../cmd/oracle.js';
import { testCluster } from '../cmd/testkit.js';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../test/fixtures/kustomize');
const CASES = fs
  .readdirSync(ROOT)
  .filter((n) => !n.startsWith('_') && fs.statSync(path.join(ROOT, n)).isDirectory())
  .sort();

/** absolute paths become $FIXTURES; the Go pointer some kustomize errors print is dropped */
function normalize(text: string): string {
  return text.split(ROOT).join('$FIXTURES').replace(/merging from generator &\{0x[0-9a-f]+ <nil>\}:/g, 'merging from generator:');
}

function record(c: string, r: { out: string; err: string; code: number }) {
  fs.writeFileSync(path.join(ROOT, c, 'expected.out'), normalize(r.out));
  fs.writeFileSync(path.join(ROOT, c, 'expected.err'), `${normalize(r.err)}[exit ${r.code}]\n`);
}

describe('kubectl kustomize against kustomize v5.5.0', () => {
  if (process.env.KUBESIM_RECORD_KUSTOMIZE === '1' && oracleKubectl) {
    for (const c of CASES) record(c, oracleKubectl(['kustomize', c], ROOT));
  }
  it('has fixtures', () => {
    expect(CASES.length).toBeGreaterThan(10);
  });
  for (const c of CASES) {
    it(c, async () => {
      const out = fs.readFileSync(path.join(ROOT, c, 'expected.out'), 'utf8');
      const err = fs.readFileSync(path.join(ROOT, c, 'expected.err'), 'utf8');
      const t = testCluster();
      const r = await t.run(['kustomize', c], { cwd: ROOT });
      expect(normalize(r.out)).toBe(out);
      expect(`${normalize(r.err)}[exit ${r.code}]\n`).toBe(err);
      if (oracleKubectl) {
        const o = oracleKubectl(['kustomize', c], ROOT);
        expect(normalize(o.out), 'the recorded output is no longer what kubectl.1.32 prints').toBe(out);
        expect(`${normalize(o.err)}[exit ${o.code}]\n`).toBe(err);
      }
    });
  }
});

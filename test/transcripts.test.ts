// Golden transcripts: `kubesim test` run in-process on test/transcripts (must pass), and the self-test: the
// deliberately wrong test/selftest/wrong.md must FAIL with the expected diff, in text, TAP and JUnit form, and
// --update must turn it into a passing file that keeps its wildcards.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runTest } from '../src/cli/commands/test.js';
import { Session } from '../src/cli/session.js';

const ROOT = path.resolve(__dirname, '..');

async function kubesimTest(args: string[], cwd = ROOT): Promise<{ code: number; out: string }> {
  let out = '';
  const io = { out: (t: string) => (out += t), err: (t: string) => (out += t), stdin: undefined, isTTY: false, env: { ...process.env }, cwd };
  const session = new Session({ home: path.join(os.tmpdir(), 'kubesim-unused-home'), persistent: false });
  const code = await runTest(args, session, io);
  return { code, out: out.replace(/\(\d+\.\d+s\)/, '(T)') };
}

const WRONG_DIFF = `FAIL  test/selftest/wrong.md (3 of 4 failed)
--- test/selftest/wrong.md:10 (expected)
+++ actual
@@ -11,2 +11,2 @@ $ kubectl get svc
 NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE
-kubernetes   ClusterIP   10.96.0.2    <none>        443/TCP   [..]
+kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s
--- test/selftest/wrong.md:13 (expected)
+++ actual
@@ -14,1 +14,2 @@ $ kubectl get pod nope
 Error from server (NotFound): pods "nope" not found
+[1]
--- test/selftest/wrong.md:15 (expected)
+++ actual
@@ -16,3 +16,2 @@ $ kubectl get ns default
 NAME      STATUS   AGE
 ...
-default   Active   5m (re)
# Ran 4 commands in 1 file (T): 1 passed, 3 failed.
`;

const GOLDENS = fs
  .readdirSync(path.join(ROOT, 'test', 'transcripts'))
  .filter((f) => /\.(md|t)$/.test(f))
  .sort();

describe('golden transcripts', () => {
  // one test per file, so a slow machine times out a file rather than the whole set
  it.each(GOLDENS)('test/transcripts/%s passes', async (f) => {
    const r = await kubesimTest([`test/transcripts/${f}`]);
    expect(r.out).toMatch(/# Ran \d+ commands? in 1 file \(T\): \d+ passed, 0 failed\.\n$/);
    expect(r.code).toBe(0);
  }, 120_000);
});

describe('self-test: a wrong transcript fails', () => {
  it('fails with the expected diff and exit 1', async () => {
    const r = await kubesimTest(['test/selftest/wrong.md']);
    expect(r.out).toBe(WRONG_DIFF);
    expect(r.code).toBe(1);
  });

  it('--frozen fails the same way and writes nothing', async () => {
    const before = fs.readFileSync(path.join(ROOT, 'test/selftest/wrong.md'), 'utf8');
    const r = await kubesimTest(['--frozen', 'test/selftest/wrong.md']);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(path.join(ROOT, 'test/selftest/wrong.md'), 'utf8')).toBe(before);
  });

  it('reports TAP and JUnit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-junit-'));
    const junit = path.join(dir, 'junit.xml');
    const r = await kubesimTest(['--tap', '--junit', junit, 'test/selftest/wrong.md']);
    expect(r.code).toBe(1);
    expect(r.out.split('\n').filter((l) => /^(not )?ok /.test(l))).toEqual([
      'not ok 1 - test/selftest/wrong.md:10 $ kubectl get svc',
      'not ok 2 - test/selftest/wrong.md:13 $ kubectl get pod nope',
      'not ok 3 - test/selftest/wrong.md:15 $ kubectl get ns default',
      'ok 4 - test/selftest/wrong.md:19 $ kubectl version --client',
    ]);
    const xml = fs.readFileSync(junit, 'utf8');
    expect(xml).toContain('<testsuite name="test/selftest/wrong.md" tests="4" failures="3" errors="0"');
    expect(xml).toContain('<failure message="output differs">--- test/selftest/wrong.md:10 (expected)\n+++ actual\n@@ -11,2 +11,2 @@ $ kubectl get svc\n');
  });

  it('--update rewrites it into a passing transcript, keeping wildcards', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-update-'));
    fs.copyFileSync(path.join(ROOT, 'test/selftest/wrong.md'), path.join(dir, 'wrong.md'));
    const u = await kubesimTest(['--update', 'wrong.md'], dir);
    expect(u.code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'wrong.md'), 'utf8');
    expect(text).toContain('$ kubectl get svc\nNAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE\nkubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   0s\n');
    expect(text).toContain('$ kubectl get pod nope\nError from server (NotFound): pods "nope" not found\n[1]\n');
    expect(text).toContain('$ kubectl get ns default\nNAME      STATUS   AGE\n...\n$ kubectl version');
    const again = await kubesimTest(['wrong.md'], dir);
    expect(again.code).toBe(0);
  });

  it('points at file:line when a transcript cannot be parsed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-bad-'));
    fs.writeFileSync(path.join(dir, 'bad.md'), '# bad\n\n```console\n$ kubectl get pods\n');
    fs.writeFileSync(path.join(dir, 'badfm.md'), '---\nseed: many\n---\n');
    const r = await kubesimTest(['bad.md', 'badfm.md'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain('ERROR bad.md:3: code block opened here is never closed (```)\n');
    expect(r.out).toContain('ERROR badfm.md:2: front matter: seed: must be a non-negative integer, got "many"\n');
  });
});

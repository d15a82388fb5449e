// Reports of a transcript run for people (diffs and a summary) and for CI (TAP 13, JUnit XML): one test case
// per transcript command, one failing case per file that could not be parsed.

import type { CommandOutcome, FileOutcome } from './run.js';

export interface Totals {
  files: number;
  commands: number;
  passed: number;
  failed: number;
  errors: number;
}

export function totals(files: FileOutcome[]): Totals {
  const all = files.flatMap((f) => f.outcomes);
  const passed = all.filter((o) => o.passed).length;
  return { files: files.length, commands: all.length, passed, failed: all.length - passed, errors: files.filter((f) => f.error).length };
}

function firstLine(cmd: string): string {
  const [first, ...rest] = cmd.split('\n');
  return rest.length ? `${first} ...` : first;
}

export function summaryLine(t: Totals, ms: number): string {
  const secs = (ms / 1000).toFixed(2);
  let s = `# Ran ${t.commands} command${t.commands === 1 ? '' : 's'} in ${t.files} file${t.files === 1 ? '' : 's'} (${secs}s): ${t.passed} passed, ${t.failed} failed`;
  if (t.errors) s += `, ${t.errors} file${t.errors === 1 ? '' : 's'} could not be read or parsed`;
  return s + '.\n';
}

/** One line per file: `ok   file (N commands)` / `FAIL file (k of N failed)` / `ERROR file:line: message`. */
export function fileLine(f: FileOutcome): string {
  if (f.error) return `ERROR ${f.error}\n`;
  const n = f.outcomes.length;
  const bad = f.outcomes.filter((o) => !o.passed).length;
  if (bad === 0) return `ok    ${f.file} (${n} command${n === 1 ? '' : 's'})\n`;
  return `FAIL  ${f.file} (${bad} of ${n} failed)\n`;
}

function testName(o: CommandOutcome): string {
  return `${o.file}:${o.line} $ ${firstLine(o.command)}`;
}

export function tapReport(files: FileOutcome[]): string {
  const cases: { ok: boolean; name: string; detail?: string }[] = [];
  for (const f of files) {
    if (f.error) cases.push({ ok: false, name: f.file, detail: f.error });
    for (const o of f.outcomes) cases.push({ ok: o.passed, name: testName(o), detail: o.passed ? undefined : o.diff });
  }
  let out = `TAP version 13\n1..${cases.length}\n`;
  cases.forEach((c, i) => {
    out += `${c.ok ? 'ok' : 'not ok'} ${i + 1} - ${c.name.replace(/#/g, '\\#')}\n`;
    if (c.detail) {
      out += '  ---\n  message: |\n';
      for (const l of c.detail.replace(/\n$/, '').split('\n')) out += `    ${l}\n`;
      out += '  ...\n';
    }
  });
  return out;
}

function xml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    // characters XML 1.0 cannot carry
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function junitReport(files: FileOutcome[]): string {
  const t = totals(files);
  const secs = (ms: number): string => (ms / 1000).toFixed(3);
  const total = files.reduce((s, f) => s + f.durationMs, 0);
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="kubesim test" tests="${t.commands + t.errors}" failures="${t.failed}" errors="${t.errors}" time="${secs(total)}">\n`;
  for (const f of files) {
    const failures = f.outcomes.filter((o) => !o.passed).length;
    out += `  <testsuite name="${xml(f.file)}" tests="${f.outcomes.length + (f.error ? 1 : 0)}" failures="${failures}" errors="${f.error ? 1 : 0}" time="${secs(f.durationMs)}">\n`;
    if (f.error) out += `    <testcase classname="${xml(f.file)}" name="parse"><error message="${xml(f.error)}"/></testcase>\n`;
    for (const o of f.outcomes) {
      out += `    <testcase classname="${xml(f.file)}" name="${xml(`${o.line}: $ ${firstLine(o.command)}`)}" time="${secs(o.durationMs)}"`;
      if (o.passed) out += '/>\n';
      else {
        const msg = o.crash ? 'kubesim crashed' : 'output differs';
        out += `>\n      <failure message="${msg}">${xml(o.diff)}</failure>\n    </testcase>\n`;
      }
    }
    out += '  </testsuite>\n';
  }
  return out + '</testsuites>\n';
}

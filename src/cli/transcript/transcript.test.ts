import { describe, expect, it } from 'vitest';
import { transcriptDiff } from './diff.js';
import { align, lineMatches, outputMatches, updatedExpected } from './match.js';
import { TranscriptParseError, parseTranscript } from './parse.js';
import { tapReport } from './report.js';

describe('lineMatches', () => {
  it('is exact by default', () => {
    expect(lineMatches('web   1/1', 'web   1/1')).toBe(true);
    expect(lineMatches('web   1/1', 'web  1/1')).toBe(false);
  });
  it('[..] matches any text within a line', () => {
    expect(lineMatches('web-[..]   1/1', 'web-7d4b9c-x2x   1/1')).toBe(true);
    expect(lineMatches('web-[..]   1/1', 'web-7d4b9c-x2x   0/1')).toBe(false);
    expect(lineMatches('a.b[..]', 'axb')).toBe(false);
  });
  it('(re) and (glob) suffixes', () => {
    expect(lineMatches('web-[a-z0-9]{5} +1/1 (re)', 'web-abc12   1/1')).toBe(true);
    expect(lineMatches('web-[a-z0-9]{5} +1/1 (re)', 'xweb-abc12   1/1')).toBe(false);
    expect(lineMatches('10.96.*:80 (glob)', '10.96.0.12:80')).toBe(true);
    expect(lineMatches('a? (glob)', 'ab')).toBe(true);
    expect(lineMatches('a? (glob)', 'abc')).toBe(false);
  });
});

describe('align and outputMatches', () => {
  it('... matches any number of lines, including none', () => {
    expect(outputMatches(['NAME', '...'], ['NAME', 'a', 'b'])).toBe(true);
    expect(outputMatches(['NAME', '...', 'end'], ['NAME', 'end'])).toBe(true);
    expect(outputMatches(['...'], [])).toBe(true);
    expect(outputMatches(['NAME', '...', 'end'], ['NAME', 'x'])).toBe(false);
  });
  it('update keeps wildcards and replaces what differs', () => {
    expect(updatedExpected(['NAME  AGE', 'web-[..]  5s', 'old', 'end'], ['NAME  AGE', 'web-abc  5s', 'new', 'end'])).toEqual(['NAME  AGE', 'web-[..]  5s', 'new', 'end']);
    // a `...` swallows what follows it; the expected line nothing matched goes
    expect(updatedExpected(['NAME', '...', 'old'], ['NAME', 'x', 'new'])).toEqual(['NAME', '...']);
    expect(updatedExpected(['a', '...'], ['b'])).toEqual(['...']);
  });
  it('aligns at least cost', () => {
    expect(align(['a', 'b', 'c'], ['a', 'x', 'c']).ops.map((o) => o.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
  });
});

describe('transcriptDiff', () => {
  it('prints a unified diff in file line numbers with patterns as context', () => {
    const d = transcriptDiff({
      file: 'demo.md',
      expectedLine: 11,
      command: 'kubectl get svc',
      expected: ['NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   [..]', 'web          ClusterIP   10.96.0.99   <none>        80/TCP    5s'],
      actual: ['NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE', 'kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   10m', 'web          ClusterIP   10.96.0.42   <none>        80/TCP    5s'],
      exitExpected: undefined,
      exitActual: '[1]',
    });
    expect(d).toBe(
      [
        '--- demo.md:10 (expected)',
        '+++ actual',
        '@@ -11,3 +11,4 @@ $ kubectl get svc',
        ' NAME         TYPE        CLUSTER-IP   EXTERNAL-IP   PORT(S)   AGE',
        ' kubernetes   ClusterIP   10.96.0.1    <none>        443/TCP   [..]',
        '-web          ClusterIP   10.96.0.99   <none>        80/TCP    5s',
        '+web          ClusterIP   10.96.0.42   <none>        80/TCP    5s',
        '+[1]',
        '',
      ].join('\n'),
    );
  });
  it('is empty when everything matches', () => {
    expect(transcriptDiff({ file: 'f', expectedLine: 1, command: 'x', expected: ['a', '...'], actual: ['a', 'b'] })).toBe('');
  });
});

describe('parseTranscript', () => {
  it('reads console blocks, continuations, exit lines and file fences', () => {
    const md = [
      '---',
      'seed: 7',
      'nodes: 2',
      '---',
      '# Title',
      '```yaml file=cm.yaml',
      'kind: ConfigMap',
      '```',
      '```console',
      '$ kubectl get pods',
      'No resources found in default namespace.',
      '',
      '$ kubectl apply -f - <<EOF',
      '> kind: Namespace',
      '> EOF',
      'namespace/x created',
      '$ kubectl get pod nope',
      'Error from server (NotFound): pods "nope" not found',
      '[1]',
      '$ false',
      '? failed',
      '```',
      '```bash',
      '$ not a test block',
      '```',
    ].join('\n');
    const t = parseTranscript('demo.md', md + '\n');
    expect(t.frontMatter).toEqual({ seed: 7, nodes: 2 });
    expect(t.steps.map((s) => (s.type === 'file' ? `file ${s.name} ${JSON.stringify(s.content)}` : `${s.line} ${JSON.stringify(s.command)} ${JSON.stringify(s.expected)} ${JSON.stringify(s.exit)} ${s.span}`))).toEqual([
      'file cm.yaml "kind: ConfigMap\\n"',
      '10 "kubectl get pods" ["No resources found in default namespace."] {"kind":"success","explicit":false} 10,11',
      '13 "kubectl apply -f - <<EOF\\nkind: Namespace\\nEOF" ["namespace/x created"] {"kind":"success","explicit":false} 15,16',
      '17 "kubectl get pod nope" ["Error from server (NotFound): pods \\"nope\\" not found"] {"kind":"code","code":1,"style":"cram"} 17,19',
      '20 "false" [] {"kind":"failed"} 20,21',
    ]);
  });
  it('reads cram .t files', () => {
    const t = parseTranscript('x.t', 'A comment\n  $ kubectl get ns default\n  NAME      STATUS   AGE\n  default   Active   0s\n\nmore comment\n  $ kubectl get pod x\n  Error from server (NotFound): pods "x" not found\n  [1]\n');
    expect(t.steps).toMatchObject([
      { line: 2, command: 'kubectl get ns default', expected: ['NAME      STATUS   AGE', 'default   Active   0s'], indent: '  ' },
      { line: 7, command: 'kubectl get pod x', exit: { kind: 'code', code: 1 } },
    ]);
  });
  it('points at the file and line of what it cannot parse', () => {
    const err = (text: string): string => {
      try {
        parseTranscript('bad.md', text);
      } catch (e) {
        expect(e).toBeInstanceOf(TranscriptParseError);
        return (e as Error).message;
      }
      return 'no error';
    };
    expect(err('intro\n\n```console\n$ kubectl get pods\n')).toBe('bad.md:3: code block opened here is never closed (```)');
    expect(err('```console\nstray output\n$ k get pods\n```\n')).toBe('bad.md:2: output line before any "$ " command: "stray output"');
    expect(err('---\nseed: [1\n---\n')).toMatch(/^bad\.md:\d+: front matter: /);
    expect(err('---\nseed: 1\n')).toBe('bad.md:1: front matter: no closing "---" line');
    expect(err('```yaml file=../../etc/x\na: 1\n```\n')).toBe("bad.md:1: file=../../etc/x: a fixture must stay inside the transcript's scratch directory (no '..')");
    expect(err('```yaml file=/tmp/x\na: 1\n```\n')).toBe("bad.md:1: file=/tmp/x: a fixture must be a relative path inside the transcript's scratch directory");
  });
});

describe('tapReport', () => {
  it('prints TAP 13 with diagnostics for failures', () => {
    const tap = tapReport([
      {
        file: 'a.md',
        durationMs: 1,
        outcomes: [
          { file: 'a.md', line: 3, command: 'kubectl get pods', passed: true, actual: [], code: 0, diff: '', durationMs: 1, via: 'in-process' },
          { file: 'a.md', line: 7, command: 'kubectl get svc', passed: false, actual: [], code: 1, diff: '--- a.md:7\n+x\n', durationMs: 1, via: 'in-process' },
        ],
      },
      { file: 'b.md', durationMs: 0, outcomes: [], error: 'b.md:2: bad' },
    ]);
    expect(tap).toBe('TAP version 13\n1..3\nok 1 - a.md:3 $ kubectl get pods\nnot ok 2 - a.md:7 $ kubectl get svc\n  ---\n  message: |\n    --- a.md:7\n    +x\n  ...\nnot ok 3 - b.md\n  ---\n  message: |\n    b.md:2: bad\n  ...\n');
  });
});

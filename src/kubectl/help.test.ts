// kubectl's help: `--help`/`-h` on any implemented command, `kubectl help CMD`, `kubectl options`, the root
// command, and cobra's unknown help topic, with texts byte-equal to the real v1.32 binary (checked on excerpts).

import { describe, expect, it } from 'vitest';
import { testCluster } from './cmd/testkit.js';

describe('kubectl --help', () => {
  it('prints the command help on stdout with exit 0, flags or not', async () => {
    const r = await testCluster().run(['get', 'pods', '--help']);
    expect(r.code).toBe(0);
    expect(r.out.startsWith('Display one or many resources.\n\n Prints a table of the most important information')).toBe(true);
    expect(r.out.endsWith('Use "kubectl options" for a list of global command-line options (applies to all commands).\n')).toBe(true);
    const h = await testCluster().run(['create', 'deployment', '-h']);
    expect(h.out).toContain('Usage:\n  kubectl create deployment NAME --image=image -- [COMMAND] [args...] [options]\n');
  });
  it('resolves sub-command aliases and `kubectl help CMD`', async () => {
    const a = await testCluster().run(['create', 'svc', 'nodeport', '--help']);
    const b = await testCluster().run(['help', 'create', 'service', 'nodeport']);
    expect(a.out).toBe(b.out);
    expect(a.out.split('\n')[0]).toBe('Create a NodePort service with the specified name.');
  });
  it('leaves --help after -- to the container command', async () => {
    const r = await testCluster().run(['exec', 'nope', '--', 'ls', '--help']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('Error from server (NotFound): pods "nope" not found\n');
  });
  it('unknown help topic: cobra prints the root usage on stderr', async () => {
    const r = await testCluster().run(['help', 'nope']);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err.split('\n').slice(0, 4)).toEqual(['Unknown help topic [`nope`]', '', '', 'Basic Commands (Beginner):']);
  });
});

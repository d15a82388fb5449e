import { describe, expect, it } from 'vitest';
import { HELP_TEXTS } from '../help-texts.js';
import { directiveName, walk } from './complete.js';
import { parseHelpFlags } from './complete-tree.js';
import { testCluster } from './testkit.js';

const pod = (name: string, ns = 'default', labels: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: ns, labels },
  spec: { initContainers: [{ name: 'init', image: 'busybox' }], containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 80 }] }] },
});

describe('__complete', () => {
  it('lists commands sorted, with descriptions, and the directive', async () => {
    const t = testCluster();
    const r = await t.run(['__complete', 'ro']);
    expect(r.out).toBe('rollout\tManage the rollout of a resource\n:4\n');
    expect(r.err).toBe('Completion ended with directive: ShellCompDirectiveNoFileComp\n');
    const all = (await t.run(['__complete', ''])).out.split('\n');
    expect(all[0]).toBe('annotate\tUpdate the annotations on a resource');
    expect(all).toContain('help\tHelp about any command');
  });

  it('completes flags: globals first, then the local ones with -h; set flags drop out', async () => {
    const t = testCluster();
    const lines = (await t.run(['__complete', 'get', '-w', '--w'])).out.split('\n');
    expect(lines).toEqual(['--warnings-as-errors\tTreat warnings received from the server as errors and exit with a non-zero exit code', '--watch-only\tWatch for changes to the requested object(s), without listing/getting first.', ':4', '']);
    const short = (await t.run(['__complete', 'get', '-'])).out;
    expect(short).toContain('-h\thelp for get\n');
    expect(short.indexOf('--as\t')).toBeLessThan(short.indexOf('--all-namespaces\t'));
  });

  it('completes flag values: output formats, files, namespaces', async () => {
    const t = testCluster();
    expect((await t.run(['__complete', 'get', '--output=j'])).out).toBe('json\njsonpath\njsonpath-as-json\njsonpath-file\n:4\n');
    expect((await t.run(['__complete', 'apply', '-f', ''])).out).toBe('json\nyaml\nyml\n:8\n');
    expect((await t.run(['__complete', '-n', 'kube-'])).out).toBe('kube-node-lease\nkube-public\nkube-system\n:4\n');
    expect((await t.run(['__complete', 'delete', '--cascade', ''])).out).toContain('pods\n');
  });

  it('completes resource types, names in the -n namespace and TYPE/NAME', async () => {
    const t = testCluster([pod('web-1'), pod('web-2'), pod('db', 'kube-system')]);
    expect((await t.run(['__complete', 'get', 'po'])).out).toBe('pods\npodtemplates\npoddisruptionbudgets.policy\n:4\n');
    expect((await t.run(['__complete', 'get', 'pods', ''])).out).toBe('web-1\nweb-2\n:4\n');
    expect((await t.run(['__complete', 'get', 'pods', 'web-1', ''])).out).toBe('web-2\n:4\n');
    expect((await t.run(['__complete', '-n', 'kube-system', 'get', 'pods', ''])).out).toBe('db\n:4\n');
    expect((await t.run(['__complete', 'describe', 'pod/w'])).out).toBe('pod/web-1\npod/web-2\n:4\n');
    expect((await t.run(['__complete', 'get', 'pods/web-1', 'no'])).out).toBe('nodes/\n:6\n');
    expect((await t.run(['__complete', 'get', 'pods/web-1', 'no'])).err).toBe('Completion ended with directive: ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp\n');
  });

  it('completes pods, containers and ports for exec, logs and port-forward', async () => {
    const t = testCluster([pod('web-1', 'default', { app: 'web' })]);
    expect((await t.run(['__complete', 'exec', 'w'])).out).toBe('web-1\n:4\n');
    expect((await t.run(['__complete', 'exec', 'x'])).out).toBe(':6\n');
    expect((await t.run(['__complete', 'logs', 'web-1', ''])).out).toBe('init\nweb\n:4\n');
    expect((await t.run(['__complete', 'exec', 'web-1', '-c', ''])).out).toBe('init\nweb\n:4\n');
    expect((await t.run(['__complete', 'port-forward', 'web-1', ''])).out).toBe('80:80\n:4\n');
    expect((await t.run(['__complete', 'port-forward', 'web-1', '8080'])).out).toBe('8080:80\n:4\n');
    expect((await t.run(['__complete', 'port-forward', 'web-1', '9'])).out).toBe('9:80\n:4\n');
    expect((await t.run(['__complete', 'port-forward', 'web-1', '8080:'])).out).toBe('8080:80\n:4\n');
  });

  it('required flags come first; rollout offers its kinds; config its contexts', async () => {
    const t = testCluster();
    expect((await t.run(['__complete', 'scale', ''])).out).toBe('--replicas\tThe new desired number of replicas. Required.\ndeployment\nreplicaset\nreplicationcontroller\nstatefulset\n:4\n');
    expect((await t.run(['__complete', 'rollout', 'undo', 'd'])).out).toBe('deployment\ndaemonset\n:4\n');
    expect((await t.run(['__complete', 'config', 'use-context', ''])).out).toBe('kind-kubesim\n:4\n');
    expect((await t.run(['__complete', 'completion', 'z'])).out).toBe('zsh\n:4\n');
  });

  it('an unknown command falls to plugin completion with cobra debug lines', async () => {
    const r = await testCluster().run(['__complete', 'nosuch', '']);
    expect(r).toEqual({ code: 0, out: ':0\n', err: '[Debug] Cleared global flags for plugin completion\n[Debug] [Error] unable to find a command for arguments: [nosuch]\nCompletion ended with directive: ShellCompDirectiveDefault\n' });
  });
});

describe('completion', () => {
  it('prints stock scripts and kubectl errors', async () => {
    const t = testCluster();
    const bash = await t.run(['completion', 'bash']);
    expect(bash.out).toContain('__start_kubectl()');
    expect(bash.out).toContain('requestComp="${words[0]} __complete ${args[*]}"');
    expect(await t.run(['completion'])).toEqual({ code: 1, out: '', err: "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples\n" });
    expect((await t.run(['completion', 'tcsh'])).err).toBe('error: Unsupported shell type "tcsh".\nSee \'kubectl completion -h\' for help and examples\n');
  });
});

describe('complete-tree', () => {
  it('parses help flags and walks sub-commands', () => {
    const flags = parseHelpFlags(HELP_TEXTS['rollout status']);
    expect(flags.find((f) => f.name === 'watch')).toMatchObject({ short: 'w', bool: true });
    const w = walk(HELP_TEXTS, ['-n', 'dev', 'rollout', 'status', 'deploy/x']);
    expect(w.cmd.path).toBe('rollout status');
    expect(w.args).toEqual(['deploy/x']);
    expect(w.namespace).toBe('dev');
    expect(directiveName(6)).toBe('ShellCompDirectiveNoSpace, ShellCompDirectiveNoFileComp');
  });
});

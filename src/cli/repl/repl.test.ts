import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { complete, type CompletionSource } from './complete.js';
import { replLineToCommand } from './line.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-complete-'));
fs.writeFileSync(path.join(dir, 'web.yaml'), '');
fs.writeFileSync(path.join(dir, 'svc.yaml'), '');
fs.mkdirSync(path.join(dir, 'labs'));

const src: CompletionSource = {
  commands: ['apply', 'create', 'delete', 'describe', 'exit', 'expose', 'get', 'iptables-save', 'k', 'kubectl', 'sudo'],
  cwd: dir,
  names: async (info, ns) => {
    if (info.name === 'namespaces') return ['default', 'kube-system'];
    if (info.name === 'pods') return ns === 'kube-system' ? ['coredns-abc'] : ['web-1', 'web-2', 'db-0'];
    if (info.name === 'deployments') return ['web'];
    return [];
  },
};

describe('complete', () => {
  it.each([
    ['', ['apply', 'create', 'delete', 'describe', 'exit', 'expose', 'get', 'iptables-save', 'k', 'kubectl', 'sudo'], ''],
    ['de', ['delete', 'describe'], 'de'],
    ['kubectl de', ['delete', 'describe'], 'de'],
    ['get deploy', ['deploy', 'deployment', 'deployments'], 'deploy'],
    ['k get pods we', ['web-1', 'web-2'], 'we'],
    ['get pods -n kube-system co', ['coredns-abc'], 'co'],
    ['get pods -n kube', ['kube-system'], 'kube'],
    ['describe deploy/w', ['deploy/web'], 'deploy/w'],
    ['apply -f ', ['labs/', 'svc.yaml', 'web.yaml'], ''],
    ['apply -f w', ['web.yaml'], 'w'],
    ['get pods -o y', ['yaml'], 'y'],
    ['get pods --sh', ['--show-labels'], '--sh'],
    ['create dep', ['deployment'], 'dep'],
    ['logs d', ['db-0'], 'd'],
    ['get pods | grep we', ['web.yaml'], 'we'],
  ])('%j', async (line, hits, word) => {
    expect(await complete(line, src)).toEqual([hits, word]);
  });
});

describe('replLineToCommand', () => {
  it.each([
    ['get pods', 'kubectl get pods'],
    ['  get pods | grep web', '  kubectl get pods | grep web'],
    ['sudo get pods', 'sudo kubectl get pods'],
    ['k get pods', 'k get pods'],
    ['iptables-save', 'iptables-save'],
    ['clock advance 30s', 'kubesim clock advance 30s'],
    ['echo hi', 'echo hi'],
  ])('%j → %j', (line, cmd) => {
    expect(replLineToCommand(line)).toBe(cmd);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { localPortReached, localPortsOpened, placeholderIn, skipReason } from './classify.js';
import { examplePath, resolveExample, rewriteExampleUrls } from './examples.js';
import { parseLab, type LabCommand, type LabStep } from './lab.js';
import { outputReason } from './lines.js';
import { sessionPlan } from './sessions.js';

const cmds = (steps: LabStep[]): LabCommand[] => steps.filter((s): s is LabCommand => s.kind === 'command');

describe('the line classifier', () => {
  it.each([
    ['kubectl get pods', undefined],
    ['sudo crictl ps', undefined],
    ['export POD_NAME=$(kubectl get pods -o name)', undefined],
    ['./run.sh --fast', undefined],
    ['for i in 1 2 3; do echo $i; done', undefined],
    ['NAME                        READY   STATUS    RESTARTS   AGE', 'a table header'],
    ['deployment.apps/nginx-deployment created', 'a kubectl result line'],
    ['pod "busybox" deleted', 'a kubectl result line'],
    ['apiVersion: v1', 'YAML'],
    ['- name: nginx', 'YAML'],
    ['{ "kind": "Pod" }', 'JSON'],
    ['my-nginx-3800858182-jr4a2   1/1       Running   0          13s', 'not a command'],
    ['Hello Kubernetes bootcamp! | Running on: x | v=1', 'not a command'],
  ])('%s', (line, why) => {
    expect(outputReason(line, { assignments: true })).toBe(why);
  });
  it('reads NAME=value lines as env output outside script blocks', () => {
    expect(outputReason('KUBERNETES_SERVICE_HOST=10.0.0.1', { assignments: false })).toBe('an environment listing');
    expect(outputReason('KUBERNETES_SERVICE_HOST=10.0.0.1', { assignments: true })).toBeUndefined();
    expect(outputReason('X=$(kubectl get svc -o name)', { assignments: false })).toBeUndefined();
  });
});

describe('reading a page', () => {
  it('runs commands, not the output shown in the same block or after "The output is similar to"', () => {
    const md = [
      '```shell', // 1
      'kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs',
      '    POD_IP',
      '    [map[ip:10.244.3.4]]',
      '```',
      'The output is similar to this:', // 6
      '```shell',
      'kubectl get pods',
      '```',
      '```none', // 10
      'kubectl version',
      '```',
      '```',
      'NAME   READY',
      '```',
    ].join('\n');
    const steps = parseLab('p.md', md);
    expect(cmds(steps).map((c) => [c.line, c.text])).toEqual([
      [2, 'kubectl get pods -l run=my-nginx -o custom-columns=POD_IP:.status.podIPs'],
      [11, 'kubectl version'],
    ]);
    expect(cmds(steps)[0].output).toEqual([
      { line: 3, text: '    POD_IP\n    [map[ip:10.244.3.4]]' },
      { line: 8, text: 'kubectl get pods', expected: true },
    ]);
    expect(cmds(steps)[1].output).toEqual([{ line: 14, text: 'NAME   READY', expected: true }]);
  });
  it('reads indented blocks, in list items 4 columns past the item text, and not paragraphs', () => {
    const md = ['1. Create it:', '', '        kubectl apply -f x.yaml', '', '    The output is similar to this:', '', '        deployment.apps/x created', '', 'Then:', '', '    kubectl get deploy'].join('\n');
    const c = cmds(parseLab('p.md', md));
    expect(c.map((x) => [x.line, x.text])).toEqual([
      [3, 'kubectl apply -f x.yaml'],
      [11, 'kubectl get deploy'],
    ]);
    expect(c[0].output).toEqual([{ line: 7, text: 'deployment.apps/x created', expected: true }]);
  });
  it('keeps every command of a shell block with one $ prompt', () => {
    const md = ['```shell', '$ kubectl create deployment web --image=nginx', 'deployment.apps/web created', 'kubectl get pods', '```'].join('\n');
    expect(cmds(parseLab('p.md', md)).map((c) => c.text)).toEqual(['kubectl create deployment web --image=nginx', 'kubectl get pods']);
  });
  it('takes example shortcodes, and reports fences and heredocs never closed while reading on', () => {
    const md = ['{{< codenew file="application/deployment.yaml" >}}', '```shell', 'cat <<EOF', 'x', '```', '```shell', 'kubectl get pods', '```', '```shell', 'ls'].join('\n');
    expect(parseLab('p.md', md).map((s) => (s.kind === 'command' ? s.text : s.kind === 'problem' ? `${s.line}: ${s.message}` : s.kind === 'example' ? s.path : s.kind))).toEqual([
      'application/deployment.yaml',
      '3: command is never completed (unclosed quote, heredoc, `\\` or compound command): cat <<EOF (the rest of the block at line 2 is not run)',
      'kubectl get pods',
      '9: code block opened here is never closed (```); read up to the end of the file',
      'ls',
    ]);
  });
});

describe('in-pod blocks', () => {
  it('types the lines after kubectl run -it into the pod until exit, across blocks', () => {
    const md = ['## DNS', '```shell', 'kubectl run -it --rm t --image=busybox:1.28 -- sh', '```', 'Then:', '```shell', 'nslookup web', 'exit', '```', '```shell', 'kubectl get pods', '```'].join('\n');
    const steps = parseLab('p.md', md);
    const plan = sessionPlan(steps, 0);
    expect([plan.lines.map((l) => l.text), plan.end]).toEqual([['nslookup web', 'exit'], 'exit']);
  });
  it('ends the session with its section when the page never types exit', () => {
    const md = ['## A', '```shell', 'kubectl exec -ti web -- bash', '```', '```shell', 'cat server.js', '```', '## B', '```shell', 'kubectl get pods', '```'].join('\n');
    const plan = sessionPlan(parseLab('p.md', md), 0);
    expect([plan.lines.map((l) => l.text), plan.end, plan.endLine]).toEqual([['cat server.js'], 'section', 10]);
  });
});

describe('example URLs', () => {
  it('names the examples path of k8s.io, kubernetes.io and the raw GitHub URLs, nothing else', () => {
    expect(examplePath('https://k8s.io/examples/application/deployment.yaml')).toBe('application/deployment.yaml');
    expect(examplePath('https://kubernetes.io/examples/pods/simple-pod.yaml')).toBe('pods/simple-pod.yaml');
    expect(examplePath('https://raw.githubusercontent.com/kubernetes/website/main/content/en/examples/service/nginx-service.yaml')).toBe('service/nginx-service.yaml');
    expect(examplePath('https://github.com/kubernetes/website/raw/main/content/en/examples/a/b.yaml')).toBe('a/b.yaml');
    expect(examplePath('https://raw.githubusercontent.com/other/repo/main/x.yaml')).toBeUndefined();
    expect(examplePath('https://k8s.io/examples/../../etc/passwd')).toBeUndefined();
  });
  it('reads the file beside the lab, then declared dirs, then the vendored copy, and says which', () => {
    const lab = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-ex-'));
    const vendored = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-ex-v-'));
    try {
      fs.mkdirSync(path.join(vendored, 'application'));
      fs.writeFileSync(path.join(vendored, 'application', 'deployment.yaml'), 'v');
      const search = { labDir: lab, dirs: ['ex'], vendored };
      expect(resolveExample('application/deployment.yaml', search)).toEqual({ file: path.join(vendored, 'application', 'deployment.yaml'), source: "kubesim's copy of kubernetes/website content/en/examples/application/deployment.yaml" });
      fs.mkdirSync(path.join(lab, 'ex'));
      fs.writeFileSync(path.join(lab, 'ex', 'deployment.yaml'), 'd');
      expect(resolveExample('application/deployment.yaml', search)).toMatchObject({ source: 'ex/deployment.yaml (kubesim: examples ex)' });
      fs.writeFileSync(path.join(lab, 'deployment.yaml'), 'b');
      expect(resolveExample('application/deployment.yaml', search)).toMatchObject({ source: 'beside the lab (deployment.yaml)' });
      expect(resolveExample('nope/x.yaml', search)).toEqual({ missing: "nope/x.yaml is not beside the lab, nor ex, nor in kubesim's copy of the kubernetes/website examples" });
      const rw = rewriteExampleUrls('curl -LO https://k8s.io/examples/application/deployment.yaml && kubectl apply -f https://k8s.io/examples/application/deployment.yaml', search);
      const f = path.join(lab, 'deployment.yaml');
      expect(rw.text).toBe(`cp ${f} deployment.yaml && kubectl apply -f ${f}`);
      expect(rewriteExampleUrls('wget -qO- https://k8s.io/examples/nope/x.yaml | kubectl apply -f -', search).missing).toEqual([
        "https://k8s.io/examples/nope/x.yaml: nope/x.yaml is not beside the lab, nor ex, nor in kubesim's copy of the kubernetes/website examples",
      ]);
    } finally {
      fs.rmSync(lab, { recursive: true, force: true });
      fs.rmSync(vendored, { recursive: true, force: true });
    }
  });
});

describe('what a page leaves to its reader', () => {
  it('finds placeholders and the local ports of servers a skipped command would start', () => {
    expect(placeholderIn('kubectl describe pod <pod-name>')).toBe('<pod-name>');
    expect(placeholderIn('curl http://<external-ip>:<port>')).toBe('<external-ip>');
    expect(placeholderIn('curl -s web | grep "<title>"')).toBeUndefined();
    expect(placeholderIn('cat <<EOF >x.yaml')).toBeUndefined();
    expect(localPortsOpened('kubectl proxy')).toEqual([8001]);
    expect(localPortsOpened('kubectl proxy --port=8080')).toEqual([8080]);
    expect(localPortsOpened('kubectl port-forward svc/web 8080:80 9090')).toEqual([8080, 9090]);
    expect(localPortsOpened('minikube service web --url')).toBe('any');
    expect(localPortReached('curl http://localhost:8001/version')).toBe(8001);
    expect(localPortReached('kubectl exec -ti $POD -- curl http://localhost:8080')).toBeUndefined();
  });
});

describe('nothing pretends to be the node', () => {
  it('skips machine-inspecting tools kubesim does not serve, and runs the ones it does', () => {
    expect(skipReason('free -m', ['iptables-save'])).toBe('"free" on the node is not simulated by kubesim');
    expect(skipReason('ps auxw | grep kube-proxy', ['iptables-save'])).toBe('"ps" on the node is not simulated by kubesim');
    expect(skipReason('ps auxw | grep kube-proxy', ['iptables-save', 'ps'])).toBeUndefined();
    expect(skipReason('sudo lsmod | grep ip_vs', [])).toBe('"lsmod" on the node is not simulated by kubesim');
  });
});

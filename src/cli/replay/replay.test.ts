import { describe, expect, it } from 'vitest';
import { BASE_NODE_TOOLS } from '../bash/shims.js';
import { simpleCommands, skipReason } from './classify.js';
import { LabParseError, parseLab, splitPrompt } from './lab.js';

describe('splitPrompt', () => {
  it('strips the prompts of real lab sessions', () => {
    expect(splitPrompt('ubuntu@ip-172-31-24-84:~$ kubectl get nodes')).toEqual({ command: 'kubectl get nodes', root: false });
    expect(splitPrompt('vagrant@k8sMaster:~$  curl --silent http://$POD_IP')).toEqual({ command: ' curl --silent http://$POD_IP', root: false });
    expect(splitPrompt('$ chmod 400 net.pem')).toEqual({ command: 'chmod 400 net.pem', root: false });
    expect(splitPrompt('root@deploy-test-854bc66d47-tptt9:/# env | grep DEPLOY1_')).toEqual({ command: 'env | grep DEPLOY1_', root: true, host: 'deploy-test-854bc66d47-tptt9' });
    expect(splitPrompt('/ # wget -qO -  10.0.0.128')).toEqual({ command: 'wget -qO -  10.0.0.128', root: true });
    expect(splitPrompt('root@deploy-test-854bc66d47-tptt9:/# root@deploy-test-854bc66d47-tptt9:/# curl deploy1')).toEqual({ command: 'curl deploy1', root: true, host: 'deploy-test-854bc66d47-tptt9' });
    expect(splitPrompt('bash-5.0# nslookup svc-destination')).toEqual({ command: 'nslookup svc-destination', root: true });
    expect(splitPrompt('bash-5.1$ id')).toEqual({ command: 'id', root: false });
    expect(splitPrompt('NAME      READY   STATUS')).toBeUndefined();
    expect(splitPrompt('ubuntu@ip-172-31-24-84:~$')).toEqual({ command: '', root: false });
  });
});

describe('parseLab', () => {
  it('takes prompt lines of console blocks, whole bash blocks and file fences', () => {
    const md = [
      '# Lab',
      '```',
      'ubuntu@ip-172-31-24-84:~$ kubectl get pods',
      'No resources found in default namespace.',
      'ubuntu@ip-172-31-24-84:~$ cat <<EOF > svc.yaml',
      'kind: Service',
      'EOF',
      'ubuntu@ip-172-31-24-84:~$',
      '```',
      '```yaml file=web.yaml',
      'kind: Pod',
      '```',
      '```yaml',
      'kind: NotRun',
      '```',
      '```bash',
      '# a comment',
      'for i in 1 2; do',
      '  echo $i',
      'done',
      'ssh host   # kubesim: skip needs the lab VM',
      'false # kubesim: fails',
      '```',
    ].join('\n');
    expect(parseLab('lab.md', md)).toMatchObject([
      { kind: 'command', line: 3, text: 'kubectl get pods', inContainer: undefined, output: [{ line: 4, text: 'No resources found in default namespace.' }] },
      { kind: 'command', line: 5, text: 'cat <<EOF > svc.yaml\nkind: Service\nEOF', inContainer: undefined },
      { kind: 'file', line: 10, name: 'web.yaml', content: 'kind: Pod\n' },
      { kind: 'command', line: 18, text: 'for i in 1 2; do\n  echo $i\ndone' },
      { kind: 'command', line: 21, text: 'ssh host   # kubesim: skip needs the lab VM', skip: 'needs the lab VM' },
      { kind: 'command', line: 22, text: 'false # kubesim: fails', expectFail: true },
    ]);
  });
  it('groups a bash script into commands', () => {
    expect(parseLab('lab.sh', '#!/bin/bash\nkubectl get pods \\\n  -A\n\nexport X=1\n').map((s) => (s.kind === 'command' ? [s.line, s.text] : s))).toEqual([
      [2, 'kubectl get pods \\\n  -A'],
      [5, 'export X=1'],
    ]);
  });
  it('points at the line of a command that never ends', () => {
    expect(() => parseLab('lab.sh', 'kubectl get pods\necho "open\n')).toThrow(new LabParseError('lab.sh', 2, 'command is never completed (unclosed quote, heredoc, `\\` or compound command): echo "open'));
    // in a page, the problem is a step of its own and the rest still reads
    expect(parseLab('lab.md', 'x\n```bash\nls\n')).toMatchObject([
      { kind: 'problem', line: 2, message: 'code block opened here is never closed (```); read up to the end of the file' },
      { kind: 'command', line: 3, text: 'ls' },
    ]);
  });
});

describe('skipReason', () => {
  const tools = BASE_NODE_TOOLS;
  it.each([
    ['ssh -i net.pem ubuntu@1.2.3.4', 'needs a remote lab machine (ssh)'],
    ['curl https://raw.githubusercontent.com/RX-M/classfiles/master/k8s-no-cni.sh | sh', 'runs a downloaded installer (curl | sh)'],
    ['wget https://github.com/cilium/cilium-cli/releases/latest/download/cilium-linux-amd64.tar.gz', 'downloads from the internet (wget)'],
    ['helm install cilium cilium/cilium', 'helm is not simulated'],
    ['watch -n 1 kubectl get  pod,deploy,rs,svc', 'repeats forever (watch)'],
    ['vim service.yaml', 'opens an editor'],
    ['sudo vi /etc/kubernetes/manifests/kube-apiserver.yaml', 'opens an editor'],
    ['kubectl edit svc vote', 'opens an editor (kubectl edit)'],
    ['kubectl get pods -w', 'watches forever (kubectl --watch)'],
    ['kubectl run client -it --image=busybox', 'opens an interactive shell in a container'],
    ['k exec -it deploy-test-854bc66d47-tptt9 -- /bin/bash', 'opens an interactive shell in a container'],
    ['kubectl logs -f web', 'follows logs forever (kubectl logs -f)'],
    ['sudo apt-get install curl', 'installs software on the host (apt-get)'],
    ['ping -c 3 172.31.24.122', '"ping" on the node is not simulated by kubesim'],
    ['kubectl apply -f https://app.getambassador.io/yaml/emissary/2.3.0/emissary-crds.yaml', 'reads a manifest from the internet'],
  ])('%s', (cmd, reason) => {
    expect(skipReason(cmd, tools)).toBe(reason);
  });
  it.each([
    'kubectl get pods -o wide',
    'export POD_NAME=$(k get pods -o wide | grep "deploy1-" |  awk \'{ print $1 }\')',
    'curl --silent http://$POD_IP | grep "<title>"',
    'sudo iptables -L -vn -t nat | grep 10.111.148.30',
    'kubectl exec -it web -- curl -s localhost',
    'kubectl exec web -- cat /etc/resolv.conf',
    "echo '\napiVersion: v1\n' >> svc-no-sel.yaml",
    // manifests kubesim carries a copy of (manifests/remote)
    'kubectl apply -f https://app.getambassador.io/yaml/emissary/2.2.2/emissary-crds.yaml',
    'kubectl apply --filename=https://kind.sigs.k8s.io/examples/ingress/deploy-ingress-nginx.yaml',
  ])('runs %s', (cmd) => {
    expect(skipReason(cmd, tools)).toBeUndefined();
  });
  it('runs the cilium CLI, a node tool kubesim serves', () => {
    expect(skipReason('cilium config view | grep cluster-pool', [...tools, 'cilium'])).toBeUndefined();
  });
  it('splits lines into simple commands', () => {
    expect(simpleCommands(`export A=$(k get svc | grep "x" | awk '{ print $3 }') && echo "$(date)"`)).toEqual(['export A=', 'k get svc', 'grep "x"', "awk '{ print $3 }'", 'echo "', 'date', '"']);
  });
});

describe('internet downloads', () => {
  it('skips curl and wget to public hosts, not to cluster names', async () => {
    const { internetHost } = await import('./classify.js');
    expect(skipReason('wget https://github.com/cilium/cilium-cli/releases/latest/download/cilium-linux-amd64.tar.gz', [...BASE_NODE_TOOLS, 'wget'])).toBe('downloads from the internet (wget)');
    expect(skipReason('curl -sL https://get.helm.sh/helm.tar.gz -o helm.tgz', [...BASE_NODE_TOOLS, 'curl'])).toBe('reaches the internet (get.helm.sh)');
    expect(internetHost(['-s', 'www.mozilla.org'])).toBe('www.mozilla.org');
    expect(internetHost(['http://website.default.svc.cluster.local'])).toBeUndefined();
    expect(internetHost(['web.default:8080'])).toBeUndefined();
    expect(internetHost(['10.96.0.1:443'])).toBeUndefined();
    expect(skipReason('curl --silent http://$POD_IP | grep "<title>"', BASE_NODE_TOOLS)).toBeUndefined();
  });
});

describe('kubesim: init directive', () => {
  it('is read from an HTML comment in Markdown and a comment line in scripts, anywhere before or between blocks', () => {
    const md = [
      '<!-- kubesim lab converted from seed 003 -->',
      '<!-- kubesim: init --load-balancer-pool 172.18.255.200-172.18.255.250 --seed 7 -->',
      '```bash',
      'kubectl get svc',
      '```',
    ].join('\n');
    expect(parseLab('lab.md', md)).toMatchObject([
      { kind: 'init', line: 2, args: ['--load-balancer-pool', '172.18.255.200-172.18.255.250', '--seed', '7'] },
      { kind: 'command', line: 4, text: 'kubectl get svc' },
    ]);
    expect(parseLab('lab.sh', '#!/bin/bash\n# kubesim: init --nodes 2 --config "my cluster.yaml"\nkubectl get nodes\n')).toEqual([
      { kind: 'init', line: 2, args: ['--nodes', '2', '--config', 'my cluster.yaml'] },
      { kind: 'command', line: 3, text: 'kubectl get nodes' },
    ]);
    expect(parseLab('lab.sh', '# kubesim: init\n')).toEqual([{ kind: 'init', line: 1, args: [] }]);
    // a comment merely mentioning it, or another directive, is not it
    expect(parseLab('lab.sh', '# kubesim: initialise later\n# kubesim: replace 10.0.0.1 with $(x)\n')).toEqual([{ kind: 'replace', line: 2, original: '10.0.0.1', expr: '$(x)' }]);
  });
  it('is one per lab', () => {
    expect(() => parseLab('lab.sh', '# kubesim: init --seed 1\nls\n# kubesim: init --seed 2\n')).toThrow(
      new LabParseError('lab.sh', 3, 'a second "kubesim: init" directive (the first is on line 1): a lab runs on one cluster'),
    );
  });
  it('takes the flags of kubesim init, the replay defaulting to the virtual clock', async () => {
    const { parseInitArgs } = await import('../commands/init.js');
    const c = parseInitArgs(['--load-balancer-pool', '172.18.255.200-172.18.255.250', '--seed', '7'], '/', { clock: 'virtual' });
    expect([c.loadBalancerPool, c.seed, c.clock, c.nodes.length]).toEqual(['172.18.255.200-172.18.255.250', 7, 'virtual', 3]);
    expect(parseInitArgs(['--clock', 'wall'], '/', { clock: 'virtual' }).clock).toBe('wall');
    expect(() => parseInitArgs(['--bogus'], '/')).toThrow("unknown option '--bogus'");
    expect(() => parseInitArgs(['--seed', 'x'], '/')).toThrow('--seed: must be a whole number, got "x"');
    expect(() => parseInitArgs(['--config', 'nope.yaml'], '/nonexistent')).toThrow('the path "nope.yaml" does not exist');
  });
});

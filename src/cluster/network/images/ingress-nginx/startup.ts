// What the ingress-nginx images log when they start: the controller's release banner and klog lines
// (cmd/nginx/main.go, internal/ingress/controller/nginx.go, status.go, controller.go at controller-v1.12.1), and
// kube-webhook-certgen's logrus JSON lines (cmd/create.go, pkg/k8s/k8s.go).

import { klogLine } from '../../../klog.js';
import type { Container } from '../../../apiserver/types.js';
import type { StartupContext, TimedLogWrite } from '../types.js';

/** controller-v1.12.1's release commit and the nginx it bundles. */
const RELEASES: Record<string, { commit: string; nginx: string }> = {
  'v1.12.1': { commit: '64780b1fed3af99f4eccbc3fdad7ad785e8a83b6', nginx: '1.25.5' },
};

export function controllerStartup(ctx: StartupContext, tag: string, kubernetesVersion: string): TimedLogWrite[] {
  const rel = RELEASES[tag] ?? { commit: 'UNKNOWN', nginx: '1.25.5' };
  const out: TimedLogWrite[] = [];
  const ms = ctx.startMs;
  out.push({
    ms,
    stream: 'stdout',
    text: `-------------------------------------------------------------------------------\nNGINX Ingress controller\n  Release:       ${tag}\n  Build:         ${rel.commit}\n  Repository:    https://github.com/kubernetes/ingress-nginx\n  nginx version: nginx/${rel.nginx}\n\n-------------------------------------------------------------------------------\n`,
  });
  const pod = ctx.pod.metadata;
  let t = 0;
  const log = (level: 'I' | 'W', step: number, where: string, msg: string) => {
    t += step;
    const at = ms + Math.floor(t / 1000);
    out.push({ ms: at, stream: 'stderr', text: klogLine(level, at, (t * 1000) % 1_000_000, where, msg) });
  };
  const [major, minor] = kubernetesVersion.replace(/^v/, '').split('.');
  log('W', 12, 'client_config.go:667', 'Neither --kubeconfig nor --master was specified.  Using the inClusterConfig.  This might not work.');
  log('I', 1, 'main.go:205', '"Creating API client" host="https://10.96.0.1:443"');
  log('I', 9, 'main.go:248', `"Running in Kubernetes cluster" major="${major}" minor="${minor}" git="${kubernetesVersion}" state="clean" commit="" platform="linux/amd64"`);
  log('I', 180, 'main.go:101', '"SSL fake certificate created" file="/etc/ingress-controller/ssl/default-fake-certificate.pem"');
  log('I', 30, 'nginx.go:271', '"Starting NGINX Ingress controller"');
  log('I', 1100, 'nginx.go:317', '"Starting NGINX process"');
  log('I', 1, 'leaderelection.go:257', `attempting to acquire leader lease ${pod.namespace}/ingress-nginx-leader...`);
  log('I', 2, 'controller.go:196', '"Configuration changes detected, backend reload required"');
  log('I', 10, 'leaderelection.go:271', `successfully acquired lease ${pod.namespace}/ingress-nginx-leader`);
  log('I', 1, 'status.go:85', `"New leader elected" identity="${pod.name}"`);
  log('I', 60, 'controller.go:216', '"Backend successfully reloaded"');
  log('I', 1, 'controller.go:227', '"Initial sync, sleeping for 1 second"');
  return out;
}

/** kube-webhook-certgen `create` or `patch`: the lines its run logs (logrus JSON, info level). */
export function certgenStartup(ctx: StartupContext, c: Container): TimedLogWrite[] {
  const args = c.args ?? [];
  const flag = (n: string, def: string) => args.find((a) => a.startsWith(`--${n}=`))?.slice(n.length + 3) ?? def;
  const time = new Date(Math.floor(ctx.startMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  const line = (msg: string, source: string) => ({ ms: ctx.startMs, stream: 'stderr' as const, text: `{"level":"info","msg":"${msg}","source":"${source}","time":"${time}"}` });
  if (args[0] === 'create') return [line('creating new secret', 'cmd/create.go:28')];
  if (args[0] === 'patch') {
    const mutating = flag('patch-mutating', 'true');
    const validating = flag('patch-validating', 'true');
    return [
      line(`patching webhook configurations '${flag('webhook-name', '')}' mutating=${mutating}, validating=${validating}, failurePolicy=${flag('patch-failure-policy', '')}`, 'k8s/k8s.go:118'),
      line('Patched hook(s)', 'k8s/k8s.go:138'),
    ];
  }
  return [];
}

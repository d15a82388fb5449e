// Which lab commands a simulation cannot honour, and why: remote machines (ssh), installers (`curl | sh`, wget,
// apt), editors, commands that never end (watch, --watch, logs -f, port-forward), interactive shells in pods,
// and node tools kubesim does not simulate. Looks at every simple command of a line (pipes, `&&`, `$(...)`).

import { UNSUPPORTED_TOOLS } from '../bash/shims.js';
import { vendoredManifestFile } from '../../cluster/state/vendored.js';

/** Rough word split of one simple command (quotes removed, no expansion). */
function words(segment: string): string[] {
  const out: string[] = [];
  const re = /'([^']*)'|"((?:[^"\\]|\\.)*)"|(\S+)/g;
  for (const m of segment.matchAll(re)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Splits a command line into its simple commands (on unquoted `|`, `||`, `&&`, `;`, `&`, newlines, `$(`, `(`, backticks). */
export function simpleCommands(text: string): string[] {
  const segs: string[] = [];
  let cur = '';
  let q = '';
  /** quote to return to when a `$(` opened inside double quotes closes */
  const stack: string[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === q) q = '';
      else if (c === '\\' && q === '"') {
        cur += c + (text[i + 1] ?? '');
        i++;
        continue;
      }
      // a command substitution inside double quotes is still a command
      if (q === '"' && c === '$' && text[i + 1] === '(') {
        segs.push(cur);
        cur = '';
        stack.push('"');
        q = '';
        i++;
        continue;
      }
      cur += c;
      continue;
    }
    if (c === "'" || c === '"') {
      q = c;
      cur += c;
      continue;
    }
    if (c === '\\') {
      cur += c + (text[i + 1] ?? '');
      i++;
      continue;
    }
    if ('|&;\n()`'.includes(c) || (c === '$' && text[i + 1] === '(')) {
      segs.push(cur);
      cur = '';
      if (c === '$') {
        stack.push('');
        i++;
      } else if (c === '(') stack.push('');
      else if (c === ')' && stack.length) q = stack.pop()!;
      continue;
    }
    cur += c;
  }
  segs.push(cur);
  return segs.map((s) => s.trim()).filter((s) => s !== '' && !s.startsWith('#'));
}

const PREFIXES = new Set(['sudo', 'time', 'exec', 'command', 'nohup', 'env']);
const HOST_INSTALL = new Set(['apt', 'apt-get', 'yum', 'dnf', 'snap', 'brew', 'pip', 'pip3', 'npm']);
const HOST_SERVICES = new Set(['systemctl', 'service', 'journalctl', 'reboot', 'shutdown']);
const NODE_NET = new Set(['ip', 'ping', 'route', 'ifconfig', 'ss', 'netstat', 'tcpdump', 'conntrack', 'nft', 'traceroute', 'tracepath', 'dig', 'host', 'arp', 'brctl', 'bridge', 'ethtool', 'crictl', 'docker', 'nc', 'telnet', 'iptables-legacy', 'iptables-nft']);
/** Tools that inspect the machine they run on: on a lab's node they would show this host, so they never run here. */
const HOST_INSPECT = new Set(['top', 'htop', 'free', 'df', 'uptime', 'lsof', 'mount', 'lsblk', 'dmesg', 'sysctl', 'modprobe', 'lsmod', 'hostnamectl', 'pgrep', 'pkill', 'killall', 'pidof', 'nproc', 'lscpu', 'ps', 'ipvsadm', 'lsns', 'nsenter', 'ctr', 'nerdctl', 'runc', 'ip6tables', 'ebtables', 'arptables', 'ipset', 'kubelet', 'etcdctl', 'iptables-restore']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'zsh', '/bin/sh', '/bin/bash', '/bin/ash', '/usr/bin/bash', '/bin/zsh']);

function commandName(ws: string[]): { name: string; args: string[] } | undefined {
  let i = 0;
  while (i < ws.length) {
    const w = ws[i];
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i++;
    else if (PREFIXES.has(w)) {
      i++;
      while (i < ws.length && ws[i].startsWith('-')) i += ws[i] === '-u' ? 2 : 1;
    } else break;
  }
  if (i >= ws.length) return undefined;
  return { name: ws[i], args: ws.slice(i + 1) };
}

function hasFlag(args: string[], ...flags: string[]): boolean {
  return args.some((a) => flags.includes(a) || flags.some((f) => f.startsWith('--') && a.startsWith(f + '=')));
}

/** Skip reasons of commands that open a terminal session in a container; a replay feeds them the lab's lines. */
export const INTERACTIVE_SHELL = 'opens an interactive shell in a container';
export const ATTACH_TTY = 'attaches to a terminal (kubectl attach -it)';

/** kubectl lines that cannot finish or need a terminal. */
function kubectlReason(args: string[]): string | undefined {
  const dd = args.indexOf('--');
  const before = dd >= 0 ? args.slice(0, dd) : args;
  const after = dd >= 0 ? args.slice(dd + 1) : [];
  const verb = before.find((a, k) => !a.startsWith('-') && !(k > 0 && /^(-n|--namespace|--context|-l|--selector|-o|--output|-c|--container)$/.test(before[k - 1])));
  if (hasFlag(before, '-w', '--watch', '--watch-only')) return 'watches forever (kubectl --watch)';
  if (verb === 'edit') return 'opens an editor (kubectl edit)';
  if (verb === 'port-forward' || verb === 'proxy') return `runs until interrupted (kubectl ${verb})`;
  if ((verb === 'logs' || verb === 'log') && hasFlag(before, '-f', '--follow')) return 'follows logs forever (kubectl logs -f)';
  // a URL kubesim carries a copy of (manifests/remote, the k8s.io examples) is read from that copy
  const url = (a: string) => a.replace(/^--?(?:f|filename|k|kustomize)=/, '');
  if (before.some((a) => /^https?:\/\//.test(url(a)) && !vendoredManifestFile(url(a)))) return 'reads a manifest from the internet';
  const interactive = before.some((a) => /^-[a-z]*[it][a-z]*$/.test(a) && /[it]/.test(a) && !a.startsWith('--')) || hasFlag(before, '--stdin', '--tty');
  if (interactive && (verb === 'exec' || verb === 'run' || verb === 'attach')) {
    if (verb === 'attach') return ATTACH_TTY;
    if (after.length === 0 || (after.length === 1 && SHELLS.has(after[0]))) return INTERACTIVE_SHELL;
  }
  return undefined;
}

/** Top-level domains of the public internet a lab may download from (cluster names end in a namespace or .local). */
const PUBLIC_TLDS = new Set(['com', 'org', 'net', 'io', 'dev', 'sh', 'co', 'uk', 'us', 'fr', 'de', 'eu', 'info', 'app', 'cloud', 'ai', 'me', 'gov', 'edu']);

/** The internet host a curl/wget argument names (`https://github.com/...`, `get.docker.com`), if any. */
export function internetHost(args: string[]): string | undefined {
  for (const a of args) {
    if (a.startsWith('-')) continue;
    const m = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[^@/\s]*@)?([A-Za-z0-9.-]+)(?::\d+)?(?:[/?#]|$)/.exec(a);
    if (!m) continue;
    const host = m[1].toLowerCase().replace(/\.$/, '');
    const labels = host.split('.');
    if (labels.length < 2 || /^\d+$/.test(labels[labels.length - 1])) continue;
    if (PUBLIC_TLDS.has(labels[labels.length - 1])) return host;
  }
  return undefined;
}

/**
 * Why kubesim cannot replay this command line, or undefined when it can. `nodeTools` are the node commands
 * kubesim serves (those are never skipped).
 */
export function skipReason(text: string, nodeTools: readonly string[]): string | undefined {
  const segs = simpleCommands(text);
  for (let k = 0; k < segs.length; k++) {
    const c = commandName(words(segs[k]));
    if (!c) continue;
    const name = c.name;
    const base = name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
    const next = segs[k + 1] ? commandName(words(segs[k + 1])) : undefined;
    if ((base === 'curl' || base === 'wget') && next && SHELLS.has(next.name)) return `runs a downloaded installer (${base} | ${next.name})`;
    if (base === 'curl' || base === 'wget') {
      const host = internetHost(c.args);
      if (host) return base === 'wget' ? 'downloads from the internet (wget)' : `reaches the internet (${host})`;
    }
    if (nodeTools.includes(base)) continue;
    if (base === 'kubectl' || base === 'k') {
      const r = kubectlReason(c.args);
      if (r) return r;
      continue;
    }
    if (UNSUPPORTED_TOOLS[base]) return UNSUPPORTED_TOOLS[base];
    if (base === 'wget') return 'downloads from the internet (wget)';
    if (HOST_INSTALL.has(base)) return `installs software on the host (${base})`;
    if (HOST_SERVICES.has(base)) return `manages the host (${base})`;
    if (NODE_NET.has(base) || HOST_INSPECT.has(base)) return `"${base}" on the node is not simulated by kubesim`;
    if (base === 'exit' || base === 'logout') return 'leaves a shell session';
  }
  return undefined;
}

/** Quoted strings and heredoc bodies removed: what bash parses as words and operators. */
function unquoted(text: string): string {
  return text
    .split('\n')[0]
    .replace(/'[^']*'|"(?:[^"\\]|\\.)*"/g, '""');
}

/**
 * A `<pod-name>` style placeholder the page's reader fills in (`kubectl describe pod <pod-name>`,
 * `curl http://<external-ip>:<port>`): bash would read it as a redirection.
 */
export function placeholderIn(text: string): string | undefined {
  const m = /(?:^|[\s:/=@])(<[A-Za-z][\w.-]*(?: [\w.-]+)*>)/.exec(unquoted(text));
  return m ? m[1] : undefined;
}

/**
 * The local ports a command would open for the commands after it, when kubesim skips it: `kubectl proxy` (8001,
 * `--port`/`-p`), `kubectl port-forward` (the LOCAL of each `LOCAL:REMOTE` or `PORT`), `minikube service --url`
 * and `minikube tunnel` (a port of their choosing: any). Undefined for other commands.
 */
export function localPortsOpened(text: string): number[] | 'any' | undefined {
  for (const seg of simpleCommands(text)) {
    const c = commandName(words(seg));
    if (!c) continue;
    if (c.name === 'minikube' && (c.args[0] === 'tunnel' || (c.args[0] === 'service' && hasFlag(c.args, '--url')))) return 'any';
    if (c.name !== 'kubectl' && c.name !== 'k') continue;
    const verb = c.args.find((a) => !a.startsWith('-'));
    if (verb === 'proxy') {
      const i = c.args.findIndex((a) => a === '--port' || a === '-p' || a.startsWith('--port=') || /^-p\d+$/.test(a));
      if (i < 0) return [8001];
      const a = c.args[i];
      const v = a.includes('=') ? a.split('=')[1] : /^-p\d+$/.test(a) ? a.slice(2) : c.args[i + 1];
      return [Number(v)];
    }
    if (verb === 'port-forward') {
      const ports = c.args.slice(c.args.indexOf('port-forward') + 2).filter((a) => /^\d*:?\d+$/.test(a)).map((a) => Number(a.split(':')[0] || a.split(':')[1]));
      return ports;
    }
  }
  return undefined;
}

/** The local port a command reaches (`curl http://localhost:8001/version`, `127.0.0.1:51082`), if any. */
export function localPortReached(text: string): number | undefined {
  // inside a container (kubectl exec POD -- curl localhost:8080) localhost is the pod's
  if (/\b(?:kubectl|k)\s(?:.*\s)?(?:exec|debug|attach)\s/.test(text)) return undefined;
  const m = /(?:^|[\s/"'@])(?:localhost|127\.0\.0\.1|\[::1\]):(\d+)/.exec(text);
  return m ? Number(m[1]) : undefined;
}

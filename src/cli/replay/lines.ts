// Is a line of a page's code block a command the reader types, or output the page shows? A line is a command
// when its first word (after `sudo`, `time`, assignments) is an executable that kubesim or bash knows, a shell
// keyword or builtin, a path to an executable, or an assignment; it is output when it looks like a table header,
// YAML, JSON, a `kind/name created` line, or starts with any other word. A fixed list, not the host's PATH: the
// same page reads the same on every machine.

/** Shell keywords and builtins. */
const SHELL_WORDS = [
  'if', 'then', 'else', 'elif', 'fi', 'for', 'while', 'until', 'do', 'done', 'case', 'esac', 'function', 'select', '{', '}', '(', '((', '[[', '!',
  'export', 'unset', 'set', 'source', '.', 'alias', 'unalias', 'cd', 'pushd', 'popd', 'echo', 'printf', 'read', 'eval', 'exec', 'exit',
  'logout', 'return', 'shift', 'trap', 'wait', 'type', 'hash', 'declare', 'local', 'readonly', 'let', 'test', '[', 'true', 'false', 'ulimit', 'umask',
  'history', 'jobs', 'fg', 'bg', 'kill', 'command', 'builtin', 'shopt', 'complete', 'time', 'sudo', 'env', 'nohup', 'xargs', 'tee', 'yes',
];

/** Executables of a workstation, a kind node or a pod image that pages type (kubesim serves some, bash the rest). */
const EXECUTABLES = [
  'kubectl', 'k', 'kubesim', 'kubeadm', 'kubelet', 'kind', 'minikube', 'helm', 'kustomize', 'crictl', 'ctr', 'docker', 'podman', 'nerdctl',
  'etcdctl', 'cilium', 'calicoctl', 'istioctl', 'linkerd', 'velero', 'skaffold', 'ko', 'stern', 'kubens', 'kubectx', 'krew', 'gcloud', 'aws',
  'az', 'eksctl', 'terraform', 'git', 'make', 'go', 'python', 'python3', 'pip', 'pip3', 'node', 'npm', 'npx', 'java', 'mvn',
  'cat', 'ls', 'cp', 'mv', 'rm', 'mkdir', 'rmdir', 'touch', 'chmod', 'chown', 'ln', 'pwd', 'head', 'tail', 'less', 'more', 'grep', 'egrep',
  'fgrep', 'sed', 'awk', 'cut', 'tr', 'sort', 'uniq', 'wc', 'diff', 'find', 'base64', 'md5sum', 'sha256sum', 'jq', 'yq', 'column', 'date',
  'sleep', 'seq', 'basename', 'dirname', 'realpath', 'readlink', 'stat', 'file', 'tar', 'gzip', 'gunzip', 'unzip', 'zip', 'install', 'mktemp',
  'openssl', 'ssh', 'scp', 'ssh-keygen', 'rsync', 'curl', 'wget', 'nc', 'ncat', 'netcat', 'telnet', 'ping', 'traceroute', 'tracepath', 'mtr',
  'nslookup', 'dig', 'host', 'ip', 'ifconfig', 'route', 'arp', 'ss', 'netstat', 'tcpdump', 'iptables', 'iptables-save', 'iptables-legacy',
  'iptables-nft', 'ip6tables', 'ipvsadm', 'nft', 'conntrack', 'ethtool', 'brctl', 'bridge', 'ps', 'top', 'htop', 'free', 'df', 'du',
  'uptime', 'uname', 'hostname', 'hostnamectl', 'id', 'whoami', 'who', 'groups', 'lsof', 'mount', 'umount', 'lsblk', 'dmesg', 'sysctl',
  'modprobe', 'lsmod', 'systemctl', 'service', 'journalctl', 'reboot', 'shutdown', 'apt', 'apt-get', 'yum', 'dnf', 'apk', 'snap', 'brew',
  'vi', 'vim', 'nano', 'emacs', 'watch', 'timeout', 'printenv', 'nproc', 'lscpu', 'killall', 'pkill', 'pgrep', 'sh', 'bash', 'ash',
  'zsh', 'dash', 'clear', 'man', 'which', 'whereis', 'envsubst', 'split', 'paste', 'join', 'rev', 'nl', 'fold', 'od', 'xxd', 'hexdump',
  'strings', 'cmp', 'comm', 'csplit', 'expr', 'bc', 'factor', 'shuf', 'tac', 'truncate', 'dd', 'sync', 'chgrp', 'useradd', 'usermod',
  'passwd', 'su', 'visudo', 'crontab', 'at', 'screen', 'tmux', 'redis-cli', 'mysql', 'psql', 'mongo', 'mongosh', 'cqlsh', 'ab', 'hey',
  'siege', 'http', 'grpcurl', 'socat', 'busybox', 'agnhost', 'pidof', 'chroot', 'nsenter', 'unshare', 'runc', 'getent', 'dos2unix',
];

const KNOWN = new Set([...SHELL_WORDS, ...EXECUTABLES]);

/** kubectl's one-line results (`deployment.apps/web created`, `pod "x" deleted`, `service/web exposed`). */
const RESULT = /^(?:[a-z0-9.-]+\/[a-z0-9.:-]+|[a-z0-9.-]+ "[^"]+") (?:created|configured|unchanged|deleted|exposed|labeled|annotated|patched|scaled|replaced|edited|restarted|paused|resumed|rolled back|serverside-applied|drained|cordoned|uncordoned|tainted|untainted|autoscaled|condition met|image updated|resource requirements updated|env updated)\b/;
/** A table header: two or more upper-case column names separated by runs of blanks (`NAME   READY   STATUS`). */
const HEADER = /^[A-Z][A-Z0-9_()/.%-]*(?: [A-Z][A-Z0-9_()/.%-]*)?(?:\s{2,}[A-Z][A-Z0-9_()/.%-]*(?: [A-Z][A-Z0-9_()/.%-]*)?)+\s*$/;
/** YAML mapping line or list item, JSON punctuation. */
const YAMLISH = /^(?:[A-Za-z0-9_."'/-]+:(?:\s|$)|-\s+\S|---\s*$|\.\.\.\s*$)/;
const JSONISH = /^[{}[\]"]/;

export interface LineOptions {
  /** a bare `NAME=value` line counts as a command (in bash/sh/shell blocks; in console and plain blocks such lines
   *  are mostly `env` output, so only `export NAME=value` counts there) */
  assignments: boolean;
}

/** The first word of a line that decides it: after `sudo`/`time`/`env` prefixes and leading assignments. */
function firstWord(line: string): { word: string; assignmentOnly: boolean } {
  const ws = line.trim().split(/\s+/);
  let i = 0;
  let sawAssignment = false;
  while (i < ws.length) {
    if (/^[A-Za-z_][A-Za-z0-9_]*(\[[^\]]*\])?\+?=/.test(ws[i])) {
      sawAssignment = true;
      i++;
    } else if (ws[i] === 'sudo' && i + 1 < ws.length) {
      i++;
      while (i < ws.length && ws[i].startsWith('-')) i += ws[i] === '-u' ? 2 : 1;
    } else break;
  }
  if (i >= ws.length) return { word: '', assignmentOnly: sawAssignment };
  return { word: ws[i], assignmentOnly: false };
}

/** Why a line is output rather than a command, or undefined when it is a command. */
export function outputReason(line: string, opts: LineOptions): string | undefined {
  const t = line.trim();
  if (t === '') return 'blank';
  if (t.startsWith('#')) return 'comment';
  if (RESULT.test(t)) return 'a kubectl result line';
  if (HEADER.test(t)) return 'a table header';
  if (JSONISH.test(t)) return 'JSON';
  // X=$(kubectl ...) and X="$Y" assign computed values: a script's line, never a listing
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) && /\$[({A-Za-z_]|`/.test(t)) return undefined;
  const { word, assignmentOnly } = firstWord(t);
  if (assignmentOnly) return opts.assignments || /\$[({A-Za-z_]/.test(t) ? undefined : 'an environment listing';
  if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(t) && !word) return undefined;
  if (YAMLISH.test(t) && !KNOWN.has(word)) return 'YAML';
  if (KNOWN.has(word)) return undefined;
  // ./script.sh, /usr/local/bin/tool, ~/bin/x, $KUBECTL, "$(...)"
  if (/^(?:\.{1,2}\/|\/|~\/)[\w./-]*[\w-]$/.test(word) && !/^\/\d/.test(word)) return undefined;
  if (/^\$\{?[A-Za-z_]/.test(word)) return undefined;
  return 'not a command';
}

export function isCommandLine(line: string, opts: LineOptions): boolean {
  return outputReason(line, opts) === undefined;
}

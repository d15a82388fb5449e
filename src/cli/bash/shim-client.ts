// The shim a resident kubesim serves (resident.ts): a bash script, so a shimmed `kubectl` line starts no Node. It
// connects to the resident over 127.0.0.1 (bash's /dev/tcp), sends a token, its pid, whether stdin and stdout are
// terminals, the working directory, argv and its environment (`export -p`, a builtin), then writes what comes back:
// `O<bytes>\n` and `E<bytes>\n` frames to stdout and stderr in the order the command wrote them, `B`/`b` frames
// (output holding NUL bytes, as printf escapes) likewise, and `X<code>\n` ends it with the exit status.
// Standard input is read lazily by the resident (/proc/PID/fd/0) unless the command names it (`-f -`,
// `/dev/stdin`, `exec -i`): then the shim reads it first into a file, so `kubectl get ... | kubectl apply -f -`
// cannot wait on itself. Commands that wait on the wall clock or a terminal (`get -w`, `logs -f`, `port-forward`,
// `proxy`, `attach`, `edit`, `exec -it` at a terminal) run as their own Node process, as every shim did before. A
// resident that is gone (the replay was killed) runs nothing more: the shim says so and fails, so the rest of a
// loop in the dead replay's bash ends quickly instead of starting a Node per line.

import { shellQuote } from './words.js';

export interface ClientOptions {
  /** the words the command starts with (`kubectl`; `iptables-save`; `clock advance` for sleep) */
  words: string[];
  node: string;
  bin: string;
  port: number;
  token: string;
  /** where stdin read ahead is put */
  dir: string;
}

/** Which words send a kubectl command to its own Node process, or make the shim read stdin first. */
function kubectlChecks(): string {
  return `ks_logs= ks_follow=
for ks_a in "$@"; do
  case $ks_a in
    -w|--watch|--watch=*|--watch-only|--watch-only=*|port-forward|proxy|attach|edit) ks_fall "$@" ;;
    logs|log) ks_logs=1 ;;
    -f|--follow|--follow=*|-f=*) ks_follow=1 ;;
  esac
  if [ -t 0 ]; then
    case $ks_a in -i|-t|-it|-ti|-i=*|-t=*|--stdin|--stdin=*|--tty|--tty=*|--interactive|--interactive=*) ks_fall "$@" ;; esac
  else
    case $ks_a in -|--filename=-|-f-|*/dev/stdin*|*/dev/fd/0*|-i|-it|-ti|-i=true|--stdin|--stdin=true|--interactive|--interactive=true) ks_in=1 ;; esac
  fi
done
[ -n "$ks_logs" ] && [ -n "$ks_follow" ] && ks_fall "$@"`;
}

/** Node tools read stdin when told to (`-`, `@-`, `/dev/stdin`); otherwise the resident reads it if they ask. */
function toolChecks(): string {
  return `if [ ! -t 0 ]; then
  for ks_a in "$@"; do
    case $ks_a in -|@-|*=@-|*/dev/stdin*|*/dev/fd/0*) ks_in=1 ;; esac
  done
fi`;
}

/** The body of one shim script (after its `#!` line). */
export function residentClient(o: ClientOptions): string {
  const words = o.words.map(shellQuote).join(' ');
  return `ks_fall() { exec ${shellQuote(o.node)} ${shellQuote(o.bin)} ${words} "$@"; }
ks_gone() { echo "kubesim: the kubesim process serving this shell has exited; ${o.words.join(' ')} was not run" >&2; exit 1; }
ks_in=
${o.words[0] === 'kubectl' ? kubectlChecks() : toolChecks()}
{ exec {ks_fd}<>/dev/tcp/127.0.0.1/${o.port}; } 2>/dev/null || ks_gone "$@"
if [ -n "$ks_in" ]; then ks_in=${shellQuote(o.dir)}/stdin.$$; cat >"$ks_in" || exit 1; fi
ks_flags=
[ -t 0 ] && ks_flags=i
[ -t 1 ] && ks_flags=\${ks_flags}o
{ printf 'KSIM1\\0%s\\0%s\\0%s\\0%s\\0%s\\0%s\\0' ${o.token} "$$" "$ks_flags" "$PWD" "$ks_in" "$(($# + ${o.words.length}))"; printf '%s\\0' ${words} "$@"; export -p; printf '\\0'; } >&$ks_fd
LC_ALL=C
trap '' PIPE
ks_gone=
while IFS= read -r -u $ks_fd ks_h; do
  case $ks_h in
    O*) IFS= read -r -N "\${ks_h#O}" -u $ks_fd ks_d; [ -n "$ks_gone" ] || printf '%s' "$ks_d" 2>/dev/null || ks_gone=1 ;;
    E*) IFS= read -r -N "\${ks_h#E}" -u $ks_fd ks_d; printf '%s' "$ks_d" >&2 2>/dev/null ;;
    B*) IFS= read -r -N "\${ks_h#B}" -u $ks_fd ks_d; [ -n "$ks_gone" ] || printf -- "$ks_d" 2>/dev/null || ks_gone=1 ;;
    b*) IFS= read -r -N "\${ks_h#b}" -u $ks_fd ks_d; printf -- "$ks_d" >&2 2>/dev/null ;;
    X*) [ -n "$ks_gone" ] && exit 0; exit "\${ks_h#X}" ;;
  esac
done
echo "kubesim: the kubesim process serving this shell went away before ${o.words.join(' ')} finished" >&2
exit 1`;
}

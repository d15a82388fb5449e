// The streaming half of `kubectl exec`, `kubectl attach` and `kubectl run -i/-t`: TTY set-up as kubectl does it
// (the "Unable to use a TTY" warning when stdin is no terminal), the attach banner, an interactive shell fed from
// the terminal or from piped stdin, the "Session ended, resume using ..." line, and the remote exit code.

import type { Container, Pod } from '../../cluster/apiserver/types.js';
import { execInContainer, isInteractiveShell, ShellSession } from '../../node/container/index.js';
import { mainProcess } from '../../node/container/main-process.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { waitFor } from './waiting.js';
import { mainProcessExited } from '../../cluster/controllers/kubelet/attach-exit.js';

export { mainProcess };

export interface InteractiveOptions {
  /** -i: pass stdin to the process */
  stdin: boolean;
  /** -t: allocate a terminal */
  tty: boolean;
  /** exec: run `command`; attach/run: join the container's main process */
  mode: 'exec' | 'attach' | 'run';
  command?: string[];
  quiet?: boolean;
  /** the verb shown in the resume hint (`kubectl attach`) */
  commandName?: string;
}

function containerOf(pod: Pod, name: string): Container {
  const c = pod.spec.containers.find((x) => x.name === name) ?? pod.spec.ephemeralContainers?.find((x) => x.name === name);
  if (!c) throw new KubectlError(`error: container ${name} not found in pod ${pod.metadata.name}`);
  return c;
}

/**
 * Runs an interactive (or streamed) session in a running container and returns kubectl's exit code; a non-zero
 * remote status is reported as `command terminated with exit code N` for exec.
 */
export async function interactiveSession(ctx: KubectlContext, pod: Pod, container: string, opts: InteractiveOptions): Promise<number> {
  const c = containerOf(pod, container);
  const terminal = opts.stdin && ctx.readLine !== undefined;
  let tty = opts.tty;
  if (tty && !terminal) {
    if (!opts.quiet) ctx.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
    tty = false;
  }
  const argv = opts.mode === 'exec' ? opts.command ?? [] : mainProcess(c);
  const report = (code: number): number => {
    if (code !== 0 && opts.mode === 'exec') {
      ctx.err(`command terminated with exit code ${code}\n`);
    }
    return code;
  };
  if (!isInteractiveShell(argv)) {
    // attach to a server: its output streams on and nothing reads input; run: the command's own output
    if (opts.mode === 'attach' || (opts.mode === 'run' && !(c.command?.length || c.args?.length))) return 0;
    const code = execInContainer(ctx.cluster, pod, c, argv, { stdin: opts.stdin ? ctx.stdin ?? '' : '', tty, out: ctx.out, err: ctx.err });
    return opts.mode === 'exec' ? report(code) : code;
  }
  if (opts.mode !== 'exec' && !opts.quiet && (opts.stdin || tty)) ctx.err("If you don't see a command prompt, try pressing enter.\n");
  const sh = new ShellSession(ctx.cluster, pod, c, argv[0], tty);
  const io = { out: ctx.out, err: ctx.err };
  let fed = false;
  /** the shell ran `exit` (rather than reaching the end of its input) */
  let exitedByCommand = false;
  const feed = (line: string) => {
    const more = sh.feed(line, io);
    if (!more) exitedByCommand = true;
    return more;
  };
  if (terminal && tty) {
    for (;;) {
      const line = await ctx.readLine!(sh.prompt, fed && !sh.continuing ? sh.session.status : undefined);
      fed = true;
      if (line === null) {
        if (sh.session.shell === 'bash') ctx.out('exit\n');
        sh.eof(io);
        break;
      }
      if (!feed(line)) break;
    }
  } else if (opts.stdin) {
    const lines = terminal ? [] : (ctx.stdin ?? '').split('\n');
    if (lines.length && lines[lines.length - 1] === '') lines.pop();
    if (terminal) {
      for (;;) {
        const line = await ctx.readLine!('', fed && !sh.continuing ? sh.session.status : undefined);
        fed = true;
        if (line === null || !feed(line)) break;
      }
    } else for (const line of lines) if (!feed(line)) break;
    sh.eof(io);
  } else sh.eof();
  const code = sh.exited ?? 0;
  if (opts.mode !== 'exec') {
    // the container's own shell ended: the kubelet sees its run end now (kubelet/attach-exit.ts)
    if (opts.stdin && (exitedByCommand || tty || c.stdinOnce) && mainProcessExited(ctx.cluster.data, pod, container, ctx.cluster.clock.nowMs(), code)) {
      ctx.cluster.touched = true;
      ctx.cluster.reconcile();
    }
    if (!opts.quiet && opts.stdin && tty && (pod.spec.restartPolicy ?? 'Always') === 'Always') ctx.out(`${reattachMessage(pod, container, opts.commandName ?? 'kubectl attach')}\n`);
    return opts.mode === 'run' ? code : 0;
  }
  return report(code);
}

/** attach.go reattachMessage: an ephemeral container is never restarted. */
export function reattachMessage(pod: Pod, container: string, commandName: string): string {
  if (pod.spec.ephemeralContainers?.some((e) => e.name === container)) {
    return `Session ended, the ephemeral container will not be restarted but may be reattached using '${commandName} ${pod.metadata.name} -c ${container} -i -t' if it is still running`;
  }
  return `Session ended, resume using '${commandName} ${pod.metadata.name} -c ${container} -i -t' command when the pod is running`;
}

/** kubectl's wait for a pod to run before attaching (`--pod-running-timeout`), on the simulated clock. */
export function waitForRunning(ctx: KubectlContext, namespace: string, name: string, timeoutMs = 60_000): Pod {
  ctx.cluster.reconcile();
  const pod = waitFor(ctx.cluster, timeoutMs, () => {
    const p = ctx.api.get<Pod>('pods', namespace, name);
    const phase = p.status?.phase;
    return phase === 'Running' || phase === 'Succeeded' || phase === 'Failed' ? p : undefined;
  });
  if (!pod) throw new KubectlError('error: timed out waiting for the condition');
  return pod;
}

/** `kubectl run -i/-t` after the pod is created: wait for it, attach, and with --rm delete it afterwards. */
export async function runAttached(ctx: KubectlContext, created: Pod, opts: { stdin: boolean; tty: boolean; rm: boolean; quiet: boolean }): Promise<number> {
  const ns = created.metadata.namespace ?? ctx.namespace;
  const name = created.metadata.name!;
  const pod = waitForRunning(ctx, ns, name);
  const container = pod.spec.containers[0].name;
  const code = await interactiveSession(ctx, pod, container, { stdin: opts.stdin, tty: opts.tty, mode: 'run', quiet: opts.quiet, commandName: 'kubectl attach' });
  if (opts.rm) {
    ctx.api.delete('pods', ns, name);
    ctx.out(`pod "${name}" deleted\n`);
  }
  // run.go waits for the exit code only under restartPolicy Never/OnFailure; Never reports a failure as
  // `pod NS/NAME terminated (Error)` and exits with the container's code (OnFailure would wait for a success)
  if ((pod.spec.restartPolicy ?? 'Always') === 'Never' && code !== 0) {
    ctx.err(`pod ${ns}/${name} terminated (Error)\n`);
    return code;
  }
  return 0;
}

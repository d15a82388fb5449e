// The transport-independent half of pods/exec and pods/attach in `kubesim serve`: the request's checks (as the API
// server and the kubelet make them), the session's stdin, the TTY line editor, and the run itself in the simulated
// container. The WebSocket transport (exec-ws.ts, kubectl 1.30+) and the SPDY/3.1 one (exec-spdy.ts, kubectl
// 1.27-1.29 and the fallback of later ones) each hand runStream a StreamIo. A command runs once its stdin is complete
// (no stdin, the client's close of stdin, or the connection going); an interactive shell (`sh`, `bash` with -i/-t)
// is fed line by line, echoing typed keys back when a TTY was asked for, with the state lock released while it
// waits for the next line (the session lease, as `kubesim exec -it` does). The result is kube-apiserver's Status on
// the error stream (Success, or NonZeroExitCode with the exit code as its cause).

import { mainProcessExited } from '../../cluster/controllers/kubelet/attach-exit.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import type { Container, Pod } from '../../cluster/apiserver/types.js';
import type { Cluster } from '../../cluster/state/cluster.js';
import { execInContainer, isInteractiveShell, ShellSession } from '../../node/container/index.js';
import { mainProcess } from '../../kubectl/cmd/interactive.js';
import type { Session } from '../session.js';

/** The kubelet's plain-text refusal of a stream (the API server passes it on; kubectl says "unable to upgrade connection: ..."). */
export class KubeletStreamError extends Error {}

export interface StreamRequest {
  mode: 'exec' | 'attach';
  namespace: string;
  pod: string;
  container: string;
  command: string[];
  stdin: boolean;
  stdout: boolean;
  stderr: boolean;
  tty: boolean;
}

/** The query of an exec/attach request, checked against the pod as the API server and the kubelet check it. */
export function streamRequest(cluster: Cluster, mode: 'exec' | 'attach', namespace: string, name: string, q: URLSearchParams): StreamRequest {
  const pod = cluster.api.get<Pod>('pods', namespace, name);
  const flag = (n: string) => q.get(n) === 'true' || q.get(n) === '1';
  let container = q.get('container') ?? '';
  if (!container) {
    if (pod.spec.containers.length !== 1) {
      throw new StatusError('BadRequest', `a container name must be specified for pod ${name}, choose one of: [${pod.spec.containers.map((c) => c.name).join(' ')}]`);
    }
    container = pod.spec.containers[0].name;
  }
  const command = q.getAll('command');
  if (mode === 'exec' && command.length === 0) throw new StatusError('BadRequest', 'you must specify at least 1 command');
  const all = [...pod.spec.containers, ...(pod.spec.initContainers ?? []), ...(pod.spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === container)) throw new StatusError('BadRequest', `container ${container} is not valid for pod ${name}`);
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') throw new StatusError('BadRequest', `cannot exec into a container in a completed pod; current phase is ${phase}`);
  if (!pod.spec.nodeName) throw new StatusError('BadRequest', `pod ${name} does not have a host assigned`);
  const st = pod.status?.containerStatuses?.find((c) => c.name === container) ?? pod.status?.ephemeralContainerStatuses?.find((c) => c.name === container);
  if (!st?.state?.running) throw new KubeletStreamError(`container not found ("${container}")`);
  if (!flag('stdout') && !flag('stderr') && !flag('stdin')) throw new StatusError('BadRequest', 'you must specify at least 1 of stdin, stdout, stderr');
  return { mode, namespace, pod: name, container, command, stdin: flag('stdin'), stdout: flag('stdout'), stderr: flag('stderr'), tty: flag('tty') };
}

/** The v4+ error-stream Status of an exit code. */
export function exitStatus(code: number): Record<string, unknown> {
  if (code === 0) return { metadata: {}, status: 'Success' };
  return {
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: command terminated with exit code ${code}`,
    reason: 'NonZeroExitCode',
    details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
  };
}

/** Stdin of one session: chunks in order, and the end (the client's close of stdin, or the connection going). */
export class StdinQueue {
  private chunks: Buffer[] = [];
  private ended = false;
  private wake: (() => void) | undefined;

  push(b: Buffer): void {
    this.chunks.push(b);
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  /** everything up to the end */
  async all(): Promise<string> {
    while (!this.ended) await new Promise<void>((r) => (this.wake = r));
    return Buffer.concat(this.chunks).toString('utf8');
  }

  /** the next chunk, or null at the end */
  async next(): Promise<Buffer | null> {
    while (!this.chunks.length && !this.ended) await new Promise<void>((r) => (this.wake = r));
    return this.chunks.shift() ?? null;
  }
}

/** A line editor over raw TTY keys: echo, backspace, Ctrl-C (a fresh line), Ctrl-D on an empty line (the end). */
export class TtyLines {
  private line = '';
  constructor(private readonly echo: (s: string) => void) {}

  /** the lines completed by these keys; null in the list marks the end of input */
  keys(b: Buffer): Array<string | null> {
    const out: Array<string | null> = [];
    for (const ch of b.toString('utf8')) {
      if (ch === '\r' || ch === '\n') {
        this.echo('\r\n');
        out.push(this.line);
        this.line = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.line.length) {
          this.line = this.line.slice(0, -1);
          this.echo('\b \b');
        }
      } else if (ch === '\x03') {
        this.echo('^C\r\n');
        this.line = '';
        out.push('');
      } else if (ch === '\x04') {
        if (this.line === '') out.push(null);
      } else if (ch >= ' ' || ch === '\t') {
        this.line += ch;
        this.echo(ch);
      }
    }
    return out;
  }
}

/** One session's ends, as a transport provides them. */
export interface StreamIo {
  stdin: StdinQueue;
  /** bytes for the client's stdout */
  stdout(data: string): void;
  /** bytes for the client's stderr */
  stderr(data: string): void;
  /** the error stream's Status, then the end of every stream */
  finish(status: Record<string, unknown>): void;
}

/** The container a session runs in: a regular container, or an ephemeral one. */
function sessionContainer(pod: Pod, name: string): Container | undefined {
  return pod.spec.containers.find((x) => x.name === name) ?? pod.spec.ephemeralContainers?.find((x) => x.name === name);
}

/** Runs one exec/attach session to its end. */
export async function runStream(session: Session, io: StreamIo, r: StreamRequest): Promise<void> {
  const crlf = (s: string) => (r.tty ? s.replace(/\r?\n/g, '\r\n') : s);
  const out = (s: string) => io.stdout(crlf(s));
  const err = (s: string) => (r.tty ? io.stdout(crlf(s)) : io.stderr(s));
  const stdin = io.stdin;
  let code: number;
  try {
    code = await session.withCluster(
      async (c, lease) => {
        const pod = c.api.get<Pod>('pods', r.namespace, r.pod);
        const container = sessionContainer(pod, r.container);
        if (!container) throw new StatusError('BadRequest', `container ${r.container} is not valid for pod ${r.pod}`);
        const argv = r.mode === 'exec' ? r.command : mainProcess(container);
        if (!isInteractiveShell(argv) || !r.stdin) {
          if (r.mode === 'attach' && !isInteractiveShell(argv)) return 0;
          const input = r.stdin ? await lease.pause(() => stdin.all()) : '';
          return execInContainer(c, pod, container, argv, { stdin: input, tty: r.tty, out, err });
        }
        const sh = new ShellSession(c, pod, container, argv[0], r.tty);
        const shio = { out, err };
        const editor = r.tty ? new TtyLines(out) : undefined;
        let pending = '';
        const lines: Array<string | null> = [];
        const nextLine = async (): Promise<string | null> => {
          for (;;) {
            if (lines.length) return lines.shift()!;
            const chunk = await stdin.next();
            if (chunk === null) return null;
            if (editor) lines.push(...editor.keys(chunk));
            else {
              pending += chunk.toString('utf8');
              const parts = pending.split('\n');
              pending = parts.pop()!;
              lines.push(...parts);
            }
          }
        };
        let exitedByCommand = false;
        for (;;) {
          if (r.tty) out(sh.prompt);
          const line = await lease.pause(nextLine);
          if (line === null) {
            sh.eof(shio);
            break;
          }
          if (!sh.feed(line, shio)) {
            exitedByCommand = true;
            break;
          }
        }
        const code = sh.exited ?? 0;
        // attached to the container's own shell, which ended: the kubelet sees the run end now (kubelet/attach-exit.ts)
        if (r.mode === 'attach' && (exitedByCommand || r.tty || container.stdinOnce) && mainProcessExited(c.data, pod, container.name, c.clock.nowMs(), code)) {
          c.touched = true;
          c.reconcile();
        }
        return code;
      },
      { command: `kubesim serve: ${r.mode} ${r.namespace}/${r.pod}` },
    );
  } catch (e) {
    const status = e instanceof StatusError ? e.status : { status: 'Failure', message: (e as Error).message, reason: 'InternalError', code: 500 };
    io.finish({ metadata: {}, ...status });
    return;
  }
  // an attach ends with success whatever the process's status (only exec reports an exit code)
  io.finish(exitStatus(r.mode === 'attach' ? 0 : code));
}

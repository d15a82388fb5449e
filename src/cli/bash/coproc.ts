// One long-lived bash process that runs command after command (so `export`, `cd`, shell variables and functions
// carry over, as in a terminal), with the kubesim shims first on PATH. Each command's stdout and stderr come back
// merged in order, with its exit status and the working directory it left.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface BashResult {
  output: string;
  code: number;
  /** the shell's working directory after the command */
  cwd: string;
  /** bash itself exited (e.g. the command ran `exit`); the next run starts a fresh shell */
  exited?: boolean;
}

export interface BashOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  shimDir: string;
}

const MARK = '\x1eKSEND ';

let instances = 0;

export class BashCoproc {
  private child: ChildProcessWithoutNullStreams | undefined;
  private buffer = '';
  private waiting: ((r: BashResult | null) => void) | undefined;
  private onChunk: ((s: string) => void) | undefined;
  private cwd: string;
  private readonly nonce: string;
  private counter = 0;

  constructor(private readonly opts: BashOptions) {
    this.cwd = opts.cwd;
    this.nonce = `${process.pid}_${++instances}`;
  }

  private start(): ChildProcessWithoutNullStreams {
    const env: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.opts.env)) if (v !== undefined) env[k] = v;
    env.PATH = `${this.opts.shimDir}:${env.PATH ?? '/usr/local/bin:/usr/bin:/bin'}`;
    const child = spawn('bash', ['--noprofile', '--norc'], { cwd: this.cwd, env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    const take = (s: string): void => {
      this.buffer += s;
      this.pump();
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('exit', () => {
      this.child = undefined;
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(null);
    });
    child.stdin.on('error', () => {});
    this.child = child;
    return child;
  }

  private pump(): void {
    const at = this.buffer.indexOf(MARK);
    if (at >= 0) {
      const end = this.buffer.indexOf('\x1e', at + MARK.length);
      if (end < 0) {
        this.flush(at);
        return;
      }
      const body = this.buffer.slice(at + MARK.length, end);
      const rest = this.buffer.slice(end + 1);
      this.flush(at);
      this.buffer = rest;
      const [code, ...cwd] = body.split(' ');
      this.cwd = cwd.join(' ') || this.cwd;
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w({ output: '', code: Number(code), cwd: this.cwd });
      return;
    }
    // keep back a possible partial marker
    const keep = this.buffer.lastIndexOf('\x1e');
    this.flush(keep >= 0 ? keep : this.buffer.length);
  }

  private collected = '';

  private flush(upTo: number): void {
    if (upTo <= 0) return;
    const chunk = this.buffer.slice(0, upTo);
    this.buffer = this.buffer.slice(upTo);
    this.collected += chunk;
    if (this.onChunk) this.onChunk(chunk);
  }

  /** Runs one (possibly multi-line) command. `onOutput` streams output as it arrives. */
  run(command: string, onOutput?: (chunk: string) => void): Promise<BashResult> {
    const child = this.child ?? this.start();
    this.collected = '';
    this.buffer = '';
    this.onChunk = onOutput;
    const delim = `__KUBESIM_CMD_${this.nonce}_${++this.counter}__`;
    const script =
      `IFS= read -r -d '' __ks_cmd <<'${delim}'\n${command}\n${delim}\n` +
      `{ eval "$__ks_cmd"\n} </dev/null 2>&1\n` +
      `__ks_rc=$?; printf '${MARK.replace('\x1e', '\\036')}%s %s\\036' "$__ks_rc" "$PWD"\n`;
    return new Promise((resolve) => {
      this.waiting = (r) => {
        // drain what is left (output after the marker belongs to nobody; output before it is ours)
        const output = this.collected;
        this.collected = '';
        this.onChunk = undefined;
        if (r === null) {
          if (this.buffer) {
            const rest = this.buffer;
            this.buffer = '';
            if (onOutput) onOutput(rest);
            resolve({ output: output + rest, code: child.exitCode ?? 1, cwd: this.cwd, exited: true });
            return;
          }
          resolve({ output, code: child.exitCode ?? 1, cwd: this.cwd, exited: true });
          return;
        }
        resolve({ ...r, output });
      };
      child.stdin.write(script);
    });
  }

  /** Ctrl-C: SIGINT to the shell's own process group (bash and the command it runs; nothing else). */
  interrupt(): void {
    const pid = this.child?.pid;
    if (pid === undefined) return;
    try {
      process.kill(-pid, 'SIGINT');
    } catch {
      // already gone
    }
  }

  close(): void {
    if (this.child) {
      this.child.stdin.end();
      this.child.kill('SIGTERM');
      this.child = undefined;
    }
  }

  get workingDirectory(): string {
    return this.cwd;
  }
}

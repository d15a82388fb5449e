// A CommandIO that keeps output in memory, for benchmarks that run commands in process.

import type { CommandIO } from '../kubectl/context.js';

export function nullIO(): CommandIO & { text: string[] } {
  const text: string[] = [];
  return { text, out: (t) => void text.push(t), err: (t) => void text.push(t), stdin: undefined, isTTY: false, env: {}, cwd: process.cwd() };
}

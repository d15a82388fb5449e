#!/usr/bin/env node
// kubesim: kubectl against a Kubernetes cluster simulated in memory.
import module from 'node:module';

// Node 22.1+ keeps V8's code cache of our bundle chunks on disk (in the OS temp directory, keyed by each file's
// content), so a cold command deserialises compiled code instead of compiling ~40 chunks. Absent on Node 20: a no-op.
// NODE_DISABLE_COMPILE_CACHE=1 turns it off, as Node documents.
module.enableCompileCache?.();
const { main } = await import('../dist/bundle/main.js');

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // main() guards every command; this is only reached if kubesim itself failed to load
    const debug = process.env.KUBESIM_DEBUG && process.env.KUBESIM_DEBUG !== '0';
    process.stderr.write(`kubesim: internal error: ${(err && err.message) || err}\n${debug && err && err.stack ? err.stack + '\n' : ''}`);
    process.exitCode = 2;
  },
);

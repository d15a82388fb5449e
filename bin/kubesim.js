#!/usr/bin/env node
// kubesim: kubectl against a Kubernetes cluster simulated in memory.
import { main } from '../dist/bundle/main.js';

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

#!/usr/bin/env node
// kubesim: kubectl against a Kubernetes cluster simulated in memory.
import { main } from '../dist/bundle/main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`kubesim: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 2;
  },
);

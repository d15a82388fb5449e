// Bundles the CLI into dist/bundle/ with esbuild (code splitting keeps each verb's lazy import lazy). A cold
// `kubesim get pods` then loads a handful of files instead of ~100 ES modules: module resolution dominated start-up.
import { rmSync } from 'node:fs';
import { build } from 'esbuild';

// chunk names carry content hashes: start from an empty directory so stale chunks do not pile up
rmSync('dist/bundle', { recursive: true, force: true });

await build({
  entryPoints: ['src/cli/main.ts'],
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outdir: 'dist/bundle',
  chunkNames: 'chunks/[name]-[hash]',
  banner: { js: "import { createRequire as __kubesimRequire } from 'node:module'; const require = __kubesimRequire(import.meta.url);" },
  logLevel: 'warning',
});

// Example URLs of kubernetes.io pages: `https://k8s.io/examples/PATH`, `https://kubernetes.io/examples/PATH` and
// the kubernetes/website raw URLs of `content/en/examples/PATH` are read from files, never from the network:
// PATH or its base name beside the lab, then in the directories the lab declares (`kubesim: examples DIR`), then in
// kubesim's own copy of the examples the tutorials use (manifests/examples, vendored from kubernetes/website).
// Commands naming such a URL are rewritten to read the file (`kubectl apply -f FILE`, `curl -LO` → `cp`), and
// the replay says where each file came from.

import fs from 'node:fs';
import path from 'node:path';
import { shellQuote } from '../bash/words.js';
import { examplePath, vendoredExamplesDir } from '../../cluster/state/vendored.js';

export { examplePath, vendoredExamplesDir } from '../../cluster/state/vendored.js';

export interface ExampleSearch {
  /** the lab's own directory */
  labDir: string;
  /** directories the lab declares (`kubesim: examples DIR`), relative to the lab */
  dirs: string[];
  /** the vendored copy (tests may point elsewhere, or nowhere) */
  vendored?: string;
}

export type Resolved = { file: string; source: string } | { missing: string };

/** Finds the file of an examples path, and says where it came from (or where it was looked for). */
export function resolveExample(p: string, search: ExampleSearch): Resolved {
  const base = path.posix.basename(p);
  const tried: string[] = [];
  const places: Array<{ dir: string; label: (rel: string) => string }> = [
    { dir: search.labDir, label: (rel) => `beside the lab (${rel})` },
    ...search.dirs.map((d) => ({ dir: path.resolve(search.labDir, d), label: (rel: string) => `${path.join(d, rel)} (kubesim: examples ${d})` })),
  ];
  for (const { dir, label } of places) {
    for (const rel of p === base ? [p] : [p, base]) {
      const f = path.join(dir, rel);
      if (fs.existsSync(f) && fs.statSync(f).isFile()) return { file: f, source: label(rel) };
    }
    tried.push(dir === search.labDir ? 'beside the lab' : path.relative(search.labDir, dir) || '.');
  }
  const vendored = search.vendored ?? vendoredExamplesDir();
  const f = path.join(vendored, p);
  if (fs.existsSync(f) && fs.statSync(f).isFile()) return { file: f, source: `kubesim's copy of kubernetes/website content/en/examples/${p}` };
  tried.push("in kubesim's copy of the kubernetes/website examples");
  return { missing: `${p} is not ${tried.join(', nor ')}` };
}

export interface Rewrite {
  text: string;
  /** `URL: read from SOURCE` lines */
  notes: string[];
  /** URLs whose file is absent, with where they were looked for */
  missing: string[];
}

const URL_TOKEN = /(["']?)(https?:\/\/[^\s"'|;&)]+)\1/g;

/** The simple command around position `at` of `text`: [start, end) up to the nearest `|`, `;`, `&`, `(`, newline. */
function segmentAround(text: string, at: number, len: number): [number, number] {
  let s = at;
  while (s > 0 && !'|;&(\n`'.includes(text[s - 1])) s--;
  let e = at + len;
  while (e < text.length && !'|;&)\n`'.includes(text[e])) e++;
  return [s, e];
}

/** How a curl/wget segment saves what it downloads: `-` for stdout, else the file name. */
function downloadTarget(words: string[], url: string): string {
  const tool = words[0];
  const base = path.posix.basename(url.replace(/[?#].*$/, ''));
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (tool === 'curl') {
      if (w === '-o' || w === '--output') return words[i + 1] ?? '-';
      if (w.startsWith('--output=')) return w.slice(9);
      if (w === '-O' || w === '--remote-name' || (/^-[a-zA-Z]+$/.test(w) && w.includes('O'))) return base;
    } else {
      if (w === '-O' || w === '--output-document') return words[i + 1] ?? base;
      if (w.startsWith('--output-document=')) return w.slice(18);
      const m = /^-[a-zA-Z]*O(.*)$/.exec(w);
      if (m) return m[1] || words[i + 1] || base;
    }
  }
  return tool === 'curl' ? '-' : base;
}

/** Rewrites the example URLs of a command line to their files. */
export function rewriteExampleUrls(text: string, search: ExampleSearch): Rewrite {
  const notes: string[] = [];
  const missing: string[] = [];
  const edits: Array<{ start: number; end: number; replacement: string }> = [];
  for (const m of text.matchAll(URL_TOKEN)) {
    const url = m[2];
    const p = examplePath(url);
    if (!p) continue;
    const [s, e] = segmentAround(text, m.index!, m[0].length);
    const words = text.slice(s, e).trim().split(/\s+/).filter((w) => w !== 'sudo');
    const tool = words[0];
    if (!['kubectl', 'k', 'curl', 'wget'].includes(tool)) continue;
    const r = resolveExample(p, search);
    if ('missing' in r) {
      missing.push(`${url}: ${r.missing}`);
      continue;
    }
    notes.push(`${url}: read from ${r.source}`);
    if (tool === 'kubectl' || tool === 'k') edits.push({ start: m.index!, end: m.index! + m[0].length, replacement: shellQuote(r.file) });
    else {
      const target = downloadTarget(words, url);
      const lead = /^\s*/.exec(text.slice(s, e))![0];
      edits.push({ start: s, end: e, replacement: `${lead}${target === '-' ? `cat ${shellQuote(r.file)}` : `cp ${shellQuote(r.file)} ${target}`} ` });
    }
  }
  let out = text;
  for (const ed of edits.sort((a, b) => b.start - a.start)) out = out.slice(0, ed.start) + ed.replacement + out.slice(ed.end);
  return { text: out, notes, missing };
}

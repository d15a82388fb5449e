// Tab completion for the REPL: verbs and node tools first, then resource types (from discovery), object names in
// the namespace (through a lookup the REPL provides), flags, output formats and file paths.

import fs from 'node:fs';
import path from 'node:path';
import { RESOURCES, type ResourceInfo } from '../../cluster/apiserver/discovery.js';

export interface CompletionSource {
  /** first words: kubectl verbs, node tools, kubesim commands, `kubectl`, `k`, `sudo`, `exit`... */
  commands: string[];
  /** object names of a resource in a namespace (undefined = the current one) */
  names(info: ResourceInfo, namespace: string | undefined): Promise<string[]>;
  cwd: string;
}

const TYPE_VERBS = new Set(['get', 'describe', 'delete', 'edit', 'label', 'annotate', 'patch', 'scale', 'expose', 'explain', 'wait', 'set']);
const POD_VERBS = new Set(['logs', 'exec', 'attach', 'port-forward', 'cp']);
const SUBCOMMANDS: Record<string, string[]> = {
  create: ['configmap', 'cronjob', 'deployment', 'ingress', 'job', 'namespace', 'secret', 'service', 'serviceaccount'],
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  config: ['current-context', 'get-contexts', 'set-context', 'use-context', 'view'],
  set: ['env', 'image', 'resources', 'selector', 'serviceaccount'],
};
const FLAGS = [
  '--all-namespaces', '--dry-run=client', '--dry-run=server', '--filename', '--image', '--labels', '--namespace', '--output',
  '--port', '--replicas', '--selector', '--show-labels', '--target-port', '--type', '--watch', '-A', '-f', '-l', '-n', '-o', '-w',
];
const OUTPUTS = ['json', 'yaml', 'wide', 'name', 'jsonpath=', 'custom-columns=', 'go-template='];

export function resourceWords(): string[] {
  const out = new Set<string>();
  for (const r of RESOURCES) {
    out.add(r.name);
    out.add(r.singular);
    for (const s of r.shortNames) out.add(s);
  }
  return [...out].sort();
}

export function findResource(word: string): ResourceInfo | undefined {
  const w = word.toLowerCase();
  const base = w.split('.')[0];
  return RESOURCES.find((r) => r.name === base || r.singular === base || r.shortNames.includes(base));
}

function filePaths(prefix: string, cwd: string): string[] {
  const dirPart = prefix.includes('/') ? prefix.slice(0, prefix.lastIndexOf('/') + 1) : '';
  const dir = path.resolve(cwd, dirPart || '.');
  try {
    return fs
      .readdirSync(dir, { withFileTypes: true })
      .filter((e) => !e.name.startsWith('.') || prefix.slice(dirPart.length).startsWith('.'))
      .map((e) => dirPart + e.name + (e.isDirectory() ? '/' : ''))
      .sort();
  } catch {
    return [];
  }
}

/** Completes the last word of `line`: [candidates, the word being completed] as readline wants them. */
export async function complete(line: string, src: CompletionSource): Promise<[string[], string]> {
  const endsWithSpace = /\s$/.test(line) || line === '';
  // complete only the last simple command of a pipeline
  const tail = line.split(/\||&&|;/).pop() ?? '';
  const words = tail.trim() === '' ? [] : tail.trim().split(/\s+/);
  const current = endsWithSpace ? '' : (words.pop() ?? '');
  const pick = (cands: string[]): [string[], string] => {
    const hits = [...new Set(cands)].filter((c) => c.startsWith(current));
    return [hits, current];
  };
  let w = words;
  while (w[0] === 'sudo') w = w.slice(1);
  if (w[0] === 'kubectl' || w[0] === 'k') w = w.slice(1);
  if (w.length === 0) return pick(src.commands);
  const prev = w[w.length - 1];
  if (prev === '-f' || prev === '--filename' || current.startsWith('./') || current.startsWith('/') || current.startsWith('../')) return pick(filePaths(current, src.cwd));
  if (prev === '-o' || prev === '--output') return pick(OUTPUTS);
  const nsIdx = w.findIndex((x) => x === '-n' || x === '--namespace');
  const namespace = nsIdx >= 0 && nsIdx + 1 < w.length ? w[nsIdx + 1] : undefined;
  if (prev === '-n' || prev === '--namespace') return pick(await src.names(findResource('namespaces')!, undefined));
  if (current.startsWith('-')) return pick(FLAGS);
  // positional words after the verb (flags and their values removed)
  const positional: string[] = [];
  for (let i = 1; i < w.length; i++) {
    if (w[i].startsWith('-')) {
      if (/^(-n|--namespace|-o|--output|-l|--selector|-f|--filename|-c|--container)$/.test(w[i])) i++;
      continue;
    }
    positional.push(w[i]);
  }
  const verb = w[0];
  if (SUBCOMMANDS[verb] && positional.length === 0) return pick(SUBCOMMANDS[verb]);
  if (current.includes('/')) {
    const [type] = current.split('/');
    const info = findResource(type);
    if (!info) return [[], current];
    return pick((await src.names(info, namespace)).map((n) => `${type}/${n}`));
  }
  if (POD_VERBS.has(verb)) return pick(await src.names(findResource('pods')!, namespace));
  const typeArgs = verb === 'rollout' || verb === 'set' ? positional.slice(1) : positional;
  if (TYPE_VERBS.has(verb) || verb === 'rollout') {
    if (typeArgs.length === 0) return pick(resourceWords());
    const info = findResource(typeArgs[0].split(',')[0]);
    if (info) return pick(await src.names(info, namespace));
  }
  return pick(filePaths(current, src.cwd));
}

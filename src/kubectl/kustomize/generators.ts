// configMapGenerator and secretGenerator (api/internal/generators, api/kv): key/value pairs from env files,
// literals and files, kustomize's key checks, generatorOptions, and the content hash the name gets at the end.

import * as path from 'node:path';
import { encodeHash } from '../content-hash.js';
import type { Loader } from './loader.js';
import { isMap, KustomizeError, makeRes, type JsonMap, type Res } from './resource.js';

export interface GeneratorOptions {
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  disableNameSuffixHash?: boolean;
  immutable?: boolean;
}

export interface GeneratorArgs {
  name?: string;
  namespace?: string;
  behavior?: string;
  literals?: string[];
  files?: string[];
  envs?: string[];
  env?: string;
  options?: GeneratorOptions;
  type?: string;
}

/** types.MergeGlobalOptionsIntoLocal: the generator's own labels/annotations win, the booleans are or-ed. */
export function mergeOptions(local: GeneratorOptions | undefined, global: GeneratorOptions | undefined): GeneratorOptions | undefined {
  if (!global) return local;
  const out: GeneratorOptions = { ...(local ?? {}) };
  for (const f of ['labels', 'annotations'] as const) {
    if (!out[f]) {
      if (global[f]) out[f] = { ...global[f] };
    } else out[f] = { ...global[f], ...out[f] };
  }
  if (global.disableNameSuffixHash) out.disableNameSuffixHash = true;
  if (global.immutable) out.immutable = true;
  return out;
}


function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

/** generators.ParseFileSource */
function parseFileSource(source: string): [string, string] {
  const n = source.split('=').length - 1;
  if (n === 0) return [path.basename(source), source];
  if (n === 1 && source.startsWith('=')) throw new KustomizeError(`missing key name for file path "${source.slice(1)}" in source "${source}"`);
  if (n === 1 && source.endsWith('=')) throw new KustomizeError(`missing file path for key name "${source.slice(0, -1)}" in source "${source}"`);
  if (n > 1) throw new KustomizeError(`source "${source}" key name or file path contains '='`);
  const [k, p] = source.split('=');
  return [k, p];
}

function envLines(content: Buffer): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const text = content.toString('utf8');
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((raw, i) => {
    let line = i === 0 ? raw.replace(/^\uFEFF/, '') : raw;
    line = line.replace(/^\s+/, '');
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq < 0 ? line : line.slice(0, eq);
    out.push([key, eq < 0 ? '' : line.slice(eq + 1)]);
  });
  return out;
}

/** kv.loader.Load: env files, then literals, then files; each error wrapped as kustomize wraps it. */
function loadPairs(ldr: Loader, args: GeneratorArgs): Array<[string, Buffer]> {
  const all: Array<[string, Buffer]> = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  const wrap = (prefix: string, f: () => void) => {
    try {
      f();
    } catch (e) {
      if (e instanceof KustomizeError) throw new KustomizeError(`loading KV pairs: ${prefix}: ${e.message}`);
      throw e;
    }
  };
  wrap(`env source files: [${envs.join(' ')}]`, () => {
    for (const p of envs) for (const [k, v] of envLines(ldr.load(p))) all.push([k, Buffer.from(v)]);
  });
  wrap(`literal sources [${(args.literals ?? []).join(' ')}]`, () => {
    for (const s of args.literals ?? []) {
      const i = s.indexOf('=');
      if (i <= 0) throw new KustomizeError(`invalid literal source ${s}, expected key=value`);
      all.push([s.slice(0, i), Buffer.from(removeQuotes(s.slice(i + 1)))]);
    }
  });
  wrap(`file sources: [${(args.files ?? []).join(' ')}]`, () => {
    for (const s of args.files ?? []) {
      const [k, p] = parseFileSource(s);
      all.push([k, ldr.load(p)]);
    }
  });
  return all;
}

function validatedData(ldr: Loader, args: GeneratorArgs): Map<string, Buffer> {
  const m = new Map<string, Buffer>();
  for (const [k, v] of loadPairs(ldr, args)) {
    // kubectl builds with kustomize's permissive validator: keys are not checked (the API server checks them)
    if (m.has(k)) throw new KustomizeError(`configmap ${args.name} illegally repeats the key \`${k}\``);
    m.set(k, v);
  }
  return m;
}

function isUtf8(b: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}

function baseObject(kind: string, args: GeneratorArgs): JsonMap {
  if (!args.name) throw new KustomizeError('a configmap must have a name');
  const metadata: JsonMap = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  return { apiVersion: 'v1', kind, metadata };
}

function finish(obj: JsonMap, opts: GeneratorOptions | undefined, behavior: string | undefined): Res {
  const md = obj.metadata as JsonMap;
  if (opts?.labels && Object.keys(opts.labels).length) md.labels = { ...opts.labels };
  if (opts?.annotations && Object.keys(opts.annotations).length) md.annotations = { ...opts.annotations };
  if (opts?.immutable) obj.immutable = true;
  const r = makeRes(obj);
  r.needsHash = !opts?.disableNameSuffixHash;
  r.behavior = behavior || 'create';
  return r;
}

export function makeConfigMap(ldr: Loader, args: GeneratorArgs): Res {
  const obj = baseObject('ConfigMap', args);
  const m = validatedData(ldr, args);
  const data: Record<string, string> = {};
  const binary: Record<string, string> = {};
  for (const [k, v] of m) {
    if (isUtf8(v)) data[k] = v.toString('utf8');
    else binary[k] = v.toString('base64');
  }
  if (Object.keys(data).length) obj.data = data;
  if (Object.keys(binary).length) obj.binaryData = binary;
  return finish(obj, args.options, args.behavior);
}

export function makeSecret(ldr: Loader, args: GeneratorArgs): Res {
  const obj = baseObject('Secret', args);
  obj.type = args.type || 'Opaque';
  const m = validatedData(ldr, args);
  const data: Record<string, string> = {};
  for (const [k, v] of m) data[k] = v.toString('base64');
  if (Object.keys(data).length) obj.data = data;
  return finish(obj, args.options, args.behavior);
}

/** Go's json.Marshal of a string (HTML-safe escapes) */
function goJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sortedJson(v: unknown): string {
  if (isMap(v)) return `{${Object.keys(v).sort().map((k) => `${goJson(k)}:${sortedJson(v[k])}`).join(',')}}`;
  if (Array.isArray(v)) return `[${v.map(sortedJson).join(',')}]`;
  return goJson(v);
}

/**
 * hasher.Hash of a ConfigMap or Secret. kustomize looks the name up as the single key "metadata/name", which never
 * exists, so the name hashed is always "" (and a missing data map is the string "").
 */
export function kustomizeHash(obj: JsonMap): string {
  const field = (k: string) => (obj[k] === undefined || obj[k] === null ? '' : obj[k]);
  let m: JsonMap;
  if (obj.kind === 'ConfigMap') {
    m = { kind: 'ConfigMap', name: '', data: field('data') };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
  } else {
    m = { kind: 'Secret', type: field('type'), name: '', data: field('data') };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
  }
  return encodeHash(sortedJson(m));
}

// Reading `-f FILE|DIR|-|URL` as kubectl's resource builder does (FilenameParam, FileVisitor, StreamVisitor,
// YAMLOrJSONDecoder, client-side kind check, REST mapping, namespace defaulting/enforcing), with kubectl's errors.
// Each document becomes an object (with its source file) or an error in visit order; a syntax error ends its file.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { resourceForKind, type ResourceInfo } from '../cluster/apiserver/discovery.js';
import type { KubeObject } from '../cluster/apiserver/types.js';
import { vendoredManifestFile } from '../cluster/state/vendored.js';
import { KubectlError, type KubectlContext } from './context.js';
import { GoYamlError, parseYamlDocument } from './goyaml.js';
import { goJsonCompact } from './printers/gofmt.js';
import { kustomizeBuild, KustomizeError } from './kustomize/build.js';

export const FILE_EXTENSIONS = ['.json', '.yaml', '.yml'];
/** kubectl has no limit; kubesim holds a manifest in memory whole, so it stops at 64 MiB (the API server takes 3). */
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;
const STOP_VALIDATE = 'if you choose to ignore these errors, turn validation off with --validate=false';

export interface ManifestObject {
  kind: 'object';
  /** file name as kubectl reports it (`web.yaml`, `dir/a.yaml`, `STDIN`, a URL) */
  source: string;
  object: KubeObject;
  resource: ResourceInfo;
}

export interface ManifestError {
  kind: 'error';
  source: string;
  /** the error text without the `error: ` prefix */
  message: string;
}

export type ManifestItem = ManifestObject | ManifestError;

export interface ReadOptions {
  filenames: string[];
  recursive?: boolean;
  cwd: string;
  stdin?: string;
  /** the effective namespace (`-n`, kubeconfig, `default`) */
  namespace: string;
  /** -n given: objects in another namespace are errors */
  enforceNamespace?: boolean;
  /** --validate (default strict); false skips the client-side kind/apiVersion check */
  validate?: boolean;
  /** --validate=strict: YAML is converted strictly (a duplicate key is an error instead of the last one winning) */
  strictYaml?: boolean;
  /** what the API server serves (discovery, custom resources included): objects are mapped against it */
  served?: readonly ResourceInfo[];
  /** -k DIR: the objects are kustomize's build of the directory */
  kustomize?: string;
  /** get and describe print a kustomize error bare (without `error: `), as kubectl's do */
  bareKustomizeErrors?: boolean;
  /** where kustomize's deprecation warnings go (stderr) */
  warn?: (text: string) => void;
}

interface Source {
  name: string;
  text: string;
  /** a URL kubesim has no copy of: it cannot be fetched */
  unreachable?: boolean;
}

function isUrl(p: string): boolean {
  return /^https?:\/\//.test(p);
}

function globToRegExp(pattern: string): RegExp {
  let re = '^';
  for (const ch of pattern) {
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/** expandIfFilePattern: a missing path is tried as a glob (in its last segment). */
function expandPattern(p: string, cwd: string): string[] {
  const abs = path.resolve(cwd, p);
  if (fs.existsSync(abs)) return [p];
  if (/[*?[]/.test(path.basename(p))) {
    const dir = path.dirname(p);
    const absDir = path.resolve(cwd, dir);
    const re = globToRegExp(path.basename(p));
    if (fs.existsSync(absDir) && fs.statSync(absDir).isDirectory()) {
      const hits = fs
        .readdirSync(absDir)
        .filter((n) => re.test(n))
        .sort()
        .map((n) => (dir === '.' && !p.startsWith('./') ? n : path.join(dir, n)));
      if (hits.length) return hits;
    }
  }
  throw new KubectlError(`error: the path "${p}" does not exist`);
}

/** ExpandPathsToFileVisitors: a file as given, or a directory's files with known extensions (lexical order). */
function expandPath(p: string, cwd: string, recursive: boolean): string[] {
  const abs = path.resolve(cwd, p);
  const st = fs.statSync(abs);
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  const walk = (rel: string, absDir: string) => {
    for (const name of fs.readdirSync(absDir).sort()) {
      const childRel = path.join(rel, name);
      const childAbs = path.join(absDir, name);
      const cst = fs.statSync(childAbs);
      if (cst.isDirectory()) {
        if (recursive) walk(childRel, childAbs);
        continue;
      }
      if (FILE_EXTENSIONS.includes(path.extname(name))) out.push(childRel);
    }
  };
  walk(p, abs);
  return out;
}

/** All sources named by -f, in order; path problems are reported before anything is read, like the builder. */
function collectSources(opts: ReadOptions): Source[] {
  const errors: string[] = [];
  const names: string[] = [];
  for (const f of opts.filenames) {
    if (f === '-') {
      names.push('-');
      continue;
    }
    if (isUrl(f)) {
      names.push(f);
      continue;
    }
    let matches: string[];
    try {
      matches = expandPattern(f, opts.cwd);
    } catch (e) {
      errors.push((e as Error).message.replace(/^error: /, ''));
      continue;
    }
    for (const m of matches) names.push(...expandPath(m, opts.cwd, !!opts.recursive));
  }
  if (errors.length === 1) throw new KubectlError(`error: ${errors[0]}`);
  if (errors.length > 1) throw new KubectlError(errors.join('\n'));
  if (names.length === 0) {
    throw new KubectlError(`error: error reading [${opts.filenames.join(' ')}]: recognized file extensions are [${FILE_EXTENSIONS.join(' ')}]`);
  }
  return names.map((n) => {
    if (n === '-') return { name: 'STDIN', text: opts.stdin ?? '' };
    if (isUrl(n)) {
      const local = vendoredManifestFile(n);
      return local ? { name: n, text: fs.readFileSync(local.file, 'utf8') } : { name: n, text: '', unreachable: true };
    }
    const abs = path.resolve(opts.cwd, n);
    const size = fs.statSync(abs).size;
    if (size > MAX_MANIFEST_BYTES) {
      throw new KubectlError(`error: error reading ${n}: the file has ${size} bytes; kubesim reads manifests of at most ${MAX_MANIFEST_BYTES} bytes`);
    }
    return { name: n, text: fs.readFileSync(abs, 'utf8') };
  });
}

/** yaml.YAMLReader: documents split on `---` lines (only a comment may follow the separator). */
export function splitYamlDocuments(text: string): string[] {
  const docs: string[] = [];
  let buf: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    if (line.startsWith('---')) {
      const trimmed = line.slice(3).trim();
      if (trimmed.length > 0 && !trimmed.startsWith('#')) {
        throw new GoYamlError(`invalid Yaml document separator: ${trimmed}`);
      }
      if (buf.length) docs.push(buf.join('\n') + '\n');
      buf = [];
      continue;
    }
    buf.push(line);
  }
  if (buf.length) docs.push(buf.join('\n') + (text.endsWith('\n') ? '\n' : ''));
  return docs;
}

/** A Go json.Decoder-ish error text for JSON input. */
function jsonError(text: string, e: unknown): string {
  const msg = (e as Error).message;
  if (/Unexpected end of JSON input|Unterminated string|end of data/i.test(msg)) return 'unexpected EOF';
  const pos = /position (\d+)/.exec(msg);
  if (pos) {
    const p = Number(pos[1]);
    const ch = text[p];
    if (ch === undefined) return 'unexpected EOF';
    return `invalid character '${ch}' looking for beginning of value`;
  }
  return msg;
}

/** Splits a stream of concatenated JSON values. */
function splitJsonValues(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let inStr = false;
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inStr) {
      if (ch === '\\') i++;
      else if (ch === '"') inStr = false;
      continue;
    }
    if (ch === '"') inStr = true;
    else if (ch === '{' || ch === '[') {
      if (depth === 0) start = i;
      depth++;
    } else if (ch === '}' || ch === ']') {
      depth--;
      if (depth === 0) {
        out.push(text.slice(start, i + 1));
        start = -1;
      }
    } else if (depth === 0 && !/\s/.test(ch)) {
      out.push(text.slice(i));
      return out;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** Documents of one source as plain JS values; a syntax error (message) ends the source. */
function decodeSource(src: Source, strict: boolean): { values: unknown[]; error?: string } {
  const values: unknown[] = [];
  const trimmed = src.text.trimStart();
  if (trimmed.startsWith('{')) {
    for (const chunk of splitJsonValues(trimmed)) {
      try {
        values.push(JSON.parse(chunk));
      } catch (e) {
        return { values, error: `error parsing ${src.name}: ${jsonError(chunk, e)}` };
      }
    }
    return { values };
  }
  let docs: string[];
  try {
    docs = splitYamlDocuments(src.text);
  } catch (e) {
    return { values, error: `error parsing ${src.name}: ${(e as Error).message}` };
  }
  for (const doc of docs) {
    try {
      values.push(parseYamlDocument(doc, { strict }));
    } catch (e) {
      const msg = e instanceof GoYamlError ? `error converting YAML to JSON: ${e.message}` : String(e);
      return { values, error: `error parsing ${src.name}: ${msg}` };
    }
  }
  return { values };
}

/** Sorted-key compact JSON, as the raw document looks after YAMLToJSON. */
function rawJson(v: unknown): string {
  return goJsonCompact(sortKeys(v));
}

export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v as object).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

/** paramVerifyingSchema's getObjectKind check (validate=strict). */
function validateKind(v: unknown): string | undefined {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'invalid object to validate';
  const o = v as Record<string, unknown>;
  const errs: string[] = [];
  if (o.apiVersion === undefined || o.apiVersion === null) errs.push('apiVersion not set');
  else if (typeof o.apiVersion !== 'string') errs.push("apiVersion isn't string type");
  if (o.kind === undefined || o.kind === null) errs.push('kind not set');
  else if (typeof o.kind !== 'string') errs.push("kind isn't string type");
  if (errs.length === 0) return undefined;
  return errs.length === 1 ? errs[0] : `[${errs.join(', ')}]`;
}

/** Reads every document named by -f, in kubectl's visit order. Throws (KubectlError) for path errors. */
/** The `-f` objects of a verb invocation: files relative to its working directory, `-` from its stdin, the
 *  namespace it runs in (enforced when `-n` was given). */
export function readManifestsFor(
  ctx: Pick<KubectlContext, 'cwd' | 'stdin' | 'namespace' | 'explicitNamespace'> & { api?: { discovery(): ResourceInfo[] }; err?: (text: string) => void },
  filenames: string[],
  opts: { recursive: boolean; validate?: boolean; strictYaml?: boolean; kustomize?: string; bareKustomizeErrors?: boolean },
): ManifestItem[] {
  return readManifests({
    kustomize: opts.kustomize,
    bareKustomizeErrors: opts.bareKustomizeErrors,
    warn: ctx.err ? (t) => ctx.err!(t) : undefined,
    filenames,
    recursive: opts.recursive,
    cwd: ctx.cwd,
    stdin: ctx.stdin,
    namespace: ctx.namespace,
    enforceNamespace: ctx.explicitNamespace,
    validate: opts.validate,
    strictYaml: opts.strictYaml,
    served: ctx.api?.discovery(),
  });
}

/** FilenameOptions.validate: -f and -k exclude each other, and -k takes no -R */
function checkKustomizeFlags(opts: ReadOptions): void {
  const errs: string[] = [];
  if (opts.filenames.length && opts.kustomize) errs.push('only one of -f or -k can be specified');
  if (opts.kustomize && opts.recursive) errs.push("the -k flag can't be used with -f or -R");
  if (errs.length === 1) throw new KubectlError(`error: ${errs[0]}`);
  if (errs.length > 1) throw new KubectlError(errs.join('\n'));
}

/** -k DIR: KustomizeVisitor, each built object mapped like a document of a file named DIR */
function readKustomization(opts: ReadOptions): ManifestItem[] {
  let objects: Record<string, unknown>[];
  try {
    objects = kustomizeBuild(path.resolve(opts.cwd, opts.kustomize!), opts.kustomize!, { warn: (l) => opts.warn?.(`${l}\n`) });
  } catch (e) {
    if (e instanceof KustomizeError) throw new KubectlError(opts.bareKustomizeErrors ? e.message : `error: ${e.message}`);
    throw e;
  }
  return objects.map((o) => toItem(o, opts.kustomize!, opts));
}

export function readManifests(opts: ReadOptions): ManifestItem[] {
  checkKustomizeFlags(opts);
  if (opts.kustomize) return readKustomization(opts);
  const items: ManifestItem[] = [];
  for (const src of collectSources(opts)) {
    if (src.unreachable) {
      const host = new URL(src.name).host;
      items.push({ kind: 'error', source: src.name, message: `Get "${src.name}": dial tcp: lookup ${host}: no such host` });
      continue;
    }
    const { values, error } = decodeSource(src, !!opts.strictYaml);
    let stopped = false;
    for (const value of values) {
      if (value === null || value === undefined) continue;
      if (opts.validate !== false) {
        const verr = validateKind(value);
        if (verr) {
          items.push({ kind: 'error', source: src.name, message: `error validating "${src.name}": error validating data: ${verr}; ${STOP_VALIDATE}` });
          stopped = true;
          break;
        }
      }
      const v = value as Record<string, unknown>;
      if (v && v.kind === 'List' && Array.isArray(v.items)) {
        for (const it of v.items) items.push(toItem(it, src.name, opts));
        continue;
      }
      items.push(toItem(value, src.name, opts));
    }
    if (error && !stopped) items.push({ kind: 'error', source: src.name, message: error });
  }
  return items;
}

/** encoding/json's name for a JSON value's type in an UnmarshalTypeError. */
function jsonTypeName(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'string') return 'string';
  return 'object';
}

/**
 * The metadata fields the builder's decoding into ObjectMeta rejects (`labels: {version: 1}`): encoding/json's
 * `cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string`.
 */
function objectMetaDecodeError(md: unknown): string | undefined {
  if (md === null || md === undefined || typeof md !== 'object' || Array.isArray(md)) return undefined;
  const m = md as Record<string, unknown>;
  const err = (v: unknown, field: string, type: string) => `json: cannot unmarshal ${jsonTypeName(v)} into Go struct field ObjectMeta.metadata.${field} of type ${type}`;
  for (const f of ['name', 'generateName', 'namespace']) {
    if (m[f] !== undefined && m[f] !== null && typeof m[f] !== 'string') return err(m[f], f, 'string');
  }
  for (const f of ['labels', 'annotations']) {
    const v = m[f];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'object' || Array.isArray(v)) return err(v, f, 'map[string]string');
    for (const x of Object.values(v)) if (x !== null && typeof x !== 'string') return err(x, f, 'string');
  }
  return undefined;
}

function toItem(value: unknown, source: string, opts: ReadOptions): ManifestItem {
  const o = value as Record<string, unknown>;
  if (typeof o !== 'object' || Array.isArray(o) || typeof o.kind !== 'string' || o.kind === '') {
    return { kind: 'error', source, message: `unable to decode "${source}": Object 'Kind' is missing in '${rawJson(value)}'` };
  }
  const metaError = objectMetaDecodeError(o.metadata);
  if (metaError) return { kind: 'error', source, message: `unable to decode "${source}": ${metaError}` };
  const obj = structuredClone(o) as unknown as KubeObject;
  obj.metadata = (obj.metadata ?? {}) as KubeObject['metadata'];
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : '';
  const info =
    resourceForKind(apiVersion, obj.kind) ?? opts.served?.find((r) => r.crd && r.apiVersion === apiVersion && r.kind === obj.kind);
  if (!info || info.apiVersion !== apiVersion) {
    const md = (o.metadata ?? {}) as Record<string, unknown>;
    return {
      kind: 'error',
      source,
      message: `resource mapping not found for name: "${String(md.name ?? '')}" namespace: "${String(md.namespace ?? '')}" from "${source}": no matches for kind "${obj.kind}" in version "${apiVersion}"\nensure CRDs are installed first`,
    };
  }
  if (info.namespaced) {
    const ns = obj.metadata.namespace;
    if (!ns) obj.metadata.namespace = opts.namespace;
    else if (opts.enforceNamespace && ns !== opts.namespace) {
      return {
        kind: 'error',
        source,
        message: `the namespace from the provided object "${ns}" does not match the namespace "${opts.namespace}". You must pass '--namespace=${ns}' to perform this operation.`,
      };
    }
  } else {
    delete obj.metadata.namespace;
  }
  return { kind: 'object', source, object: obj, resource: info };
}

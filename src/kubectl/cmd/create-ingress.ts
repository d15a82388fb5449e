// `kubectl create ingress` (create_ingress.go, kubectl v1.32): the Ingress it builds client-side, field for field in
// Go struct order (so `--save-config` and `-o json` print as kubectl does), and its argument errors.
// --rule=host/path=svc:port[,tls[=secret]]: a path ending in `*` is pathType Prefix (the `*` removed), else Exact;
// rules of the same host share one IngressRule; `tls` adds the host to spec.tls, grouped by secret name, each host
// once. --default-backend=svc:port, --annotation=key=value, --class.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext, type Verb } from '../context.js';
import { list, str, type ParsedArgs } from '../flags.js';
import { nameRequired } from './generators.js';
import { dryRunOf, outputFormatOf } from './printing.js';
import { validationOf } from './validate.js';
import type { BatchVerbHooks } from './create-batch.js';

type Obj = Record<string, any>;

// v1.32's ruleRegex = regexHostPathSvc + regexTLS, unanchored at the end (so `,anything` after the port passes, and
// the path may hold `=` and `,`); Go's \w is ASCII, as JavaScript's is without the u flag, and Go's `.` stops at \n.
const RULE_RE = /^([\w*\-.]*)(\/[^\n]*)=([\w-]+):([\w-]+)(,(tls)=?([\w-]+)?)?/;

/** Go's index expression on a strings.Split result: out of range is kubectl's runtime panic (exit 2). */
function at(parts: string[], i: number): string {
  if (i >= parts.length) throw new KubectlError(`panic: runtime error: index out of range [${i}] with length ${parts.length}`, 2);
  return parts[i];
}

export interface IngressOptions {
  name: string;
  namespace?: string;
  ingressClass: string;
  rules: string[];
  annotations: string[];
  defaultBackend: string;
}

/** Validate(): the checks kubectl makes before building anything, with its texts. */
export function validateIngressOptions(o: IngressOptions): void {
  if (!o.defaultBackend && o.rules.length === 0) {
    throw new KubectlError('error: not enough information provided: every ingress has to either specify a default-backend (which catches all traffic) or a list of rules (which catch specific paths)');
  }
  for (const rule of o.rules) {
    if (!RULE_RE.test(rule)) throw new KubectlError(`error: rule ${rule} is invalid and should be in format host/path=svcname:svcport[,tls[=secret]]`);
  }
  for (const a of o.annotations) {
    if (!a.includes('=')) throw new KubectlError(`error: annotation ${a} is invalid and should be in format key=[value]`);
  }
  if (o.defaultBackend && o.defaultBackend.split(':').length !== 2) throw new KubectlError('error: default-backend should be in format servicename:serviceport');
}

/** intstr.Parse: a base-10 int32 is a number, anything else a name; a zero number is omitted (omitempty). */
function backendPort(port: string): Obj {
  if (/^[+-]?\d+$/.test(port)) {
    const n = Number(port);
    if (Number.isSafeInteger(n) && n >= -2147483648 && n <= 2147483647) return n === 0 ? {} : { number: n };
  }
  return port === '' ? {} : { name: port };
}

function backendSvc(service: string): Obj {
  const parts = service.split(':');
  return { service: { name: parts[0], port: backendPort(at(parts, 1)) } };
}

function httpPath(pathsvc: string): Obj {
  const eq = pathsvc.split('=');
  let p = `/${eq[0]}`;
  let pathType = 'Exact';
  if (p.endsWith('*')) {
    pathType = 'Prefix';
    p = p.slice(0, -1);
  }
  return { path: p, pathType, backend: backendSvc(at(eq, 1)) };
}

function splitN2(s: string, sep: string): [string, string | undefined] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, undefined] : [s.slice(0, i), s.slice(i + 1)];
}

function tlsRules(rules: string[]): Obj[] {
  const seen = new Set<string>();
  const out: Obj[] = [];
  for (const rule of rules) {
    const parts = rule.split(',');
    if (parts.length !== 2) continue;
    const host = splitN2(rule, '/')[0];
    const secretName = parts[1].split('=');
    const secret = secretName.length > 1 ? secretName[1] : '';
    const idx = out.findIndex((t) => (t.secretName ?? '') === secret);
    if (seen.has(host)) continue;
    if (idx > -1) {
      (out[idx].hosts ??= []).push(host);
      seen.add(host);
      continue;
    }
    const t: Obj = {};
    if (host !== '') t.hosts = [host];
    if (secret !== '') t.secretName = secret;
    if (t.secretName || t.hosts) out.push(t);
    seen.add(host);
  }
  return out;
}

function ingressRules(rules: string[]): Obj[] {
  const out: Obj[] = [];
  for (const rule of rules) {
    const [host, rest] = splitN2(rule.split(',')[0], '/');
    const p = httpPath(rest ?? '');
    const existing = out.find((r) => (r.host ?? '') === host);
    if (existing) {
      existing.http.paths.push(p);
      continue;
    }
    const r: Obj = {};
    if (host !== '') r.host = host;
    r.http = { paths: [p] };
    out.push(r);
  }
  return out;
}

/** createIngress(): the object, in Go field order (TypeMeta kind first). */
export function buildIngress(o: IngressOptions): KubeObject {
  const metadata: Obj = { name: o.name };
  if (o.namespace) metadata.namespace = o.namespace;
  metadata.creationTimestamp = null;
  const annotations: Record<string, string> = {};
  for (const a of o.annotations) {
    const [k, v] = splitN2(a, '=');
    annotations[k] = v ?? '';
  }
  if (Object.keys(annotations).length) metadata.annotations = annotations;
  const spec: Obj = {};
  if (o.ingressClass) spec.ingressClassName = o.ingressClass;
  if (o.defaultBackend) spec.defaultBackend = backendSvc(o.defaultBackend);
  const tls = tlsRules(o.rules);
  if (tls.length) spec.tls = tls;
  const rules = ingressRules(o.rules);
  if (rules.length) spec.rules = rules;
  return { kind: 'Ingress', apiVersion: 'networking.k8s.io/v1', metadata, spec, status: { loadBalancer: {} } } as unknown as KubeObject;
}

export function ingressVerb(h: BatchVerbHooks): Verb {
  return {
    name: 'ingress',
    aliases: ['ing'],
    path: 'kubectl create ingress',
    flags: [
      ...h.common,
      { name: 'annotation', type: 'stringArray' },
      { name: 'class', type: 'string' },
      { name: 'default-backend', type: 'string' },
      { name: 'rule', type: 'stringArray' },
    ],
    run(ctx: KubectlContext, args: ParsedArgs) {
      const name = nameRequired(args.args, 'kubectl create ingress');
      // Complete() before Validate(): the dry-run, output and validation flags fail first
      dryRunOf(ctx, args);
      outputFormatOf(args, undefined, ctx.cwd);
      validationOf(args);
      const o: IngressOptions = {
        name,
        namespace: h.namespace(ctx),
        ingressClass: str(args, 'class'),
        rules: list(args, 'rule'),
        annotations: list(args, 'annotation'),
        defaultBackend: str(args, 'default-backend'),
      };
      validateIngressOptions(o);
      h.create(ctx, args, buildIngress(o), 'failed to create ingress: %v');
    },
  };
}

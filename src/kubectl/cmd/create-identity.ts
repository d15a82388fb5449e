// `kubectl create serviceaccount` and `kubectl create token` (create_serviceaccount.go, create_token.go): the
// ServiceAccount generator, the token request's client-side checks with kubectl's texts, and the token printed
// bare (a newline only on a terminal) or as the TokenRequest with -o.

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { StatusError } from '../../cluster/apiserver/errors.js';
import { createToken, type TokenRequestSpec } from '../../cluster/apiserver/tokens.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type Verb } from '../context.js';
import { list, str } from '../flags.js';
import type { GeneratorHooks } from './create-secret.js';
import { nameRequired } from './generators.js';
import { ObjectPrinter, outputFormatOf, PRINT_FLAGS } from './printing.js';

export function buildServiceAccount(name: string, namespace: string | undefined): KubeObject {
  return { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name, ...(namespace ? { namespace } : {}), creationTimestamp: null } } as unknown as KubeObject;
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, μs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, in nanoseconds (a float: token lifetimes stay far below 2^53 ns). */
export function goParseDuration(text: string): number {
  const bad = () => new Error(`time: invalid duration ${JSON.stringify(text)}`);
  let s = text;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s === '') throw bad();
  let total = 0;
  while (s !== '') {
    const m = /^(\d*)(?:\.(\d*))?/.exec(s)!;
    if (m[0] === '' || m[0] === '.') throw bad();
    s = s.slice(m[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') throw new Error(`time: missing unit in duration ${JSON.stringify(text)}`);
    if (!(unit in UNITS)) throw new Error(`time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`);
    s = s.slice(unit.length);
    total += parseFloat(`${m[1] || '0'}.${m[2] ?? '0'}`) * UNITS[unit];
  }
  return sign * total;
}

const TOKEN_REQUEST: ResourceInfo = {
  name: 'tokenrequests',
  singular: 'tokenrequest',
  shortNames: [],
  group: 'authentication.k8s.io',
  version: 'v1',
  apiVersion: 'authentication.k8s.io/v1',
  namespaced: true,
  kind: 'TokenRequest',
  verbs: ['create'],
  categories: [],
};

const BOUND_KINDS: Record<string, string> = { Pod: 'v1', Secret: 'v1' };

export function identityVerbs(h: GeneratorHooks): { serviceaccount: Verb; token: Verb } {
  const serviceaccount: Verb = {
    name: 'serviceaccount',
    aliases: ['sa'],
    path: 'kubectl create serviceaccount',
    flags: h.common,
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create serviceaccount');
      h.create(ctx, args, buildServiceAccount(name, h.namespace(ctx)), 'failed to create serviceaccount');
    },
  };
  const token: Verb = {
    name: 'token',
    path: 'kubectl create token',
    flags: [
      ...PRINT_FLAGS,
      { name: 'audience', type: 'stringArray' },
      { name: 'bound-object-kind', type: 'string' },
      { name: 'bound-object-name', type: 'string' },
      { name: 'bound-object-uid', type: 'string' },
      { name: 'duration', type: 'string', default: '0s' },
    ],
    run(ctx, args) {
      const name = nameRequired(args.args, 'kubectl create token');
      const durationText = str(args, 'duration');
      let ns: number;
      try {
        ns = goParseDuration(durationText);
      } catch (e) {
        throw new KubectlError(`error: invalid argument "${durationText}" for "--duration" flag: ${(e as Error).message}\nSee 'kubectl create token --help' for usage.`);
      }
      const format = outputFormatOf(args);
      if (ns < 0) throw new KubectlError('error: --duration must be greater than or equal to 0');
      if (ns % 1e9 !== 0) throw new KubectlError('error: --duration cannot be expressed in units less than seconds');
      const audiences = list(args, 'audience');
      if (audiences.some((a) => a === '')) throw new KubectlError('error: --audience must not be an empty string');
      const kind = str(args, 'bound-object-kind');
      const boundName = str(args, 'bound-object-name');
      const uid = str(args, 'bound-object-uid');
      if (!kind) {
        if (boundName) throw new KubectlError('error: --bound-object-name can only be set if --bound-object-kind is provided');
        if (uid) throw new KubectlError('error: --bound-object-uid can only be set if --bound-object-kind is provided');
      } else {
        if (!boundName) throw new KubectlError('error: --bound-object-name is required if --bound-object-kind is provided');
        if (!(kind in BOUND_KINDS)) throw new KubectlError(`error: supported --bound-object-kind values are ${Object.keys(BOUND_KINDS).join(', ')}`);
      }
      const spec: TokenRequestSpec = { audiences: audiences.length ? audiences : null };
      if (ns > 0) spec.expirationSeconds = ns / 1e9;
      if (kind) spec.boundObjectRef = { kind, apiVersion: BOUND_KINDS[kind], name: boundName, uid };
      let response;
      try {
        response = createToken(ctx.api, ctx.namespace, name, spec);
      } catch (e) {
        if (e instanceof StatusError) throw new KubectlError(`error: failed to create token: ${e.status.message}`);
        throw e;
      }
      if (format.kind !== '') {
        new ObjectPrinter(ctx, format).print(TOKEN_REQUEST, response, 'created', { typed: true });
        return;
      }
      ctx.out(ctx.isTTY ? `${response.status.token}\n` : response.status.token);
    },
  };
  return { serviceaccount, token };
}

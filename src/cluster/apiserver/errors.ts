// API errors as the kube-apiserver returns them: Status objects with a reason and an HTTP code.
// kubectl formats them (`Error from server (NotFound): services "web" not found`); see kubectl/errors.ts.

import type { Status } from './types.js';

export type StatusReason =
  | 'NotFound'
  | 'AlreadyExists'
  | 'Invalid'
  | 'Conflict'
  | 'Forbidden'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'InternalError'
  | 'UnsupportedMediaType'
  | 'RequestEntityTooLarge'
  | 'TooManyRequests'
  | 'Expired'
  | 'Timeout';

const CODES: Record<StatusReason, number> = {
  NotFound: 404,
  AlreadyExists: 409,
  Conflict: 409,
  Invalid: 422,
  Forbidden: 403,
  BadRequest: 400,
  MethodNotAllowed: 405,
  InternalError: 500,
  UnsupportedMediaType: 415,
  RequestEntityTooLarge: 413,
  TooManyRequests: 429,
  Expired: 410,
  Timeout: 504,
};

export interface FieldCause {
  /** `FieldValueInvalid`, `FieldValueRequired`, `FieldValueNotSupported`, `FieldValueDuplicate`, `FieldValueForbidden` */
  reason: string;
  field: string;
  /** the full message of this cause as it appears in the aggregate, e.g. `spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive` */
  message: string;
}

export class StatusError extends Error {
  readonly status: Status;
  constructor(reason: StatusReason, message: string, details?: Status['details']) {
    super(message);
    this.status = { kind: 'Status', apiVersion: 'v1', status: 'Failure', message, reason, details, code: CODES[reason] };
  }
  /** A failure with no reason (StatusReasonUnknown, kubectl prints `Error from server: MSG`), e.g. a CRD
   *  conversion webhook the API server could not call. */
  static unknown(code: number, message: string): StatusError {
    const e = new StatusError('InternalError', message);
    (e.status as { reason?: string }).reason = '';
    e.status.code = code;
    return e;
  }
  get reason(): StatusReason {
    return this.status.reason as StatusReason;
  }
}

/** `pods "x" not found`; `resource` is the plural with group (`deployments.apps`). */
export function notFound(resource: string, name: string): StatusError {
  const [plural, ...g] = resource.split('.');
  return new StatusError('NotFound', `${resource} "${name}" not found`, { name, group: g.join('.'), kind: plural });
}

export function alreadyExists(resource: string, name: string): StatusError {
  const [plural, ...g] = resource.split('.');
  return new StatusError('AlreadyExists', `${resource} "${name}" already exists`, { name, group: g.join('.'), kind: plural });
}

export function conflict(resource: string, name: string, why: string): StatusError {
  const [plural, ...g] = resource.split('.');
  return new StatusError('Conflict', `Operation cannot be fulfilled on ${resource} "${name}": ${why}`, { name, group: g.join('.'), kind: plural });
}

/** Field error helpers producing the text `field.ErrorList` renders. */
export const field = {
  invalid(path: string, value: unknown, detail: string): FieldCause {
    return { reason: 'FieldValueInvalid', field: path, message: `${path}: Invalid value: ${goValue(value)}: ${detail}` };
  },
  required(path: string, detail = ''): FieldCause {
    return { reason: 'FieldValueRequired', field: path, message: `${path}: Required value${detail ? `: ${detail}` : ''}` };
  },
  notSupported(path: string, value: unknown, valid: string[]): FieldCause {
    const list = valid.map((v) => `"${v}"`).join(', ');
    return { reason: 'FieldValueNotSupported', field: path, message: `${path}: Unsupported value: ${goValue(value)}: supported values: ${list}` };
  },
  duplicate(path: string, value: unknown): FieldCause {
    return { reason: 'FieldValueDuplicate', field: path, message: `${path}: Duplicate value: ${goValue(value)}` };
  },
  forbidden(path: string, detail: string): FieldCause {
    return { reason: 'FieldValueForbidden', field: path, message: `${path}: Forbidden: ${detail}` };
  },
};

/** How field.Error prints a value: strings quoted, numbers bare, objects as Go would (approximated as JSON). */
export function goValue(v: unknown): string {
  if (v instanceof GoLiteral) return v.text;
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return 'null';
  return JSON.stringify(v);
}

/**
 * `The Service "x" is invalid: spec.ports[0].port: Invalid value: 0: ...` — one cause inline, several as a
 * bracketed list `[a, b]`, exactly as apierrors.NewInvalid builds the message.
 */
export function invalid(kind: string, group: string, name: string, causes: FieldCause[]): StatusError {
  const msgs = causes.map((c) => c.message);
  const body = msgs.length === 1 ? msgs[0] : `[${msgs.join(', ')}]`;
  // the message names schema.GroupKind.String(): `Deployment.apps "web" is invalid: ...` (kubectl's "The Deployment
  // "web" is invalid" line is built from the details instead; wrapped errors such as create's show the message)
  const qualified = group ? `${kind}.${group}` : kind;
  return new StatusError('Invalid', `${qualified} "${name}" is invalid: ${body}`, {
    name,
    group,
    kind,
    causes: causes.map((c) => ({ reason: c.reason, message: c.message.slice(c.field.length + 2), field: c.field })),
  });
}

export function isStatusError(e: unknown): e is StatusError {
  return e instanceof StatusError;
}

/** A value pre-rendered as Go's `%#v` prints it (`[]string{"10.96.0.10"}`); goValue emits it verbatim. */
export class GoLiteral {
  constructor(readonly text: string) {}
}

// Shared validators with apimachinery's exact messages: DNS-1123/1035 names, qualified names, label values,
// port names and numbers, config keys, and ObjectMeta checks (apimachinery/pkg/api/validation/objectmeta.go).

import { field, type FieldCause } from '../errors.js';
import type { ObjectMeta } from '../types.js';

export function maxLenError(n: number): string {
  return `must be no more than ${n} characters`;
}

export function inclusiveRangeError(lo: number, hi: number): string {
  return `must be between ${lo} and ${hi}, inclusive`;
}

/** validation.RegexError: `msg (e.g. 'a',  or 'b', regex used for validation is 'fmt')`. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let out = `${msg} (e.g. `;
  examples.forEach((e, i) => {
    if (i > 0) out += ' or ';
    out += `'${e}', `;
  });
  return `${out}regex used for validation is '${fmt}')`;
}

const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1035_LABEL_FMT = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const CONFIG_KEY_FMT = '[-._a-zA-Z0-9]+';

const full = (fmt: string) => new RegExp(`^${fmt}$`);
const DNS1123_LABEL_RE = full(DNS1123_LABEL_FMT);
const DNS1123_SUBDOMAIN_RE = full(DNS1123_SUBDOMAIN_FMT);
const DNS1035_LABEL_RE = full(DNS1035_LABEL_FMT);
const QNAME_RE = full(QNAME_FMT);
const LABEL_VALUE_RE = full(LABEL_VALUE_FMT);
const CONFIG_KEY_RE = full(CONFIG_KEY_FMT);

export const DNS1123_LABEL_MSG =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1035_LABEL_MSG =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const LABEL_VALUE_MSG =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const CONFIG_KEY_MSG = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";

export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1123_LABEL_RE.test(v)) errs.push(regexError(DNS1123_LABEL_MSG, DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  return errs;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!DNS1123_SUBDOMAIN_RE.test(v)) errs.push(regexError(DNS1123_SUBDOMAIN_MSG, DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

export function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!DNS1035_LABEL_RE.test(v)) errs.push(regexError(DNS1035_LABEL_MSG, DNS1035_LABEL_FMT, 'my-name', 'abc-123'));
  return errs;
}

/** A name validator (apimachinery ValidateNameFunc); `prefix` = generateName, trailing dash masked. */
export type NameFn = (name: string, prefix: boolean) => string[];

const maskTrailingDash = (n: string): string => (n.length > 1 && n.endsWith('-') ? `${n.slice(0, -2)}a` : n);

export const nameIsDNSSubdomain: NameFn = (n, prefix) => isDNS1123Subdomain(prefix ? maskTrailingDash(n) : n);
export const nameIsDNSLabel: NameFn = (n, prefix) => isDNS1123Label(prefix ? maskTrailingDash(n) : n);
export const nameIsDNS1035Label: NameFn = (n, prefix) => isDNS1035Label(prefix ? maskTrailingDash(n) : n);

export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0];
  else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [
      `a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`,
    ];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLenError(63)}`);
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export function isValidLabelValue(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLenError(63));
  if (!LABEL_VALUE_RE.test(v)) errs.push(regexError(LABEL_VALUE_MSG, LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  return errs;
}

export function isValidPortNum(port: number): string[] {
  return port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLenError(253));
  if (!CONFIG_KEY_RE.test(v)) errs.push(regexError(CONFIG_KEY_MSG, CONFIG_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  if (v === '.') errs.push("must not be '.'");
  else if (v === '..') errs.push("must not be '..'");
  else if (v.startsWith('..')) errs.push("must not start with '..'");
  return errs;
}

/** `field.Invalid` for each message of a string check. */
export function eachInvalid(path: string, value: string, msgs: string[]): FieldCause[] {
  return msgs.map((m) => field.invalid(path, value, m));
}

export function validateDNS1123Label(value: string, path: string): FieldCause[] {
  return eachInvalid(path, value, isDNS1123Label(value));
}

export function validateDNS1123Subdomain(value: string, path: string): FieldCause[] {
  return eachInvalid(path, value, isDNS1123Subdomain(value));
}

/** unversionedvalidation.ValidateLabels (keys sorted for determinism; Go iterates the map randomly). */
export function validateLabels(labels: Record<string, string> | undefined, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  for (const k of Object.keys(labels ?? {}).sort()) {
    out.push(...eachInvalid(path, k, isQualifiedName(k)));
    out.push(...eachInvalid(path, labels![k], isValidLabelValue(String(labels![k]))));
  }
  return out;
}

export function validateAnnotations(annotations: Record<string, string> | undefined, path: string): FieldCause[] {
  const out: FieldCause[] = [];
  let size = 0;
  for (const k of Object.keys(annotations ?? {}).sort()) {
    out.push(...eachInvalid(path, k, isQualifiedName(k.toLowerCase())));
    size += k.length + String(annotations![k]).length;
  }
  if (size > 262144) {
    out.push({ reason: 'FieldValueTooLong', field: path, message: `${path}: Too long: must have at most 262144 bytes` });
  }
  return out;
}

export function validateNonnegative(value: number | undefined, path: string): FieldCause[] {
  return value !== undefined && value < 0 ? [field.invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** apimachinery ValidateObjectMeta (create). */
export function validateObjectMeta(meta: ObjectMeta, requiresNamespace: boolean, nameFn: NameFn, path = 'metadata'): FieldCause[] {
  const out: FieldCause[] = [];
  if (meta.generateName) out.push(...eachInvalid(`${path}.generateName`, meta.generateName, nameFn(meta.generateName, true)));
  if (!meta.name) out.push(field.required(`${path}.name`, 'name or generateName is required'));
  else out.push(...eachInvalid(`${path}.name`, meta.name, nameFn(meta.name, false)));
  if (requiresNamespace) {
    if (!meta.namespace) out.push(field.required(`${path}.namespace`));
    else out.push(...eachInvalid(`${path}.namespace`, meta.namespace, isDNS1123Label(meta.namespace)));
  } else if (meta.namespace) {
    out.push(field.forbidden(`${path}.namespace`, 'not allowed on this type'));
  }
  out.push(...validateNonnegative(meta.generation, `${path}.generation`));
  out.push(...validateLabels(meta.labels, `${path}.labels`));
  out.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  return out;
}

/** apimachinery ValidateObjectMetaUpdate: name, namespace, uid, creationTimestamp may not change. */
export function validateObjectMetaUpdate(meta: ObjectMeta, old: ObjectMeta, path = 'metadata'): FieldCause[] {
  const out: FieldCause[] = [];
  const imm = (k: keyof ObjectMeta) => {
    const a = meta[k];
    const b = old[k];
    if (a !== undefined && b !== undefined && a !== b) out.push(field.invalid(`${path}.${String(k)}`, a, 'field is immutable'));
  };
  imm('name');
  imm('namespace');
  imm('uid');
  imm('creationTimestamp');
  out.push(...validateLabels(meta.labels, `${path}.labels`));
  out.push(...validateAnnotations(meta.annotations, `${path}.annotations`));
  return out;
}

/** Dedupes identical messages, as field.ErrorList.ToAggregate does. */
export function dedupe(causes: FieldCause[]): FieldCause[] {
  const seen = new Set<string>();
  return causes.filter((c) => (seen.has(c.message) ? false : (seen.add(c.message), true)));
}

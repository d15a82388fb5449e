// kubectl's flag parsing (spf13/pflag semantics): flags anywhere among arguments, `--f=v`, `--f v`, `-fv`, `-f=v`,
// bool shorthand clusters (`-it`), `--` ending flags, and pflag's exact error messages.

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray' | 'stringSlice' | 'duration';

export interface FlagSpec {
  name: string;
  short?: string;
  type: FlagType;
  default?: string | boolean | number | string[];
  /** bool-like flags that also take an optional value (`--dry-run` = `--dry-run=client` is NOT pflag; kubectl uses NoOptDefVal) */
  noOptDefault?: string;
  /** kubectl accepts the flag but kubesim does not simulate its effect: setting it fails instead of being ignored */
  unsimulated?: boolean;
}

export interface ParsedArgs {
  /** positional arguments, in order (including those after `--`) */
  args: string[];
  /** index in args where `--` was seen, or -1 */
  dashIndex: number;
  flags: Record<string, string | boolean | number | string[]>;
  /** names of flags the user actually set */
  changed: Set<string>;
}

/** A usage error: printed as `error: <message>\nSee 'kubectl <path> --help' for usage.` with exit 1. */
export class FlagError extends Error {}

/** kubectl v1.32's global flags (`kubectl options`): every command accepts them, before or after the verb. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'as', type: 'string', default: '' },
  { name: 'as-group', type: 'stringArray', default: [] },
  { name: 'as-uid', type: 'string', default: '' },
  { name: 'cache-dir', type: 'string', default: '' },
  { name: 'certificate-authority', type: 'string', default: '' },
  { name: 'client-certificate', type: 'string', default: '' },
  { name: 'client-key', type: 'string', default: '' },
  { name: 'cluster', type: 'string', default: '' },
  { name: 'context', type: 'string', default: '' },
  { name: 'disable-compression', type: 'bool', default: false },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false },
  { name: 'kubeconfig', type: 'string', default: '' },
  { name: 'log-flush-frequency', type: 'string', default: '5s' },
  { name: 'match-server-version', type: 'bool', default: false },
  { name: 'namespace', short: 'n', type: 'string', default: '' },
  { name: 'password', type: 'string', default: '' },
  { name: 'profile', type: 'string', default: 'none' },
  { name: 'profile-output', type: 'string', default: 'profile.pprof' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'server', short: 's', type: 'string', default: '' },
  { name: 'tls-server-name', type: 'string', default: '' },
  { name: 'token', type: 'string', default: '' },
  { name: 'user', type: 'string', default: '' },
  { name: 'username', type: 'string', default: '' },
  { name: 'v', short: 'v', type: 'int', default: 0 },
  { name: 'vmodule', type: 'string', default: '' },
  { name: 'warnings-as-errors', type: 'bool', default: false },
];

function defaultOf(spec: FlagSpec): string | boolean | number | string[] {
  if (spec.default !== undefined) return Array.isArray(spec.default) ? [...spec.default] : spec.default;
  switch (spec.type) {
    case 'bool':
      return false;
    case 'int':
      return 0;
    case 'stringArray':
    case 'stringSlice':
      return [];
    default:
      return '';
  }
}

/** time.ParseDuration's verdict on a value: undefined when it parses, else Go's error text. */
export function goDurationError(v: string): string | undefined {
  const q = JSON.stringify(v);
  let s = v;
  if (s === '0') return undefined;
  if (s.startsWith('-') || s.startsWith('+')) s = s.slice(1);
  if (s === '0') return undefined;
  if (s === '') return `time: invalid duration ${q}`;
  while (s !== '') {
    const num = /^(\d*)(\.\d*)?/.exec(s)!;
    if (num[0] === '' || num[0] === '.') return `time: invalid duration ${q}`;
    s = s.slice(num[0].length);
    const unit = /^[^\d.]*/.exec(s)![0];
    if (unit === '') return `time: missing unit in duration ${q}`;
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)) return `time: unknown unit ${JSON.stringify(unit)} in duration ${q}`;
    s = s.slice(unit.length);
  }
  return undefined;
}

function parseBool(value: string, flagText: string): boolean {
  if (['1', 't', 'T', 'true', 'TRUE', 'True'].includes(value)) return true;
  if (['0', 'f', 'F', 'false', 'FALSE', 'False'].includes(value)) return false;
  throw new FlagError(`invalid argument "${value}" for "${flagText}" flag: strconv.ParseBool: parsing "${value}": invalid syntax`);
}

/** Splits a stringSlice value as pflag does (CSV: commas, with quotes allowed). */
function splitSlice(value: string): string[] {
  if (value === '') return [];
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of value) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function parseFlags(argv: string[], specs: FlagSpec[]): ParsedArgs {
  const all = [...specs, ...GLOBAL_FLAGS.filter((g) => !specs.some((s) => s.name === g.name))];
  const byName = new Map(all.map((s) => [s.name, s]));
  const byShort = new Map(all.filter((s) => s.short).map((s) => [s.short!, s]));
  const result: ParsedArgs = { args: [], dashIndex: -1, flags: {}, changed: new Set() };
  for (const s of all) result.flags[s.name] = defaultOf(s);

  const setValue = (spec: FlagSpec, value: string, flagText: string) => {
    const first = !result.changed.has(spec.name);
    result.changed.add(spec.name);
    switch (spec.type) {
      case 'bool':
        result.flags[spec.name] = parseBool(value, flagText);
        break;
      case 'int': {
        if (!/^[+-]?\d+$/.test(value)) {
          throw new FlagError(`invalid argument "${value}" for "${flagText}" flag: strconv.ParseInt: parsing "${value}": invalid syntax`);
        }
        result.flags[spec.name] = parseInt(value, 10);
        break;
      }
      case 'duration': {
        const bad = goDurationError(value);
        if (bad) throw new FlagError(`invalid argument "${value}" for "${flagText}" flag: ${bad}`);
        result.flags[spec.name] = value;
        break;
      }
      case 'stringArray': {
        const prev = first ? [] : (result.flags[spec.name] as string[]);
        result.flags[spec.name] = [...prev, value];
        break;
      }
      case 'stringSlice': {
        const prev = first ? [] : (result.flags[spec.name] as string[]);
        result.flags[spec.name] = [...prev, ...splitSlice(value)];
        break;
      }
      default:
        result.flags[spec.name] = value;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      result.dashIndex = result.args.length;
      result.args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const spec = byName.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      const flagText = spec.short ? `-${spec.short}, --${name}` : `--${name}`;
      if (eq >= 0) setValue(spec, a.slice(eq + 1), flagText);
      else if (spec.type === 'bool') setValue(spec, 'true', flagText);
      else if (spec.noOptDefault !== undefined) setValue(spec, spec.noOptDefault, flagText);
      else if (i + 1 < argv.length) setValue(spec, argv[++i], flagText);
      else throw new FlagError(`flag needs an argument: --${name}`);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && a !== '-') {
      // shorthand cluster
      let j = 1;
      while (j < a.length) {
        const c = a[j];
        const spec = byShort.get(c);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${c}' in ${a}`);
        const flagText = `-${c}, --${spec.name}`;
        const rest = a.slice(j + 1);
        if (spec.type === 'bool') {
          if (rest.startsWith('=')) {
            setValue(spec, rest.slice(1), flagText);
            break;
          }
          setValue(spec, 'true', flagText);
          j++;
          continue;
        }
        if (rest.startsWith('=')) setValue(spec, rest.slice(1), flagText);
        else if (rest.length > 0) setValue(spec, rest, flagText);
        else if (spec.noOptDefault !== undefined) setValue(spec, spec.noOptDefault, flagText);
        else if (i + 1 < argv.length) setValue(spec, argv[++i], flagText);
        else throw new FlagError(`flag needs an argument: '${c}' in -${c}`);
        break;
      }
      continue;
    }
    result.args.push(a);
  }
  return result;
}

export function str(p: ParsedArgs, name: string): string {
  return String(p.flags[name] ?? '');
}
export function bool(p: ParsedArgs, name: string): boolean {
  return p.flags[name] === true;
}
export function int(p: ParsedArgs, name: string): number {
  return Number(p.flags[name] ?? 0);
}
export function list(p: ParsedArgs, name: string): string[] {
  const v = p.flags[name];
  return Array.isArray(v) ? v : [];
}

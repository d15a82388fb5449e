// kubectl's flag parsing (spf13/pflag semantics): flags anywhere among arguments, `--f=v`, `--f v`, `-fv`, `-f=v`,
// bool shorthand clusters (`-it`), `--` ending flags, and pflag's exact error messages.

export type FlagType = 'string' | 'bool' | 'int' | 'stringArray' | 'stringSlice';

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

/** Flags every kubectl command accepts (a subset of kubectl's global flags). */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'namespace', short: 'n', type: 'string', default: '' },
  { name: 'kubeconfig', type: 'string', default: '' },
  { name: 'context', type: 'string', default: '' },
  { name: 'cluster', type: 'string', default: '' },
  { name: 'user', type: 'string', default: '' },
  { name: 'v', short: 'v', type: 'string', default: '0' },
  { name: 'request-timeout', type: 'string', default: '0' },
  { name: 'server', short: 's', type: 'string', default: '' },
  { name: 'insecure-skip-tls-verify', type: 'bool', default: false },
  { name: 'match-server-version', type: 'bool', default: false },
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
      const flagText = `--${name}`;
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

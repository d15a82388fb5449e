// The command tree cobra's `__complete` walks, read from kubectl's own help texts: each command's sub-commands
// (with their short descriptions), its local flags (name, shorthand, first line of usage, whether it takes a
// value) and the global flags of `kubectl options`. Pure: text in, tree out.

export interface CompFlag {
  name: string;
  short?: string;
  usage: string;
  /** true for bool flags (`--watch`): no value follows */
  bool: boolean;
  /** a flag that takes a value but does not need one (`--dry-run`, `--cascade`): pflag's NoOptDefVal */
  optionalValue?: boolean;
  /** slice/array flags may be completed again once set */
  repeatable: boolean;
}

export interface CompCommand {
  path: string;
  name: string;
  subcommands: Array<{ name: string; short: string }>;
  flags: CompFlag[];
}

/** kubectl's flags with a NoOptDefVal (`--dry-run` alone means client, `--cascade` background, `--validate` strict). */
const NO_OPT_DEFAULT = new Set(['cascade', 'dry-run', 'validate']);

/** Flags of one help text's `Options:` section (or of `kubectl options`). */
export function parseHelpFlags(text: string): CompFlag[] {
  const start = text.indexOf('\nOptions:\n');
  const body = start < 0 ? (text.startsWith('The following options') ? text : '') : text.slice(start + 10);
  const out: CompFlag[] = [];
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^ {4}(?:-(\w), )?--([\w-]+)=(.*):$/.exec(lines[i]);
    if (!m) {
      if (/^\S/.test(lines[i]) && out.length) break;
      continue;
    }
    const def = m[3];
    const usage = (lines[i + 1] ?? '').replace(/^\t/, '');
    const flag: CompFlag = { name: m[2], usage, bool: def === 'true' || def === 'false', repeatable: def.startsWith('[') };
    if (NO_OPT_DEFAULT.has(flag.name)) flag.optionalValue = true;
    if (m[1]) flag.short = m[1];
    out.push(flag);
  }
  return out;
}

/** The `Available Commands:` of a help text, or the grouped commands of the root help. */
export function parseSubcommands(text: string, root: boolean): Array<{ name: string; short: string }> {
  const out: Array<{ name: string; short: string }> = [];
  const usage = text.indexOf('\nUsage:\n');
  const head = usage < 0 ? text : text.slice(0, usage);
  const sections = root ? head.split('\n\n').slice(1) : [head.slice(head.indexOf('\nAvailable Commands:\n') + 1)];
  if (!root && !head.includes('\nAvailable Commands:\n')) return out;
  for (const sec of sections) {
    for (const line of sec.split('\n')) {
      const m = /^ {2}([a-z][a-z0-9-]*)\s{2,}(.*)$/.exec(line);
      if (m) out.push({ name: m[1], short: m[2] });
    }
  }
  return out;
}

/** Builds the command for a path ('' = root) from the help texts; undefined when kubectl has no such command. */
export function commandFromHelp(helpTexts: Record<string, string>, path: string): CompCommand | undefined {
  const text = helpTexts[path];
  if (text === undefined) {
    if (path !== '' && !path.includes(' ') && parseSubcommands(helpTexts[''] ?? '', true).some((c) => c.name === path)) {
      return { path, name: path, subcommands: [], flags: [] };
    }
    return undefined;
  }
  const root = path === '';
  const subcommands = parseSubcommands(text, root);
  if (root) {
    subcommands.push(
      { name: 'help', short: 'Help about any command' },
      { name: 'options', short: 'Print the list of flags inherited by all commands' },
    );
    // cobra lists a command's children sorted by name
    subcommands.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
  const flags = root ? [] : parseHelpFlags(text);
  return { path, name: root ? 'kubectl' : path.split(' ').pop()!, subcommands, flags };
}

/** kubectl's global flags (`kubectl options`). */
export function globalFlags(helpTexts: Record<string, string>): CompFlag[] {
  return parseHelpFlags(helpTexts['options'] ?? '');
}

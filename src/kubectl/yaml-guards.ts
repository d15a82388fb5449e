// The two checks go-yaml v2 (under sigs.k8s.io/yaml) makes that js-yaml does not: the alias-expansion budget
// that stops "billion laughs" documents (`yaml: document contains excessive aliasing`), and, when decoding
// strictly, duplicate mapping keys (`yaml: unmarshal errors:\n  line N: key "replicas" already set in map`).

/** go-yaml v2 decode.go: how much of a document may come from alias expansion, by its decoded size. */
export function allowedAliasRatio(decodeCount: number): number {
  const low = 400000;
  const high = 4000000;
  if (decodeCount <= low) return 0.99;
  if (decodeCount >= high) return 0.1;
  return 0.99 - 0.89 * ((decodeCount - low) / (high - low));
}

/**
 * Counts a parsed document as go-yaml would decode it: every node, with aliases expanded (js-yaml shares an
 * anchored node instead of copying it). Returns true when go-yaml would stop with "excessive aliasing".
 */
export function excessiveAliasing(doc: unknown): boolean {
  const expanded = new Map<object, number>();
  const sizeOf = (v: unknown): number => {
    if (!v || typeof v !== 'object') return 1;
    const known = expanded.get(v);
    if (known !== undefined) return known;
    expanded.set(v, 1); // a cycle (a recursive alias) counts once
    let n = 1;
    for (const child of Array.isArray(v) ? v : Object.values(v)) n += sizeOf(child);
    expanded.set(v, n);
    return n;
  };
  const total = sizeOf(doc);
  // nodes decoded without going through an alias: each distinct node once
  let unique = 0;
  const seen = new Set<object>();
  const walk = (v: unknown): void => {
    unique++;
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    for (const child of Array.isArray(v) ? v : Object.values(v)) walk(child);
  };
  walk(doc);
  const aliased = total - unique;
  return aliased > 100 && total > 1000 && aliased / total > allowedAliasRatio(total);
}

/** The key at `line:column` (0-based) of a YAML text, as go-yaml's %#v prints it (`"replicas"`). */
function keyAt(lines: string[], line: number, column: number): string {
  const rest = (lines[line] ?? '').slice(column);
  const m = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]*?)\s*:(\s|$)/.exec(rest);
  const raw = m ? m[1] : rest.trim();
  if (raw.startsWith('"')) {
    try {
      return JSON.stringify(JSON.parse(raw));
    } catch {
      return raw;
    }
  }
  if (raw.startsWith("'")) return JSON.stringify(raw.slice(1, -1).replace(/''/g, "'"));
  return /^-?\d+$/.test(raw) ? raw : JSON.stringify(raw);
}

/**
 * go-yaml's text for a duplicate key js-yaml found at `line:column` (its mark): the 1-based line of the value
 * node (the key's own line, or the first content line after it for a block value).
 */
export function duplicateKeyMessage(text: string, line: number, column: number): string {
  const lines = text.split('\n');
  const key = keyAt(lines, line, column);
  const after = (lines[line] ?? '').slice(column).replace(/^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:#]*?)\s*:/, '');
  let valueLine = line;
  if (/^\s*(#.*)?$/.test(after)) {
    for (let i = line + 1; i < lines.length; i++) {
      if (/^\s*(#.*)?$/.test(lines[i])) continue;
      // an empty value followed by a sibling key: the value is the null on the key's own line
      valueLine = i;
      break;
    }
  }
  return `yaml: unmarshal errors:\n  line ${valueLine + 1}: key ${key} already set in map`;
}

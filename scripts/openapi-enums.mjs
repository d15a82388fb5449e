// The enums kube-apiserver adds to its served OpenAPI (feature OpenAPIEnums, on by default in v1.32) but the
// checked-in api/openapi-spec documents lack: for every struct field whose Go type is a `+enum` string type, the
// sorted `enum` values and the "Possible enum values:" lines appended to the description, worded as
// kube-openapi's pkg/generators/enum.go and generateDescription build them. Read from the k8s.io/api Go sources
// of the same release (v0.32.x for Kubernetes v1.32).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

function goFiles(dir) {
  return readdirSync(dir)
    .filter((n) => n.endsWith('.go') && !n.endsWith('_test.go') && !n.startsWith('zz_generated') && !n.startsWith('generated.') && !n.includes('swagger_doc'))
    .map((n) => path.join(dir, n));
}

/** package directories under root holding Go files (core/v1, apps/v1, ...) */
function packages(root) {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = path.join(d, n);
      if (statSync(p).isDirectory() && n !== 'testdata') walk(p);
    }
    if (goFiles(d).length) out.push(path.relative(root, d).split(path.sep).join('/'));
  };
  walk(root);
  return out;
}

/** comment lines (without //) directly above line i */
function commentAbove(lines, i) {
  const out = [];
  for (let j = i - 1; j >= 0; j--) {
    const m = /^\s*\/\/ ?(.*)$/.exec(lines[j]);
    if (!m) break;
    out.unshift(m[1]);
  }
  return out;
}

export function collectEnums(root) {
  /** "pkg/Type" -> [{name, value, comment}] */
  const enums = new Map();
  /** "pkg/Struct" -> { jsonName: "pkg/Type" } */
  const structs = new Map();
  const pkgs = packages(root);
  const sources = new Map(pkgs.map((p) => [p, goFiles(path.join(root, p)).map((f) => readFileSync(f, 'utf8'))]));
  for (const [pkg, texts] of sources) {
    for (const text of texts) {
      const lines = text.split('\n');
      lines.forEach((line, i) => {
        const m = /^type (\w+) string\s*$/.exec(line);
        if (m && commentAbove(lines, i).some((c) => c.trim() === '+enum')) enums.set(`${pkg}/${m[1]}`, []);
      });
    }
  }
  for (const [pkg, texts] of sources) {
    for (const text of texts) {
      const imports = new Map();
      for (const m of text.matchAll(/^\s*(\w+)?\s*"k8s\.io\/api\/([^"]+)"/gm)) imports.set(m[1] ?? m[2].split('/').pop(), m[2]);
      const lines = text.split('\n');
      let struct;
      lines.forEach((line, i) => {
        const c = /^\s*(\w+)\s+(\w+)\s*=\s*"([^"]*)"/.exec(line);
        if (c && enums.has(`${pkg}/${c[2]}`)) {
          const list = enums.get(`${pkg}/${c[2]}`);
          const comment = commentAbove(lines, i).join(' ');
          const prev = list.find((v) => v.value === c[3]);
          if (!prev) list.push({ name: c[1], value: c[3], comment });
          else if (prev.comment.length < comment.length || (prev.comment.length === comment.length && prev.comment > comment)) Object.assign(prev, { name: c[1], comment });
        }
        const s = /^type (\w+) struct \{/.exec(line);
        if (s) {
          struct = {};
          structs.set(`${pkg}/${s[1]}`, struct);
          return;
        }
        if (struct && /^\}/.test(line)) struct = undefined;
        const f = struct && /^\t\w+\s+(\*?)(?:(\w+)\.)?(\w+)\s+`json:"([^",]+)/.exec(line);
        if (f) {
          const typePkg = f[2] ? imports.get(f[2]) : pkg;
          if (typePkg) struct[f[4]] = `${typePkg}/${f[3]}`;
        }
      });
    }
  }
  return { enums, structs };
}

/** enumValue.Description, then generateDescription's handling of the appended lines */
function enumLines(values) {
  const lines = values.map((v) => {
    let comment = v.comment.trim();
    if (comment.startsWith(v.name)) comment = comment.slice(v.name.length);
    comment = comment.trim().replace(/\s+/g, ' ');
    return ` - \`${JSON.stringify(v.value)}\` ${comment}`;
  });
  lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return lines.map((l) => l.replace(/ +$/, ''));
}

/** Adds enum and the description lines to the pruned schemas, in place. Returns how many fields got one. */
export function applyEnums(schemas, root) {
  const { enums, structs } = collectEnums(root);
  let n = 0;
  for (const [name, schema] of Object.entries(schemas)) {
    const m = /^io\.k8s\.api\.(.+)\.(\w+)$/.exec(name);
    if (!m || !schema.properties) continue;
    const fields = structs.get(`${m[1].replace(/\./g, '/')}/${m[2]}`);
    if (!fields) continue;
    for (const [prop, ps] of Object.entries(schema.properties)) {
      const values = fields[prop] && enums.get(fields[prop]);
      if (!values || values.length === 0 || ps.type !== 'string') continue;
      ps.enum = values.map((v) => v.value).sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
      const text = `Possible enum values:\n${enumLines(values).join('\n')}`;
      ps.description = ps.description ? `${ps.description}\n\n${text}` : text;
      n++;
    }
  }
  return n;
}

// Generates assets/protobuf/v1.32.json, the field tables kubesim decodes `application/vnd.kubernetes.protobuf`
// request bodies by (src/cli/serve/protobuf.ts): for every message of the GA group-versions, each field's number,
// JSON name, proto type and how it maps to JSON.
//
// Source: the go-to-protobuf output of the v1.32 release, read from git tags of the published staging repositories:
//   k8s.io/api          (kubernetes/api v0.32.x):          <group>/<v1|v2>/generated.proto and types.go
//   k8s.io/apimachinery (kubernetes/apimachinery v0.32.x): pkg/apis/meta/v1, pkg/runtime, pkg/runtime/schema,
//                                                          pkg/api/resource, pkg/util/intstr
// The .proto files give the messages and field numbers. The Go structs beside them (their `protobuf:"..."` tags
// name the same numbers) give what the .proto cannot: which fields are Go pointers (gogo writes every non-pointer
// field, so only a pointer's zero value was set by the client), which are embedded `json:",inline"`, and the JSON
// name. A message for a Go slice type (`type ExtraValue []string`) is marked as a list: its JSON is the array.
//
// Usage: node scripts/gen-protobuf-schema.mjs API_REPO APIMACHINERY_REPO [TAG]
//   API_REPO, APIMACHINERY_REPO: git directories (bare or not) of kubernetes/api and kubernetes/apimachinery;
//   TAG defaults to v0.32.13. Writes assets/protobuf/v1.32.json.
//
// Output: { source, messages: { "<proto package>.<Message>": { list?: true, fields: [[num, json, type, flags]] } } }
//   type: a proto scalar (string, int32, int64, bool, bytes, double, float), "map:<value type>", or a message's
//   full name; flags: r repeated, p Go pointer, i inline (its fields are the parent's in JSON).
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [apiRepo, machineryRepo, tag = 'v0.32.13'] = process.argv.slice(2);
if (!apiRepo || !machineryRepo) {
  console.error('usage: node scripts/gen-protobuf-schema.mjs API_REPO APIMACHINERY_REPO [TAG]');
  process.exit(2);
}

const git = (repo, ...args) => execFileSync('git', ['--git-dir', gitDir(repo), ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
function gitDir(repo) {
  try {
    execFileSync('git', ['--git-dir', path.join(repo, '.git'), 'rev-parse'], { stdio: 'ignore' });
    return path.join(repo, '.git');
  } catch {
    return repo;
  }
}

const SCALARS = new Set(['string', 'int32', 'int64', 'bool', 'bytes', 'double', 'float', 'uint32', 'uint64', 'sint32', 'sint64', 'fixed32', 'fixed64']);

/** messages of one .proto: name → [{num, name, type, repeated}] (types resolved to full names) */
function parseProto(text) {
  const pkg = /^package ([\w.]+);/m.exec(text)[1];
  const out = {};
  let cur;
  let depth = 0;
  const full = (t) => (SCALARS.has(t) ? t : t.startsWith('.') ? t.slice(1) : `${pkg}.${t}`);
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\/\/.*$/, '').trim();
    if (!line) continue;
    const msg = /^message (\w+) \{$/.exec(line);
    if (msg && depth === 0) {
      cur = [];
      out[`${pkg}.${msg[1]}`] = cur;
      depth = 1;
      continue;
    }
    if (line === '}') {
      depth--;
      continue;
    }
    if (depth !== 1 || !cur) continue;
    let m = /^(optional|repeated|required) ([\w.]+) (\w+) = (\d+)/.exec(line);
    if (m) {
      cur.push({ num: Number(m[4]), name: m[3], type: full(m[2]), repeated: m[1] === 'repeated' });
      continue;
    }
    m = /^map<string, ?([\w.]+)> (\w+) = (\d+)/.exec(line);
    if (m) {
      cur.push({ num: Number(m[3]), name: m[2], type: `map:${full(m[1])}`, repeated: false });
      continue;
    }
    if (/^(message|oneof|enum) /.test(line)) throw new Error(`${pkg}: nested ${line}`);
  }
  return { pkg, messages: out };
}

/** Go structs of a package's .go files: "Struct/num" → {ptr, inline, json}; and the slice types' names */
function parseGo(texts) {
  const fields = new Map();
  const lists = new Set();
  for (const text of texts) {
    let struct;
    for (const line of text.split('\n')) {
      const t = /^type (\w+) struct \{/.exec(line);
      if (t) {
        struct = t[1];
        continue;
      }
      const sl = /^type (\w+) \[\]/.exec(line);
      if (sl) lists.add(sl[1]);
      if (/^\}/.test(line)) struct = undefined;
      if (!struct) continue;
      const f = /^\t(?:(\w+)\s+)?(\S+)\s+`([^`]*)`/.exec(line);
      if (!f) continue;
      const pb = /protobuf:"(\w+),(\d+),/.exec(f[3]);
      if (!pb) continue;
      const json = /json:"([^",]*)/.exec(f[3])?.[1] ?? '';
      const inline = /json:",inline/.test(f[3]) || (f[1] === undefined && json === '');
      fields.set(`${struct}/${pb[2]}`, { ptr: f[2].startsWith('*'), inline, json });
    }
  }
  return { fields, lists };
}

function goFiles(repo, dir) {
  return git(repo, 'ls-tree', '--name-only', `${tag}:${dir}`)
    .split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_') && f !== 'generated.pb.go')
    .map((f) => git(repo, 'show', `${tag}:${dir}/${f}`));
}

const dirs = [];
for (const f of git(apiRepo, 'ls-tree', '-r', '--name-only', tag).split('\n')) {
  if (/^\w+\/v\d+\/generated\.proto$/.test(f)) dirs.push([apiRepo, path.dirname(f)]);
}
for (const d of ['pkg/apis/meta/v1', 'pkg/runtime', 'pkg/runtime/schema', 'pkg/api/resource', 'pkg/util/intstr']) dirs.push([machineryRepo, d]);

const messages = {};
for (const [repo, dir] of dirs) {
  const { pkg, messages: msgs } = parseProto(git(repo, 'show', `${tag}:${dir}/generated.proto`));
  const go = parseGo(goFiles(repo, dir));
  for (const [full, fs] of Object.entries(msgs)) {
    const short = full.slice(pkg.length + 1);
    const entry = {
      fields: fs.map((f) => {
        const g = go.fields.get(`${short}/${f.num}`);
        const flags = (f.repeated ? 'r' : '') + (g?.ptr ? 'p' : '') + (g?.inline ? 'i' : '');
        return [f.num, g?.json || f.name, f.type, flags];
      }),
    };
    if (go.lists.has(short)) entry.list = true;
    messages[full] = entry;
  }
}

const out = path.join('assets', 'protobuf', 'v1.32.json');
mkdirSync(path.dirname(out), { recursive: true });
const source = `kubernetes/api and kubernetes/apimachinery ${tag}: generated.proto and the Go types beside them`;
writeFileSync(out, JSON.stringify({ source, messages }) + '\n');
console.log(`${out}: ${Object.keys(messages).length} messages`);

// The in-process half of the fuzz suite: mutated command lines, mutated manifests and corrupt state files, each
// run through the same path as the executable (dispatch under the top-level guard, a persistent session on a
// scratch home: lock, load, durable save), then judged: no stack or JavaScript text, no hang, every `created`
// line backed by a stored object, a state file that still loads, and no change after a failed single-object write.

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readSnapshot, statePath } from '../../src/cluster/state/state-file.js';
import { dispatch } from '../../src/cli/dispatch.js';
import { runGuarded } from '../../src/cli/guard.js';
import { Session } from '../../src/cli/session.js';
import type { CommandIO } from '../../src/kubectl/context.js';
import { judgeOutput, note, seeded, tally, type Tally } from './tally.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
  hung: boolean;
}

const CASE_TIMEOUT_MS = 10_000;

export async function runLine(home: string, argv: string[], stdin?: string): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIO = { out: (t) => void out.push(t), err: (t) => void err.push(t), stdin, isTTY: false, env: { NO_COLOR: '1' }, cwd: home };
  const session = new Session({ home, persistent: true });
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<'hang'>((r) => (timer = setTimeout(() => r('hang'), CASE_TIMEOUT_MS)));
  const code = await Promise.race([runGuarded(() => dispatch(argv, session, io), (t) => void err.push(t), {}), hang]);
  clearTimeout(timer);
  return { code: code === 'hang' ? -1 : code, out: out.join(''), err: err.join(''), hung: code === 'hang' };
}

export function scratchHome(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-fuzz-'));
}

function storeVersion(home: string): number | undefined {
  try {
    return readSnapshot(home)?.store.resourceVersion;
  } catch {
    return -1;
  }
}

/** Judges one finished case against the state it left. */
async function judge(t: Tally, home: string, label: string, r: Ran, before: number | undefined, singleObject: boolean): Promise<void> {
  t.cases++;
  if (r.hung) {
    note(t, 'hangs', label);
    return;
  }
  judgeOutput(t, label, r.out + r.err);
  let after: number | undefined;
  try {
    after = readSnapshot(home)?.store.resourceVersion;
  } catch (e) {
    note(t, 'partialStates', `${label}: ${(e as Error).message}`);
    fs.rmSync(statePath(home), { force: true });
    await runLine(home, ['init', '--seed', '1', '--clock', 'virtual']);
    return;
  }
  if (r.code !== 0 && singleObject && after !== before) note(t, 'partialStates', `${label}: failed (exit ${r.code}) but the store moved ${before} -> ${after}`);
  if (r.code === 0) {
    for (const m of r.out.matchAll(/^([a-z0-9.]+)\/(\S+) created$/gm)) {
      const [, type, name] = m;
      const found = await runLine(home, ['get', type, '-A', '-o', 'name']);
      if (!found.out.split('\n').some((l) => l.endsWith(`/${name}`))) note(t, 'falseSuccesses', `${label}: printed ${m[0]} but ${type}/${name} is not stored`);
    }
  }
}

// ------------------------------------------------------------------ command lines

const BASE_LINES: string[][] = [
  ['create', 'deployment', 'web', '--image=nginx', '--replicas=2'],
  ['create', 'configmap', 'cfg', '--from-literal=a=b'],
  ['create', 'namespace', 'team'],
  ['create', 'service', 'clusterip', 'svc', '--tcp=80:8080'],
  ['create', 'secret', 'generic', 's', '--from-literal=k=v'],
  ['create', 'job', 'j', '--image=busybox', '--', 'echo', 'hi'],
  ['create', 'cronjob', 'cj', '--image=busybox', '--schedule=*/5 * * * *'],
  ['run', 'box', '--image=busybox', '--', 'sleep', '3600'],
  ['expose', 'deployment', 'web', '--port=80'],
  ['scale', 'deployment', 'web', '--replicas=3'],
  ['label', 'pods', '--all', 'tier=web'],
  ['annotate', 'deployment', 'web', 'note=x'],
  ['set', 'image', 'deployment/web', 'nginx=nginx:1.27'],
  ['rollout', 'status', 'deployment/web', '--timeout=30s'],
  ['rollout', 'undo', 'deployment/web'],
  ['get', 'pods', '-o', 'wide'],
  ['get', 'all', '-A'],
  ['get', 'deploy', 'web', '-o', 'yaml'],
  ['get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'],
  ['get', 'svc', '-o', 'custom-columns=NAME:.metadata.name,IP:.spec.clusterIP'],
  ['describe', 'deployment', 'web'],
  ['delete', 'deployment', 'web'],
  ['delete', 'pod', '--all', '--wait=false'],
  ['logs', 'deploy/web'],
  ['exec', 'box', '--', 'cat', '/etc/hosts'],
  ['patch', 'deployment', 'web', '-p', '{"spec":{"replicas":1}}'],
  ['wait', '--for=condition=Available', 'deployment/web', '--timeout=20s'],
  ['clock', 'advance', '90s'],
  ['iptables-save', '-t', 'nat'],
  ['cordon', 'kubesim-worker'],
  ['top', 'pods'],
  ['api-resources'],
];

const JUNK: readonly string[] = [
  '', '-', '--', '=', '-o', '-o=yaml', '-ojson', '--output=bogus', '-n', '-n=', '--namespace=no-such', '-A', '--all-namespaces',
  '--replicas=-1', '--replicas=99999999999', '--replicas=abc', '--image=', '--port=0', '--port=70000', '--dry-run=client',
  '--dry-run=bogus', '--selector=a=', '-l', '-l=a!=', '--field-selector=spec.nodeName', '--timeout=-1s', '--timeout=1y',
  '--sort-by={.x', '-o=jsonpath={.items[', '-o=custom-columns=', '--template={{', 'pods/', '/web', 'deploy/', 'x'.repeat(300),
  'Ünïcödé', 'web\u0000', '\t', 'a=b=c', '-p', '{"spec":', '{}', 'null', '[]', '--force', '--grace-period=-5', '--cascade=bogus',
  '--recursive', '-f', '-f=-', '--from-literal', '--from-literal=', '--schedule=', '--schedule=61 * * * *', '100000000d', '-1s',
];

function mutateArgv(base: string[], rng: ReturnType<typeof seeded>): string[] {
  const a = [...base];
  const ops = 1 + rng.int(3);
  for (let k = 0; k < ops; k++) {
    const op = rng.int(5);
    const i = rng.int(a.length + 1);
    if (op === 0 && a.length > 1) a.splice(Math.min(i, a.length - 1), 1);
    else if (op === 1) a.splice(i, 0, rng.pick(JUNK));
    else if (op === 2 && a.length) a[Math.min(i, a.length - 1)] = rng.pick(JUNK);
    else if (op === 3 && a.length > 1) {
      const j = rng.int(a.length);
      const x = Math.min(i, a.length - 1);
      [a[x], a[j]] = [a[j], a[x]];
    } else a.push(rng.pick(JUNK));
  }
  return a;
}

/** Interactive or endless forms are not fuzzed here (they wait for a person or for ever). */
const ENDLESS = /^(-w|--watch|--watch-only|-f|--follow|-it|-ti|-i|-t|--stdin|--tty|--attach|edit|proxy|port-forward)$/;

export async function fuzzArgv(cases: number, seed = 15): Promise<Tally> {
  const t = tally('argv');
  const rng = seeded(seed);
  let home = scratchHome();
  for (let n = 0; n < cases; n++) {
    if (n % 60 === 0) {
      fs.rmSync(home, { recursive: true, force: true });
      home = scratchHome();
      await runLine(home, ['init', '--seed', String(n), '--clock', 'virtual']);
      await runLine(home, BASE_LINES[0]);
      await runLine(home, BASE_LINES[7]);
    }
    const argv = mutateArgv(rng.pick(BASE_LINES), rng);
    if (argv.some((x) => ENDLESS.test(x))) continue;
    const before = storeVersion(home);
    const r = await runLine(home, argv);
    await judge(t, home, JSON.stringify(argv), r, before, false);
  }
  fs.rmSync(home, { recursive: true, force: true });
  return t;
}

// ------------------------------------------------------------------ manifests

const MANIFESTS: string[] = [
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        env:
        - {name: MODE, value: prod}
`,
  `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - port: 80
    targetPort: 80
    protocol: TCP
`,
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  namespace: default
data:
  a: "1"
  b: two
`,
  `apiVersion: v1
kind: Pod
metadata:
  name: box
spec:
  restartPolicy: Never
  containers:
  - name: box
    image: busybox
    command: [sleep, "3600"]
    resources:
      limits: {cpu: 100m, memory: 64Mi}
`,
];

const WRONG_VALUES = ['"three"', '-1', '3.5', '[nginx]', '{a: 1}', 'null', 'true', '80', '""', '99999999999999999999', "'\\u0000'", '~', '[[[]]]'];

function aliasBomb(levels: number, width: number): string {
  const lines = ['a0: &a0 [x, x, x]'];
  for (let i = 1; i <= levels; i++) lines.push(`a${i}: &a${i} [${Array.from({ length: width }, () => `*a${i - 1}`).join(', ')}]`);
  return `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bomb\ndata:\n  x: y\nbomb:\n${lines.map((l) => '  ' + l).join('\n')}\n`;
}

/** Every line of a manifest with its value replaced, deleted, duplicated; plus byte damage and hostile documents. */
function manifestCases(rng: ReturnType<typeof seeded>, count: number): Array<{ label: string; text: string; single: boolean }> {
  const out: Array<{ label: string; text: string; single: boolean }> = [];
  const special: Array<[string, string]> = [
    ['alias bomb (small)', aliasBomb(4, 8)],
    ['duplicate key', MANIFESTS[0].replace('  replicas: 2\n', '  replicas: 2\n  replicas: 3\n')],
    ['huge string', MANIFESTS[2].replace('b: two', `b: ${'x'.repeat(1_200_000)}`)],
    ['huge list', MANIFESTS[2].replace('data:\n', `labels:\n${Array.from({ length: 5000 }, (_, i) => `  k${i}: v`).join('\n')}\ndata:\n`)],
    ['deep nesting', `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: deep}\nx: ${'['.repeat(2000)}${']'.repeat(2000)}\n`],
    ['tab indentation', MANIFESTS[2].replace('  a: "1"', '\ta: "1"')],
    ['binary', '\u0000\u0001\u0002\uFFFD\u00ff'.repeat(50)],
    ['empty', ''],
    ['only a comment', '# nothing\n'],
    ['list kind', `apiVersion: v1\nkind: List\nitems:\n- ${MANIFESTS[2].replace(/\n/g, '\n  ').trimEnd()}\n- 5\n`],
    ['scalar document', '42\n'],
    ['two documents, second bad', `${MANIFESTS[2]}---\nkind: 7\n`],
  ];
  for (const [label, text] of special) out.push({ label, text, single: !label.startsWith('two') && !label.startsWith('list') });
  while (out.length < count) {
    const base = rng.pick(MANIFESTS);
    const lines = base.split('\n');
    const i = rng.int(lines.length - 1);
    const op = rng.int(6);
    const l = lines[i];
    const colon = l.indexOf(': ');
    if (op <= 2 && colon > 0) lines[i] = `${l.slice(0, colon)}: ${rng.pick(WRONG_VALUES)}`;
    else if (op === 3) lines.splice(i, 1);
    else if (op === 4) lines.splice(i, 0, l);
    else {
      const s = lines.join('\n');
      const at = rng.int(s.length);
      const text = s.slice(0, at) + rng.pick(['', ':', '{', '"', '&x', '*y', '- ', '\n  ', '!!binary ']) + s.slice(at + (rng.int(3) === 0 ? 1 : 0));
      out.push({ label: `damaged at ${at}`, text, single: true });
      continue;
    }
    out.push({ label: `line ${i + 1} ${['retyped', 'retyped', 'retyped', 'deleted', 'doubled'][op]}: ${lines[i] ?? ''}`, text: lines.join('\n'), single: true });
  }
  return out;
}

export async function fuzzManifests(cases: number, seed = 15): Promise<Tally> {
  const t = tally('manifests');
  const rng = seeded(seed);
  let home = scratchHome();
  const all = manifestCases(rng, cases);
  for (let n = 0; n < all.length; n++) {
    if (n % 60 === 0) {
      fs.rmSync(home, { recursive: true, force: true });
      home = scratchHome();
      await runLine(home, ['init', '--seed', '1', '--clock', 'virtual']);
    }
    const c = all[n];
    const verb = rng.pick(['apply', 'create', 'apply --dry-run=server', 'replace --force']).split(' ');
    const before = storeVersion(home);
    const r = await runLine(home, [...verb, '-f', '-'], c.text);
    await judge(t, home, `${verb.join(' ')} ${c.label}`, r, before, c.single && !verb.includes('--force'));
  }
  fs.rmSync(home, { recursive: true, force: true });
  return t;
}

// ------------------------------------------------------------------ corrupt state

/** Values of a type other than `v`'s. */
function wrongFor(v: unknown): unknown[] {
  const all: unknown[] = ['x', 7, -1.5, true, [], {}, [1, 2, 3, 4, 5], null];
  return all.filter((w) => {
    if (w === null) return v !== null && v !== undefined;
    if (Array.isArray(w)) return !Array.isArray(v);
    if (typeof w === 'object') return typeof v !== 'object' || v === null || Array.isArray(v);
    return typeof w !== typeof v;
  });
}

/** The corrupt-state cases: text of cluster.json, or a non-regular file in its place. */
export function corruptCases(good: string): Array<{ label: string; text?: string; make?: (file: string) => void }> {
  const snap = JSON.parse(good);
  const cases: Array<{ label: string; text?: string; make?: (file: string) => void }> = [];
  const paths: string[][] = [
    ['format'], ['config'], ['config', 'seed'], ['config', 'clock'], ['config', 'nodes'], ['config', 'nodePortRange'], ['config', 'serviceCIDR'],
    ['clock'], ['clock', 'mode'], ['clock', 'virtualNow'], ['clock', 'offsetMs'], ['rng'], ['store'], ['store', 'objects'], ['store', 'resourceVersion'],
    ['store', 'objects', 'pods'], ['store', 'objects', 'namespaces', '0'], ['store', 'objects', 'namespaces', '0', 'metadata'],
    ['store', 'objects', 'namespaces', '0', 'metadata', 'name'], ['store', 'objects', 'namespaces', '0', 'metadata', 'creationTimestamp'],
    ['store', 'objects', 'namespaces', '0', 'metadata', 'labels'], ['store', 'objects', 'nodes', '0', 'status'], ['data'],
  ];
  for (const p of paths) {
    let parent = snap;
    for (const k of p.slice(0, -1)) parent = parent?.[k];
    if (!parent || !(p[p.length - 1] in parent)) continue;
    const orig = parent[p[p.length - 1]];
    for (const w of wrongFor(orig)) {
      if (p[p.length - 1] === 'data' && (w === null || (typeof w === 'object' && !Array.isArray(w)))) continue;
      // null is a valid value of these (an absent map, an unset time)
      if (w === null && ['labels', 'creationTimestamp', 'status'].includes(p[p.length - 1])) continue;
      const copy = JSON.parse(good);
      let q = copy;
      for (const k of p.slice(0, -1)) q = q[k];
      q[p[p.length - 1]] = w;
      cases.push({ label: `${p.join('.')} = ${JSON.stringify(w)}`, text: JSON.stringify(copy) });
    }
  }
  cases.push({ label: 'newer format', text: JSON.stringify({ ...snap, format: 99 }) });
  cases.push({ label: 'unknown resource', text: JSON.stringify({ ...snap, store: { ...snap.store, objects: { ...snap.store.objects, widgets: [] } } }) });
  for (const cut of [0, 1, 10, Math.floor(good.length / 2), good.length - 1]) cases.push({ label: `truncated to ${cut} bytes`, text: good.slice(0, cut) });
  cases.push({ label: 'binary garbage', text: '\u0000\u0007\u00ff'.repeat(100) });
  cases.push({ label: 'JSON null', text: 'null' });
  cases.push({ label: 'a FIFO', make: (f) => execFileSync('mkfifo', [f]) });
  cases.push({ label: 'a directory', make: (f) => fs.mkdirSync(f) });
  cases.push({ label: 'a symlink loop', make: (f) => fs.symlinkSync(f, f) });
  return cases;
}

export async function fuzzCorruptState(): Promise<Tally> {
  const t = tally('corrupt-state');
  const home = scratchHome();
  await runLine(home, ['init', '--seed', '3', '--clock', 'virtual']);
  await runLine(home, ['create', 'deployment', 'web', '--image=nginx']);
  const file = statePath(home);
  const good = fs.readFileSync(file, 'utf8');
  for (const c of corruptCases(good)) {
    for (const argv of [['get', 'pods'], ['create', 'configmap', 'x']]) {
      fs.rmSync(file, { recursive: true, force: true });
      if (c.make) c.make(file);
      else fs.writeFileSync(file, c.text!);
      const label = `${c.label}: ${argv.join(' ')}`;
      const r = await runLine(home, argv);
      t.cases++;
      if (r.hung) {
        note(t, 'hangs', label);
        continue;
      }
      judgeOutput(t, label, r.out + r.err);
      const named = r.err.includes(file) && r.err.includes('kubesim init --force');
      if (r.code === 0 || !named) note(t, 'falseSuccesses', `${label}: exit ${r.code}, ${r.err || r.out}`);
      if (r.out.includes('created')) note(t, 'falseSuccesses', `${label}: printed ${r.out}`);
    }
  }
  // and the way out works
  fs.rmSync(file, { recursive: true, force: true });
  fs.writeFileSync(file, 'garbage');
  const reset = await runLine(home, ['init', '--force']);
  t.cases++;
  if (reset.code !== 0 || storeVersion(home) === undefined) note(t, 'partialStates', `init --force: ${reset.err}`);
  fs.rmSync(home, { recursive: true, force: true });
  return t;
}

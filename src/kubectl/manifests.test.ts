import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseYamlDocument } from './goyaml.js';
import { readManifests, splitYamlDocuments, type ManifestItem } from './manifests.js';

let dir: string;
const write = (name: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
  fs.writeFileSync(path.join(dir, name), text);
};
const read = (filenames: string[], extra: Partial<Parameters<typeof readManifests>[0]> = {}): ManifestItem[] =>
  readManifests({ filenames, cwd: dir, namespace: 'default', ...extra });
const summary = (items: ManifestItem[]) =>
  items.map((i) => (i.kind === 'object' ? `${i.source}: ${i.object.kind}/${i.object.metadata.name} ns=${i.object.metadata.namespace ?? ''}` : `${i.source}: ERR ${i.message}`));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesim-manifests-'));
  write('cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  namespace: dev\n');
  write('bad.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n data: x\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n');
  write('nokind.yaml', 'apiVersion: v1\nmetadata:\n  name: x\n');
  write('foo.yaml', 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n');
  write('ns.yaml', 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: dev\n  namespace: zzz\n');
  write('d/b.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: db\n');
  write('d/a.json', '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "da"}}');
  write('d/readme.txt', 'not yaml');
  write('d/sub/c.yml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dc\n');
  write('bad.json', '{"apiVersion": "v1", "kind": \n');
  write('list.yaml', 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata:\n    name: l1\n');
  write('empty/x.txt', '');
});

describe('readManifests', () => {
  it('reads multi-document files with namespace defaulting', () => {
    expect(summary(read(['cm.yaml']))).toEqual(['cm.yaml: ConfigMap/a ns=default', 'cm.yaml: ConfigMap/b ns=dev']);
  });
  it('enforces -n against object namespaces', () => {
    expect(summary(read(['cm.yaml'], { namespace: 'prod', enforceNamespace: true }))).toEqual([
      'cm.yaml: ConfigMap/a ns=prod',
      `cm.yaml: ERR the namespace from the provided object "dev" does not match the namespace "prod". You must pass '--namespace=dev' to perform this operation.`,
    ]);
  });
  it('stops a file at a syntax error (per-document line numbers) after visiting earlier documents', () => {
    expect(summary(read(['bad.yaml']))).toEqual([
      'bad.yaml: ConfigMap/a ns=default',
      'bad.yaml: ERR error parsing bad.yaml: error converting YAML to JSON: yaml: line 4: did not find expected key',
    ]);
  });
  it('reports a missing kind, an unknown kind and JSON errors as kubectl does', () => {
    expect(summary(read(['nokind.yaml']))).toEqual([
      'nokind.yaml: ERR error validating "nokind.yaml": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false',
    ]);
    expect(summary(read(['nokind.yaml'], { validate: false }))).toEqual([
      `nokind.yaml: ERR unable to decode "nokind.yaml": Object 'Kind' is missing in '{"apiVersion":"v1","metadata":{"name":"x"}}'`,
    ]);
    expect(summary(read(['foo.yaml']))).toEqual([
      'foo.yaml: ERR resource mapping not found for name: "x" namespace: "" from "foo.yaml": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first',
    ]);
    expect(summary(read(['bad.json']))).toEqual(['bad.json: ERR error parsing bad.json: unexpected EOF']);
  });
  it('clears namespace on cluster-scoped objects, flattens Lists, reads stdin', () => {
    expect(summary(read(['ns.yaml']))).toEqual(['ns.yaml: Namespace/dev ns=']);
    expect(summary(read(['list.yaml']))).toEqual(['list.yaml: ConfigMap/l1 ns=default']);
    expect(summary(read(['-'], { stdin: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: s\n' }))).toEqual(['STDIN: ConfigMap/s ns=default']);
  });
  it('walks directories (recursive with -R) in lexical order, known extensions only', () => {
    expect(summary(read(['d']))).toEqual(['d/a.json: ConfigMap/da ns=default', 'd/b.yaml: ConfigMap/db ns=default']);
    expect(summary(read(['d/'], { recursive: true }))).toEqual([
      'd/a.json: ConfigMap/da ns=default',
      'd/b.yaml: ConfigMap/db ns=default',
      'd/sub/c.yml: ConfigMap/dc ns=default',
    ]);
  });
  it('path errors abort before reading', () => {
    expect(() => read(['missing.yaml'])).toThrow('error: the path "missing.yaml" does not exist');
    expect(() => read(['empty'])).toThrow('error: error reading [empty]: recognized file extensions are [.json .yaml .yml]');
  });
});

describe('go-yaml compatibility', () => {
  it('resolves scalars like go-yaml v2', () => {
    expect(parseYamlDocument('a: 0644\nb: yes\nc: 2024-01-01\nd: 1e3\ne: "1"\nf: 12:30\ng: ~\nh: 0x1F\n')).toEqual({
      a: 420, b: true, c: '2024-01-01', d: 1000, e: '1', f: '12:30', g: null, h: 31,
    });
  });
  it('allows duplicate keys (last wins)', () => {
    expect(parseYamlDocument('a: 1\na: 2\n')).toEqual({ a: 2 });
  });
  // expected messages produced by the real kubectl v1.32 on the same input
  const cases: Array<[string, string]> = [
    ['apiVersion: v1\nkind: Pod\nmetadata:\n\tname: x\n', 'yaml: line 4: found character that cannot start any token'],
    ['apiVersion: v1\nkind: Pod\nmetadata: x: y\n', 'yaml: line 3: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n', 'yaml: line 5: found unexpected end of stream'],
    ['- a\nb: c\n', "yaml: line 1: did not find expected '-' indicator"],
    ['a: [1, 2\n', "yaml: line 1: did not find expected ',' or ']'"],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n    data: x\n', 'yaml: line 5: mapping values are not allowed in this context'],
    ['apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n        image: x\n       ports:\n        - containerPort: 80\n', 'yaml: line 10: did not find expected key'],
    ['apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: b\nspec:\n  template:\n    spec:\n      containers:\n      - name: a\n         image: x\n', 'yaml: line 10: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  a: "x\n  b: y\n', 'yaml: line 8: found unexpected end of stream'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  - x\n', 'yaml: line 4: did not find expected key'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  a: {x: 1\n', "yaml: line 6: did not find expected ',' or '}'"],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n  labels:\n    app: x\n   tier: y\n', 'yaml: line 6: did not find expected key'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  a: @x\n', 'yaml: line 6: found character that cannot start any token'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  a: *x\n', "yaml: unknown anchor 'x' referenced"],
    ['apiVersion: v1\nkind: ConfigMap\n  metadata:\n  name: b\n', 'yaml: line 3: mapping values are not allowed in this context'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\ndata:\n  - a\n  b: y\n', "yaml: line 6: did not find expected '-' indicator"],
  ];
  it.each(cases)('error for %j', (text, expected) => {
    expect(() => parseYamlDocument(text)).toThrow(expected);
  });
  it('skips a document of comments only (the generated-file banner of Emissary-ingress manifests)', () => {
    write('banner.yaml', '# GENERATED FILE: edits made by hand will not be preserved.\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: after\n---\n  \n# trailing\n');
    expect(summary(read(['banner.yaml']))).toEqual(['banner.yaml: ConfigMap/after ns=default']);
    expect(parseYamlDocument('# only a comment\n\n')).toBeNull();
  });
  it('splits documents on --- lines only', () => {
    expect(splitYamlDocuments('---\na: 1\n---\nb: 2\n--- # c\nc: 3\n')).toEqual(['a: 1\n', 'b: 2\n', 'c: 3\n']);
  });
});

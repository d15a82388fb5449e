// Resource and patch files as kustomize reads them: kyaml (go-yaml v3) resolves plain scalars by YAML 1.2's core
// schema, so `yes`, `on` or `y` stay strings (the kustomization file itself goes through sigs.k8s.io/yaml, v1.1).

import * as jsyaml from 'js-yaml';
import { GoYamlError } from '../goyaml.js';

const INT_RE = /^[-+]?(0|[1-9][0-9_]*)$/;
const FLOAT_RE = /^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$/;

/** yaml.v3 resolve() for an untagged plain scalar */
function resolveV3(src: string): unknown {
  if (src === '' || src === '~' || src === 'null' || src === 'Null' || src === 'NULL') return null;
  if (src === 'true' || src === 'True' || src === 'TRUE') return true;
  if (src === 'false' || src === 'False' || src === 'FALSE') return false;
  if (['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].includes(src)) return Infinity;
  if (['-.inf', '-.Inf', '-.INF'].includes(src)) return -Infinity;
  if (['.nan', '.NaN', '.NAN'].includes(src)) return NaN;
  const plain = src.replace(/_/g, '');
  if (INT_RE.test(plain)) return parseInt(plain, 10);
  if (/^0x[0-9a-fA-F]+$/.test(plain)) return parseInt(plain.slice(2), 16);
  if (/^0o[0-7]+$/.test(plain)) return parseInt(plain.slice(2), 8);
  if (/^0b[01]+$/.test(plain)) return parseInt(plain.slice(2), 2);
  if (/^[-+]?0[0-9]+$/.test(plain)) return parseInt(plain, 10);
  if (FLOAT_RE.test(plain)) return parseFloat(plain);
  return jsyaml.NOT_RESOLVED;
}

const implicit = jsyaml.defineScalarTag('tag:kubesim,kyaml:implicit', {
  implicit: true,
  implicitFirstChars: null,
  resolve: (source: string) => resolveV3(source),
  identify: () => false,
});

const KYAML_SCHEMA = new jsyaml.Schema([jsyaml.strTag, jsyaml.seqTag, jsyaml.mapTag, jsyaml.mergeTag, implicit]);

/** One YAML document as kyaml decodes it (null for an empty one). */
export function parseKyaml(text: string): unknown {
  if (text.split('\n').every((l) => /^[ \t\r]*(?:#.*)?$/.test(l))) return null;
  try {
    return jsyaml.load(text, { schema: KYAML_SCHEMA, json: true } as jsyaml.LoadOptions);
  } catch (e) {
    throw new GoYamlError(`yaml: ${(e as jsyaml.YAMLException).reason ?? String(e)}`);
  }
}

/** kio.ByteReader's document split: a line that is `---` (a comment may follow) ends a document. */
export function splitDocuments(text: string): string[] {
  const docs: string[] = [];
  let buf: string[] = [];
  for (const line of text.split('\n')) {
    if (/^---(\s.*)?$/.test(line)) {
      docs.push(buf.join('\n'));
      buf = [];
      continue;
    }
    buf.push(line);
  }
  docs.push(buf.join('\n'));
  return docs.filter((d) => d.trim() !== '');
}

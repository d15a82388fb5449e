// Resource and patch files as kustomize reads them: kyaml (go-yaml v3) resolves plain scalars by YAML 1.2's core
// schema, so `yes`, `on` or `y` stay strings (the kustomization file itself goes through sigs.k8s.io/yaml, v1.1).

import * as jsyaml from 'js-yaml';
import { GoYamlError, plainScalarSchema, resolveGoNumber } from '../goyaml.js';

/** yaml.v3 resolve() for an untagged plain scalar */
function resolveV3(src: string): unknown {
  if (src === '' || src === '~' || src === 'null' || src === 'Null' || src === 'NULL') return null;
  if (src === 'true' || src === 'True' || src === 'TRUE') return true;
  if (src === 'false' || src === 'False' || src === 'FALSE') return false;
  // an unquoted date is a time.Time to v3, which JSON encodes as RFC 3339
  const date = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(src);
  if (date) return `${date[1]}-${date[2].padStart(2, '0')}-${date[3].padStart(2, '0')}T00:00:00Z`;
  if (/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(src)) return src.replace('t', 'T').replace(/(\.\d*?)0+(?=Z|[+-])/, '$1').replace(/\.(?=Z|[+-])/, '');
  return resolveGoNumber(src);
}

const KYAML_SCHEMA = plainScalarSchema('kyaml', resolveV3);

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

// `-o custom-columns=HEADER:jsonpath,...` (kubectl cmd/get/customcolumn.go): header as given, cells from relaxed
// JSONPath results joined by `,`, `<none>` when nothing matched, laid out with the get tabwriter.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { goSprint } from './gofmt.js';
import { findResults, parseJsonPath, relaxedJsonPath, type ParsedJsonPath } from './jsonpath.js';
import { tabwrite } from './tabwriter.js';

export interface CustomColumn {
  header: string;
  fieldSpec: string;
}

/** Parses the spec after `custom-columns=`; throws Error with kubectl's message (text after `error: `). */
export function parseCustomColumns(spec: string): CustomColumn[] {
  if (spec.length === 0) throw new Error('custom-columns format specified but no custom columns given');
  const columns: CustomColumn[] = [];
  for (const part of spec.split(',')) {
    const colon = part.indexOf(':');
    if (colon < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    const header = part.slice(0, colon);
    const path = part.slice(colon + 1);
    columns.push({ header, fieldSpec: relaxedJsonPath(path) });
  }
  return columns;
}

function cellOf(parser: ParsedJsonPath, obj: KubeObject): string {
  const values = findResults(parser, obj, true);
  const out: string[] = [];
  for (const list of values) for (const v of list) out.push(goSprint(v));
  return out.length === 0 ? '<none>' : out.join(',');
}

/** The whole custom-columns output for a list of objects ('' when there are no objects and no header). */
export function renderCustomColumns(spec: string, objects: KubeObject[], noHeaders: boolean): string {
  const columns = parseCustomColumns(spec);
  const parsers = columns.map((c) => {
    try {
      return parseJsonPath(c.fieldSpec);
    } catch (e) {
      // the custom-columns printer reports the bare parser error
      throw new Error((e as Error).message.slice(`error parsing jsonpath ${c.fieldSpec}, `.length));
    }
  });
  const lines: string[] = [];
  if (!noHeaders) lines.push(columns.map((c) => c.header).join('\t'));
  for (const obj of objects) lines.push(parsers.map((p) => cellOf(p, obj)).join('\t'));
  if (lines.length === 0) return '';
  return tabwrite(lines.join('\n') + '\n');
}

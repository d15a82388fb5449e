// The generic describer kubectl uses for kinds without a dedicated one: every field of the object, sorted, with
// camel-case keys turned into labels (genericDescriber, printUnstructuredContent, smartLabelFor in describe.go).

import type { KubeObject } from '../../cluster/apiserver/types.js';
import { type DescribeContext, LEVEL_0, eventQueryFor, printAnnotationsMultiline, printLabelsMultiline, writeEvents } from './helpers.js';
import { type PrefixWriter, tabbedString } from './tabbed.js';

const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isDigit = (c: string) => /\p{Nd}/u.test(c);
const isLetter = (c: string) => /\p{L}/u.test(c);

/** github.com/fatih/camelcase.Split. */
export function camelcaseSplit(src: string): string[] {
  const runes: string[][] = [];
  let lastClass = 0;
  for (const r of src) {
    const cls = isLower(r) ? 1 : isUpper(r) ? 2 : isDigit(r) ? 3 : 4;
    if (cls === lastClass) runes[runes.length - 1].push(r);
    else runes.push([r]);
    lastClass = cls;
  }
  for (let i = 0; i < runes.length - 1; i++) {
    if (isUpper(runes[i][0]) && isLower(runes[i + 1][0])) {
      runes[i + 1] = [runes[i][runes[i].length - 1], ...runes[i + 1]];
      runes[i] = runes[i].slice(0, -1);
    }
  }
  return runes.filter((r) => r.length > 0).map((r) => r.join(''));
}

const ACRONYMS = ['API', 'URL', 'UID', 'OSB', 'GUID'];

/** smartLabelFor: `apiVersion` → `API Version`, `creationTimestamp` → `Creation Timestamp`. */
export function smartLabelFor(field: string): string {
  for (const r of field) if (!isLetter(r) && r !== '-') return field;
  return camelcaseSplit(field)
    .filter((p) => p !== '_')
    .map((p) => (ACRONYMS.includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1)))
    .join(' ');
}

/** Go's %v of a decoded JSON scalar. */
function goValue(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}

function printUnstructuredContent(w: PrefixWriter, level: number, content: Record<string, unknown>, skipPrefix: string, skip: string[]): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const skipExpr = `${skipPrefix}.${field}`;
    if (skip.includes(skipExpr)) continue;
    if (Array.isArray(value)) {
      w.write(level, `${smartLabelFor(field)}:\n`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) printUnstructuredContent(w, level + 1, child as Record<string, unknown>, skipExpr, skip);
        else w.write(level + 1, `${goValue(child)}\n`);
      }
    } else if (value && typeof value === 'object') {
      w.write(level, `${smartLabelFor(field)}:\n`);
      printUnstructuredContent(w, level + 1, value as Record<string, unknown>, skipExpr, skip);
    } else {
      w.write(level, `${smartLabelFor(field)}:\t${goValue(value)}\n`);
    }
  }
}

export function describeGeneric(obj: KubeObject, ctx: DescribeContext): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${obj.metadata.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${obj.metadata.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', obj.metadata.labels);
    printAnnotationsMultiline(w, 'Annotations', obj.metadata.annotations);
    printUnstructuredContent(w, LEVEL_0, JSON.parse(JSON.stringify(obj)) as Record<string, unknown>, '', [
      '.metadata.managedFields',
      '.metadata.name',
      '.metadata.namespace',
      '.metadata.labels',
      '.metadata.annotations',
    ]);
    writeEvents(w, ctx, eventQueryFor(obj));
  });
}

// Client side of `kubectl get` human output: turns server Tables into text (wide filtering, NAMESPACE, kind
// prefix, -L / --show-labels columns, one tabwriter layout per kind, blank line between kinds) and --sort-by.

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import { kindPrefix } from '../../cluster/apiserver/discovery.js';
import { formatLabels } from '../../cluster/apiserver/labels.js';
import type { Table } from './tables.js';
import { tabwrite } from './tabwriter.js';

export interface GetOutputOptions {
  wide: boolean;
  allNamespaces: boolean;
  withKind: boolean;
  noHeaders: boolean;
  showLabels: boolean;
  labelColumns: string[];
}

/** A cell as the table printer prints it: only up to the first line break, then `...`. */
function printableCell(s: string): string {
  const i = s.search(/[\n\r]/);
  return i >= 0 ? `${s.slice(0, i)}...` : s;
}

/** Header of a `-L key` column: upper-cased last `/` segment of the key. */
function labelColumnHeader(key: string): string {
  const parts = key.split('/');
  return parts[parts.length - 1].toUpperCase();
}

/** Text of one kind's table (without the separating blank line); '' when it has no rows. */
export function renderTable(resource: ResourceInfo, table: Table, opts: GetOutputOptions): string {
  if (table.rows.length === 0) return '';
  const keep = table.columns.map((col) => opts.wide || col.priority === 0);
  const withNamespace = opts.allNamespaces && resource.namespaced;
  const labelKeys = opts.labelColumns.flatMap((l) => l.split(',')).filter((l) => l !== '');
  const lines: string[] = [];
  if (!opts.noHeaders) {
    const headers: string[] = [];
    if (withNamespace) headers.push('NAMESPACE');
    table.columns.forEach((col, i) => keep[i] && headers.push(col.name.toUpperCase()));
    for (const k of labelKeys) headers.push(labelColumnHeader(k));
    if (opts.showLabels) headers.push('LABELS');
    lines.push(headers.join('\t'));
  }
  const prefix = kindPrefix(resource);
  for (const row of table.rows) {
    const cells: string[] = [];
    if (withNamespace) cells.push(row.object.metadata?.namespace ?? '');
    table.columns.forEach((col, i) => {
      if (!keep[i]) return;
      let cell = printableCell(row.cells[i] ?? '');
      if (opts.withKind && col.isName) cell = `${prefix}/${cell}`;
      cells.push(cell);
    });
    const labels = row.object.metadata?.labels ?? {};
    for (const k of labelKeys) cells.push(labels[k] ?? '');
    if (opts.showLabels) cells.push(formatLabels(labels));
    lines.push(cells.join('\t'));
  }
  return tabwrite(lines.join('\n') + '\n');
}

/** Everything `kubectl get` prints to stdout for human output; '' when nothing at all was printed. */
export function renderGet(groups: Array<{ resource: ResourceInfo; table: Table }>, opts: GetOutputOptions): string {
  let out = '';
  groups.forEach(({ resource, table }, i) => {
    const text = renderTable(resource, table, opts);
    if (text === '') return;
    if (i > 0 && !opts.noHeaders && out !== '') out += '\n';
    out += text;
  });
  return out;
}

export { naturalLess, sortRows } from './sort-rows.js';

// The table the apiextensions-apiserver returns for custom resources (pkg/registry/customresource/tableconvertor):
// NAME, then the version's additionalPrinterColumns in order (Age from .metadata.creationTimestamp when the CRD
// names none); priority > 0 columns only with -o wide; a date column prints as an age; a path that finds nothing
// leaves the cell empty.

import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { PrinterColumn } from '../../cluster/apiserver/crd/served.js';
import { translateTimestampSince } from './duration.js';
import { findResults, jsonPathValueText, parseJsonPath, relaxedJsonPath } from './jsonpath.js';
import { NAME, type Table, type TableColumn } from './table-types.js';

const DEFAULT_COLUMNS: PrinterColumn[] = [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }];

function cellOf(col: PrinterColumn, obj: KubeObject, now: Date): string {
  let results: unknown[][];
  try {
    results = findResults(parseJsonPath(relaxedJsonPath(col.jsonPath)), obj, true);
  } catch {
    return '';
  }
  if (results.length === 0 || results[0].length === 0) return '';
  const value = results[0][0];
  if (value === null || value === undefined) return '';
  if (col.type === 'date' && typeof value === 'string') return translateTimestampSince(value, now);
  return jsonPathValueText(value);
}

export function customResourceTable(columns: PrinterColumn[] | undefined, objects: KubeObject[], now: Date): Table {
  const cols = columns?.length ? columns : DEFAULT_COLUMNS;
  const header: TableColumn[] = [NAME, ...cols.map((c): TableColumn => ({ name: c.name, priority: (c.priority ?? 0) > 0 ? 1 : 0 }))];
  return {
    columns: header,
    rows: objects.map((object) => ({ cells: [object.metadata?.name ?? '', ...cols.map((c) => cellOf(c, object, now))], object })),
  };
}

// Shared pieces of the server-side table printers: column and table types, the common columns and cells.

import type { KubeObject, LabelSelector } from '../../cluster/apiserver/types.js';
import { formatSelector, fromLabelSelector } from '../../cluster/apiserver/labels.js';
import { translateTimestampSince } from './duration.js';

export interface TableColumn {
  name: string;
  priority: 0 | 1;
  /** the column whose definition has `Format: "name"` (gets the kind prefix) */
  isName?: boolean;
}

export interface Table {
  columns: TableColumn[];
  rows: Array<{ cells: string[]; object: KubeObject }>;
}

export type RowFn = (obj: any, now: Date) => string[];

export interface Printer {
  columns: TableColumn[];
  row: RowFn;
}

export const NAME: TableColumn = { name: 'Name', priority: 0, isName: true };
export const AGE: TableColumn = { name: 'Age', priority: 0 };
export const c = (name: string): TableColumn => ({ name, priority: 0 });
export const w = (name: string): TableColumn => ({ name, priority: 1 });

export const age = (obj: KubeObject, now: Date) => translateTimestampSince(obj.metadata?.creationTimestamp, now);
export const num = (n: unknown): string => String(typeof n === 'number' ? n : 0);

/** layoutContainerCells: names and images joined by `,`. */
export function containerCells(containers: Array<{ name?: string; image?: string }> | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name ?? '').join(','), list.map((c) => c.image ?? '').join(',')];
}

/** metav1.LabelSelectorAsSelector(sel).String(): nil (Nothing) and empty (Everything) both print ''. */
export function selectorString(sel: LabelSelector | undefined | null): string {
  const reqs = fromLabelSelector(sel);
  return reqs === null ? '' : formatSelector(reqs);
}

// `kubectl get -o yaml|json|name|jsonpath=...|custom-columns=...` (printGeneric in cmd/get): the objects of all
// requested types, one object or a v1 List, loaded only when such an output is asked for.

import type { ResourceInfo } from '../../cluster/apiserver/discovery.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import { KubectlError, type KubectlContext } from '../context.js';
import { bool, str, type ParsedArgs } from '../flags.js';
import { renderCustomColumns } from '../printers/custom-columns.js';
import { printTemplate, type TemplateFormat } from '../printers/template-printers.js';
import { listOf, toJson } from '../printers/json.js';
import { nameOf } from '../printers/name.js';
import { sortRows } from '../printers/sort-rows.js';
import type { Table } from '../printers/tables.js';
import { toYaml } from '../printers/yaml.js';

export type GenericFormat =
  | { kind: 'yaml' | 'json' | 'name' }
  | { kind: 'custom-columns'; arg: string }
  | { kind: 'template'; template: TemplateFormat; allowMissing: boolean };

export interface GenericInfo {
  resource: ResourceInfo;
  objects: KubeObject[];
}

export function printGeneric(
  ctx: KubectlContext,
  args: ParsedArgs,
  format: GenericFormat,
  infos: GenericInfo[],
  singleItemImplied: boolean,
  strip: (obj: KubeObject, args: ParsedArgs) => KubeObject,
): void {
  const sortBy = str(args, 'sort-by');
  let objects = infos.flatMap((i) => i.objects);
  if (sortBy) {
    const table: Table = { columns: [], rows: objects.map((object) => ({ cells: [], object })) };
    objects = sortRows(table, sortBy).rows.map((r) => r.object);
  }
  const byObject = new Map<KubeObject, ResourceInfo>();
  for (const i of infos) for (const o of i.objects) byObject.set(o, i.resource);
  const single = singleItemImplied && objects.length === 1;
  // OmitManagedFieldsPrinter wraps the JSON and YAML printers only: templates see managedFields
  const strips = format.kind === 'yaml' || format.kind === 'json';
  const shown = (o: KubeObject) => (strips ? strip(o, args) : o);
  const data: unknown = single ? shown(objects[0]) : listOf(objects.map(shown));
  switch (format.kind) {
    case 'yaml':
      ctx.out(toYaml(data));
      break;
    case 'json':
      ctx.out(toJson(data));
      break;
    case 'name':
      for (const o of objects) ctx.out(`${nameOf(byObject.get(o)!, o)}\n`);
      break;
    case 'template': {
      const r = printTemplate(format.template, data, { allowMissing: format.allowMissing });
      ctx.out(r.out);
      if (r.error !== undefined) throw new KubectlError(`error: ${r.error}`);
      break;
    }
    case 'custom-columns':
      try {
        ctx.out(renderCustomColumns(format.arg, objects, bool(args, 'no-headers')));
      } catch (e) {
        throw new KubectlError(`error: ${(e as Error).message}`);
      }
      break;
  }
}

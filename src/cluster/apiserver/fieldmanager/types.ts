// The schema server-side apply walks (structured-merge-diff's schema.Schema, as kube-openapi's schemaconv builds
// it from OpenAPI): structs (named fields, atomic when x-kubernetes-map-type is atomic), maps (granular or
// atomic), lists (atomic, set, or map by key fields), scalars, and the "deduced" type of values no schema
// describes (maps granular, lists atomic). Built-in kinds read assets/openapi/v1.32.json for their types and
// assets/openapi/v1.32-merge.json (list/map types, non-pointer structs) beside it; custom resources read their
// CRD's structural schema, whose nodes carry the same x-kubernetes-* extensions inline.

import fs from 'node:fs';
import path from 'node:path';
import { assetPath, openApi, resolve, schemaNameFor, type Schema } from '../schema/openapi.js';

export type ListType = 'atomic' | 'set' | 'map';

export interface TypeNode {
  kind: 'struct' | 'map' | 'list' | 'scalar' | 'deduced';
  atomic: boolean;
  /** struct: the type of a declared field (undefined for a field the schema does not declare) */
  field(name: string): TypeNode | undefined;
  /** struct: whether a field is declared */
  declares(name: string): boolean;
  /** map / list: the element type */
  elem(): TypeNode;
  listType: ListType;
  keys: readonly string[];
  /** struct: fields present in the Go zero value (non-omitempty, or a non-pointer struct shown as {}) */
  zeroFields(): ReadonlyArray<[string, 'struct' | 'null']>;
  /** struct: a field's scalar default (fills a list-map key an item omits) */
  fieldDefault(name: string): unknown;
}

interface MergeProp {
  list?: ListType;
  keys?: string[];
  atomic?: boolean;
  struct?: boolean;
  default?: unknown;
}
interface MergeInfo {
  atomic?: boolean;
  props?: Record<string, MergeProp>;
}

let mergeAsset: Record<string, MergeInfo> | undefined;
function mergeInfo(name: string | undefined): MergeInfo | undefined {
  if (!name) return undefined;
  if (!mergeAsset) {
    const p = path.join(path.dirname(assetPath()), 'v1.32-merge.json');
    mergeAsset = (JSON.parse(fs.readFileSync(p, 'utf8')) as { schemas: Record<string, MergeInfo> }).schemas;
  }
  return mergeAsset[name];
}

const NONE: readonly string[] = [];

class Deduced implements TypeNode {
  kind = 'deduced' as const;
  atomic = false;
  listType: ListType = 'atomic';
  keys = NONE;
  field(): TypeNode {
    return DEDUCED;
  }
  declares(): boolean {
    return false;
  }
  elem(): TypeNode {
    return DEDUCED;
  }
  zeroFields(): [] {
    return [];
  }
  fieldDefault(): undefined {
    return undefined;
  }
}
export const DEDUCED: TypeNode = new Deduced();

/** A type from an OpenAPI schema node; `prop` carries the list/map metadata of the property it came from. */
class OpenApiType implements TypeNode {
  kind: TypeNode['kind'];
  atomic: boolean;
  listType: ListType = 'atomic';
  keys: readonly string[] = NONE;
  private readonly schema: Schema;
  private readonly name?: string;
  private readonly info?: MergeInfo;
  private fields?: Map<string, TypeNode>;
  private element?: TypeNode;
  /** inline extensions (CRD schemas) or the merge asset's */
  private readonly inline: boolean;

  constructor(s: Schema, prop: MergeProp | undefined, inline: boolean) {
    this.inline = inline;
    const r = inline ? { schema: s, name: undefined } : resolve(s);
    this.schema = r.schema;
    this.name = r.name;
    this.info = inline ? undefined : mergeInfo(r.name);
    const x = this.schema as Record<string, unknown>;
    const ext = (k: string): unknown => (inline ? x[k] : undefined);
    if (x['x-kubernetes-int-or-string']) this.kind = 'scalar';
    else if (this.schema.properties) this.kind = 'struct';
    else if (this.schema.type === 'array') this.kind = 'list';
    else if (this.schema.type === 'object' && this.schema.additionalProperties && typeof this.schema.additionalProperties === 'object') this.kind = 'map';
    else if (this.schema.type && this.schema.type !== 'object') this.kind = 'scalar';
    else this.kind = 'deduced';
    this.atomic = !!(prop?.atomic || this.info?.atomic || ext('x-kubernetes-map-type') === 'atomic');
    if (this.kind === 'list') {
      const lt = (inline ? listTypeInline(x) : prop?.list ? [prop.list, prop.keys] : undefined) as [ListType, string[] | undefined] | undefined;
      this.listType = lt?.[0] ?? 'atomic';
      this.keys = lt?.[1] ?? NONE;
      this.atomic = this.listType === 'atomic';
    }
  }

  private fieldMap(): Map<string, TypeNode> {
    if (!this.fields) {
      this.fields = new Map();
      for (const [k, ps] of Object.entries(this.schema.properties ?? {})) {
        this.fields.set(k, new OpenApiType(ps, this.info?.props?.[k], this.inline));
      }
    }
    return this.fields;
  }

  field(name: string): TypeNode | undefined {
    if (this.kind !== 'struct') return this.kind === 'deduced' ? DEDUCED : undefined;
    return this.fieldMap().get(name);
  }

  declares(name: string): boolean {
    return this.kind === 'struct' && this.fieldMap().has(name);
  }

  elem(): TypeNode {
    if (!this.element) {
      const e = this.kind === 'list' ? this.schema.items : typeof this.schema.additionalProperties === 'object' ? this.schema.additionalProperties : undefined;
      this.element = e ? new OpenApiType(e, undefined, this.inline) : DEDUCED;
    }
    return this.element;
  }

  fieldDefault(name: string): unknown {
    if (this.inline) return (this.schema.properties?.[name] as Record<string, unknown> | undefined)?.default;
    return this.info?.props?.[name]?.default;
  }

  zeroFields(): Array<[string, 'struct' | 'null']> {
    if (this.kind !== 'struct' || this.inline) return [];
    const out: Array<[string, 'struct' | 'null']> = [];
    const required = new Set(this.schema.required ?? []);
    // metav1.Time is a struct: omitempty never drops it, a zero ObjectMeta serialises creationTimestamp: null
    if (this.name === 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta') required.add('creationTimestamp');
    for (const k of Object.keys(this.schema.properties ?? {})) {
      if (this.info?.props?.[k]?.struct) out.push([k, 'struct']);
      else if (required.has(k)) out.push([k, 'null']);
    }
    return out;
  }
}

function listTypeInline(x: Record<string, unknown>): [ListType, string[] | undefined] | undefined {
  const lt = x['x-kubernetes-list-type'];
  if (lt === 'set' || lt === 'atomic') return [lt, undefined];
  if (lt === 'map') return ['map', x['x-kubernetes-list-map-keys'] as string[]];
  return undefined;
}

const byKind = new Map<string, TypeNode | undefined>();

/** The type of a built-in kind (apiVersion `apps/v1`, kind `Deployment`); undefined when the schema has none. */
export function typeOfKind(apiVersion: string, kind: string): TypeNode | undefined {
  const key = `${apiVersion}/${kind}`;
  if (!byKind.has(key)) {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    const name = schemaNameFor(group, version, kind);
    const s = name ? openApi().schemas[name] : undefined;
    byKind.set(key, s ? new OpenApiType({ $ref: name }, undefined, false) : undefined);
  }
  return byKind.get(key);
}

/**
 * A custom resource's type: its CRD version's structural schema, with metadata typed as ObjectMeta (the
 * apiextensions-apiserver does the same) and apiVersion/kind as strings.
 */
export function typeOfCustomResource(openAPIV3Schema: Record<string, unknown> | undefined): TypeNode {
  const s = (openAPIV3Schema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true }) as Schema;
  const root = new OpenApiType({ ...s, type: 'object', properties: { ...(s.properties ?? {}) } }, undefined, true);
  const meta = new OpenApiType({ $ref: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }, undefined, false);
  return new CustomRoot(root, meta);
}

class CustomRoot implements TypeNode {
  kind = 'struct' as const;
  atomic = false;
  listType: ListType = 'atomic';
  keys = NONE;
  constructor(
    private readonly root: TypeNode,
    private readonly meta: TypeNode,
  ) {}
  field(name: string): TypeNode | undefined {
    if (name === 'metadata') return this.meta;
    if (name === 'apiVersion' || name === 'kind') return SCALAR;
    return this.root.field(name) ?? DEDUCED;
  }
  declares(name: string): boolean {
    return name === 'metadata' || name === 'apiVersion' || name === 'kind' || this.root.declares(name);
  }
  elem(): TypeNode {
    return DEDUCED;
  }
  zeroFields(): [] {
    return [];
  }
  fieldDefault(name: string): unknown {
    return this.root.fieldDefault(name);
  }
}

const SCALAR: TypeNode = {
  kind: 'scalar',
  atomic: false,
  listType: 'atomic',
  keys: NONE,
  field: () => undefined,
  declares: () => false,
  elem: () => DEDUCED,
  zeroFields: () => [],
  fieldDefault: () => undefined,
};

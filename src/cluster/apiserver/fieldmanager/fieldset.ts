// structured-merge-diff's fieldpath.Set, held in the very shape of its FieldsV1 serialisation: a tree of path
// elements (`f:name` a struct field or map key, `k:{"name":"web"}` a map-list item by its keys, `v:"x"` a
// set-list item, `i:3` a list index) whose nodes may be members. A node that is a member and has children
// serialises with `".": {}`. Sets are immutable once built: every operation returns a new one.

export class FieldSet {
  member = false;
  readonly children = new Map<string, FieldSet>();

  static fromFieldsV1(v: unknown): FieldSet {
    const s = new FieldSet();
    if (!v || typeof v !== 'object') return s;
    for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
      if (k === '.') {
        s.member = true;
        continue;
      }
      const c = FieldSet.fromFieldsV1(child);
      // a child serialised as {} is a member with no children
      if (!c.children.size) c.member = true;
      s.children.set(k, c);
    }
    return s;
  }

  /** The FieldsV1 object (keys sorted as kubectl prints them: Go's JSON map order). */
  toFieldsV1(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (this.member && this.children.size) out['.'] = {};
    for (const k of [...this.children.keys()].sort()) out[k] = this.children.get(k)!.toFieldsV1();
    return out;
  }

  empty(): boolean {
    return !this.member && this.children.size === 0;
  }

  child(el: string): FieldSet | undefined {
    return this.children.get(el);
  }

  /** Inserts a path (a list of encoded elements) as a member. */
  insert(path: readonly string[]): void {
    let node: FieldSet = this;
    for (const el of path) {
      let next = node.children.get(el);
      if (!next) node.children.set(el, (next = new FieldSet()));
      node = next;
    }
    node.member = true;
  }

  has(path: readonly string[]): boolean {
    let node: FieldSet | undefined = this;
    for (const el of path) {
      node = node.children.get(el);
      if (!node) return false;
    }
    return node.member;
  }

  // Sets are never changed once built, so results share the subtrees an operation leaves as they are (and return
  // an operand itself when the other changes nothing): a write's managedFields bookkeeping copies only what moved.

  union(o: FieldSet): FieldSet {
    if (o === this || o.empty()) return this;
    if (this.empty()) return o;
    const s = new FieldSet();
    s.member = this.member || o.member;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      s.children.set(k, oc ? c.union(oc) : c);
    }
    for (const [k, c] of o.children) if (!this.children.has(k)) s.children.set(k, c);
    return s;
  }

  /** Members of this set that are not members of o (smd Set.Difference). */
  difference(o: FieldSet): FieldSet {
    if (o.empty() || this.empty()) return this;
    const s = new FieldSet();
    s.member = this.member && !o.member;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      const d = oc ? c.difference(oc) : c;
      if (!d.empty()) s.children.set(k, d);
    }
    return s;
  }

  intersection(o: FieldSet): FieldSet {
    const s = new FieldSet();
    s.member = this.member && o.member;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc) continue;
      const i = c.intersection(oc);
      if (!i.empty()) s.children.set(k, i);
    }
    return s;
  }

  /** Removes every path that has a member of o as prefix (smd Set.RecursiveDifference). */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.empty() || this.empty()) return this;
    const s = new FieldSet();
    s.member = this.member && !o.member;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (oc?.member) continue;
      const d = oc ? c.recursiveDifference(oc) : c;
      if (!d.empty()) s.children.set(k, d);
    }
    return s;
  }

  copy(): FieldSet {
    const s = new FieldSet();
    s.member = this.member;
    for (const [k, c] of this.children) s.children.set(k, c.copy());
    return s;
  }

  equals(o: FieldSet): boolean {
    if (this.member !== o.member || this.children.size !== o.children.size) return false;
    for (const [k, c] of this.children) {
      const oc = o.children.get(k);
      if (!oc || !c.equals(oc)) return false;
    }
    return true;
  }

  /** Every member path, in smd's path order (fields, then keys, then values, then indices; each sorted). */
  paths(prefix: string[] = []): string[][] {
    const out: string[][] = [];
    if (this.member && prefix.length) out.push(prefix);
    for (const k of [...this.children.keys()].sort(comparePathElements)) out.push(...this.children.get(k)!.paths([...prefix, k]));
    return out;
  }
}

const ORDER: Record<string, number> = { f: 0, k: 1, v: 2, i: 3 };

/** smd's PathElement.Compare over encoded elements: by kind (field < key < value < index), then by content. */
export function comparePathElements(a: string, b: string): number {
  const ka = ORDER[a[0]] ?? 4;
  const kb = ORDER[b[0]] ?? 4;
  if (ka !== kb) return ka - kb;
  if (a[0] === 'i') return Number(a.slice(2)) - Number(b.slice(2));
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `f:name` for a struct field or map key. */
export function fieldElement(name: string): string {
  return `f:${name}`;
}

/** `k:{"name":"web"}`: a map-list item by its key fields (sorted by name, values as JSON). */
export function keyElement(item: Record<string, unknown>, keys: readonly string[]): string {
  const fields = [...keys].sort().filter((k) => item[k] !== undefined);
  return `k:{${fields.map((k) => `${JSON.stringify(k)}:${JSON.stringify(item[k])}`).join(',')}}`;
}

export function valueElement(v: unknown): string {
  return `v:${JSON.stringify(v)}`;
}

export function indexElement(i: number): string {
  return `i:${i}`;
}

/** smd's Path.String(): `.spec.replicas`, `.spec.containers[name="web"].image`, `.metadata.finalizers[="x"]`. */
export function pathString(path: readonly string[]): string {
  return path
    .map((el) => {
      const body = el.slice(2);
      switch (el[0]) {
        case 'f':
          return `.${body}`;
        case 'k': {
          const obj = JSON.parse(body) as Record<string, unknown>;
          return `[${Object.keys(obj).map((k) => `${k}=${goValueString(obj[k])}`).join(',')}]`;
        }
        case 'v':
          return `[=${goValueString(JSON.parse(body))}]`;
        default:
          return `[${body}]`;
      }
    })
    .join('');
}

/** smd value.ToString: strings quoted as Go's %q, numbers and booleans bare, null as null. */
function goValueString(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// The two versions `kubectl diff` compares for one object (cmd/diff/diff.go): LIVE, the object as the server has
// it (none when it does not exist), and MERGED, the server's answer to the dry-run request apply would send (a
// dry-run create, or the three-way patch of the last-applied configuration, the file and the live object), and
// the Masker that hides a Secret's data values. Pure of I/O: the verb reads files and prints.

import { resourceKey } from '../../cluster/apiserver/discovery.js';
import type { ApiServer } from '../../cluster/apiserver/server.js';
import type { KubeObject } from '../../cluster/apiserver/types.js';
import type { ManifestObject } from '../manifests.js';
import { toYaml } from '../printers/yaml.js';
import { stripManaged } from './printing.js';
import { LAST_APPLIED, deepEqual, threeWayMerge } from './apply-config.js';
import { threeWayPatch } from './apply-patch.js';
import { SourcedError } from './report.js';
import { StatusError } from '../../cluster/apiserver/errors.js';

export interface DiffVersions {
  /** the file name in both directories: GROUP.VERSION.KIND.NAMESPACE.NAME (InfoObject.Name) */
  name: string;
  live: KubeObject | undefined;
  merged: KubeObject;
}

/** InfoObject.Name(): `apps.v1.Deployment.default.web`, `v1.Namespace..dev`. */
export function diffFileName(item: ManifestObject): string {
  const r = item.resource;
  const ns = r.namespaced ? (item.object.metadata.namespace ?? '') : '';
  return `${r.group ? `${r.group}.` : ''}${r.version}.${r.kind}.${ns}.${item.object.metadata.name ?? ''}`;
}

/** InfoObject.Merged() with the live object InfoObject.Live() it was computed against. */
export function diffVersions(api: ApiServer, item: ManifestObject, warnings: string[]): DiffVersions {
  const local = item.object;
  const md = local.metadata;
  const key = resourceKey(item.resource);
  const live = md.name ? api.tryGet(key, md.namespace, md.name) : undefined;
  const name = diffFileName(item);
  if (!live) return { name, live, merged: api.create(local, { dryRun: true, fieldValidation: 'Warn', warnings }) };
  const lastText = live.metadata.annotations?.[LAST_APPLIED];
  let original: KubeObject | undefined;
  try {
    original = lastText ? (JSON.parse(lastText) as KubeObject) : undefined;
  } catch {
    original = undefined;
  }
  // GetModifiedConfiguration(local, annotate=false): the file with its annotations minus last-applied (an empty
  // map when it has none), so the live last-applied annotation stays as it is
  const modified = structuredClone(local);
  const annotations = { ...(modified.metadata.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  modified.metadata.annotations = annotations;
  const merged = threeWayMerge(original, modified, live);
  // an empty patch is not sent: the merged version is the live object
  if (deepEqual(merged, live)) return { name, live, merged: live };
  // the patch carries the live resourceVersion as its precondition
  merged.metadata.resourceVersion = live.metadata.resourceVersion;
  const patch = threeWayPatch(original, modified as unknown as Record<string, unknown>, live);
  try {
    return { name, live, merged: api.update(merged, { dryRun: true, fieldValidation: 'Warn', warnings, patch }) };
  } catch (e) {
    // Patcher.Patch names the file (cmdutil.AddSourceToErr("patching", ...))
    if (e instanceof StatusError) throw new SourcedError(e, 'patching', item.source);
    throw e;
  }
}

const MASK = '***';
const MASK_BEFORE = '*** (before)';
const MASK_AFTER = '*** (after)';

/**
 * The Masker: a Secret's data values become `***`, or `*** (before)` / `*** (after)` where a key is in both and its
 * value changed. A Secret that does not exist yet is printed as `null` (the Masker hands a typed nil to the printer).
 */
export function maskSecret(from: KubeObject | undefined, to: KubeObject): { from: KubeObject | null; to: KubeObject } {
  const f = from ? (structuredClone(from) as KubeObject & { data?: Record<string, string> }) : null;
  const t = structuredClone(to) as KubeObject & { data?: Record<string, string> };
  const fd = f?.data;
  const td = t.data;
  if (fd) {
    for (const k of Object.keys(fd)) {
      if (td && k in td) {
        if (fd[k] !== td[k]) {
          fd[k] = MASK_BEFORE;
          td[k] = MASK_AFTER;
          continue;
        }
        td[k] = MASK;
      }
      fd[k] = MASK;
    }
  }
  if (td) for (const k of Object.keys(td)) if (!fd || !(k in fd)) td[k] = MASK;
  return { from: f, to: t };
}

/** The two files' texts for one object, as diff's Printer (yaml.Marshal) writes them: LIVE is empty when absent. */
export function diffTexts(versions: DiffVersions): { from: string; to: string } {
  // diff.go omits managedFields from both versions (--show-managed-fields=false)
  const v = { ...versions, live: versions.live && stripManaged(versions.live), merged: stripManaged(versions.merged) };
  if (v.merged.apiVersion === 'v1' && v.merged.kind === 'Secret') {
    const m = maskSecret(v.live, v.merged);
    return { from: m.from === null ? 'null\n' : toYaml(m.from), to: toYaml(m.to) };
  }
  return { from: v.live ? toYaml(v.live) : '', to: toYaml(v.merged) };
}

// The -l/--selector value as kubectl takes it: parsed by labels.parseSelector, a parse error printed the way
// kubectl prints it (`error: unable to parse requirement: ...`), no selector for an empty value.

import { parseSelector, SelectorParseError, type Selector } from '../cluster/apiserver/labels.js';
import { KubectlError } from './context.js';
import type { ResourceInfo } from '../cluster/apiserver/discovery.js';
import { StatusError } from '../cluster/apiserver/errors.js';
import { convertFieldLabels, FieldSelectorError, parseFieldSelector, type FieldTerm } from '../cluster/apiserver/fields.js';

export function selectorFlag(text: string | undefined): Selector | null {
  if (!text?.trim()) return null;
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
}

/**
 * --field-selector for a list of one resource, as the API server checks it: the parsed and converted terms, or its
 * BadRequest wrapped the way kubectl's resource builder words it ("Unable to find ... that match ...").
 */
export function fieldSelectorFor(resource: ResourceInfo, text: string, labelSelector: string): FieldTerm[] {
  if (!text) return [];
  try {
    return convertFieldLabels(resource, parseFieldSelector(text));
  } catch (e) {
    if (!(e instanceof FieldSelectorError)) throw e;
    const gvr = `${resource.group}/${resource.version}, Resource=${resource.name}`;
    throw new StatusError('BadRequest', `Unable to find ${JSON.stringify(gvr)} that match label selector ${JSON.stringify(labelSelector)}, field selector ${JSON.stringify(text)}: ${e.message}`);
  }
}

// The -l/--selector value as kubectl takes it: parsed by labels.parseSelector, a parse error printed the way
// kubectl prints it (`error: unable to parse requirement: ...`), no selector for an empty value.

import { parseSelector, SelectorParseError, type Selector } from '../cluster/apiserver/labels.js';
import { KubectlError } from './context.js';

export function selectorFlag(text: string | undefined): Selector | null {
  if (!text?.trim()) return null;
  try {
    return parseSelector(text);
  } catch (e) {
    if (e instanceof SelectorParseError) throw new KubectlError(`error: ${e.message}`);
    throw e;
  }
}

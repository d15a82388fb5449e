// `kubectl label`: add, change or remove labels (KEY=VAL, KEY-) on named or selected objects.

import type { Verb } from '../context.js';
import { metaFlags, runMetaMap } from './metamap.js';

const verb: Verb = {
  name: 'label',
  flags: metaFlags('label'),
  run: (ctx, args) => runMetaMap('label', ctx, args),
};

export default verb;

// `kubectl annotate`: add, change or remove annotations (KEY=VAL, KEY-) on named or selected objects.

import type { Verb } from '../context.js';
import { metaFlags, runMetaMap } from './metamap.js';

const verb: Verb = {
  name: 'annotate',
  flags: metaFlags('annotation'),
  run: (ctx, args) => runMetaMap('annotation', ctx, args),
};

export default verb;

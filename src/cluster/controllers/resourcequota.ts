// ResourceQuota controller (pkg/controller/resourcequota): status.hard mirrors spec.hard and status.used sums
// what the matching live objects use, recomputed whenever the namespace's objects change.

import { quotaUsed, QUOTA_KEY } from '../apiserver/admission/quota.js';
import type { KubeObject } from '../apiserver/types.js';
import type { Controller } from './controller.js';
import { writeStatus } from './util.js';

export const resourceQuotaController: Controller = {
  name: 'resourcequota',
  sync(ctx) {
    const { api } = ctx;
    for (const q of api.list<KubeObject>(QUOTA_KEY)) {
      const hard = { ...(((q.spec ?? {}) as { hard?: Record<string, string> }).hard ?? {}) };
      writeStatus(api, q, { hard, used: quotaUsed(q, api.store) });
    }
  },
};

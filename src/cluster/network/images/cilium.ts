// Cilium 1.11's programs as servers: the agent's health API (127.0.0.1:9876, /healthz answers the agent's status
// once it runs; the kubelet's startup, liveness and readiness probes ask it) and the operator's API
// (127.0.0.1:9234, /healthz "ok"). What they do to the API is controllers/cilium.ts.

import { goNotFound, goResponse } from './go-servers.js';
import type { ImageServer } from './types.js';

export function ciliumAgentServer(): ImageServer {
  return {
    kind: 'cilium-agent',
    listens: (p) => p === 9876,
    handle(req) {
      if (req.path.split('?')[0] !== '/healthz') return { response: goNotFound(req), log: [] };
      return { response: goResponse(req, 200, 'OK', '', 'application/json'), log: [] };
    },
  };
}

export function ciliumOperatorServer(): ImageServer {
  return {
    kind: 'cilium-operator',
    listens: (p) => p === 9234,
    handle(req) {
      if (req.path.split('?')[0] !== '/healthz') return { response: goNotFound(req), log: [] };
      return { response: goResponse(req, 200, 'OK', 'ok', 'text/plain; charset=utf-8'), log: [] };
    },
  };
}

// The request API's types (where a packet starts, an HTTP request, what the client sees): a leaf module, so the
// data path (dataplane/send.ts) and the request entry points (request.ts) both import it and not each other.

import type { Pod } from '../apiserver/types.js';

/** Where the packet starts. */
export type RequestSource = { kind: 'pod'; pod: Pod } | { kind: 'node'; node: string };

export interface HttpRequest {
  method: string;
  /** the Host header as the client sends it (`website`, `10.96.0.5:8080`) */
  host: string;
  path: string;
  /** extra headers, in the order the client sends them (Host and User-Agent excluded) */
  headers: Record<string, string>;
  userAgent: string;
}

export interface ServedBy {
  pod: Pod;
  /** the pod IP (or node IP for hostNetwork pods) the connection was delivered to, after DNAT */
  ip: string;
  port: number;
  /** container that answered */
  container: string;
  /** source address the server saw (client pod IP, or the node IP when masqueraded) */
  remoteIP: string;
}

export type SendResult =
  | {
      ok: true;
      status: number;
      statusText: string;
      /** response headers in wire order */
      headers: Array<[string, string]>;
      body: string;
      served: ServedBy;
      /** chains/rules walked, for debugging (`node: table/CHAIN rule…`) */
      route: string[];
    }
  | { ok: false; error: 'refused' | 'timeout' | 'unreachable' | 'reset'; route: string[] };

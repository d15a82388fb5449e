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
  /** the connection starts with a TLS handshake (https): what the client offers and how it judges the server */
  tls?: TlsClientHello;
}

/** What a TLS client sends in its ClientHello and how it judges the certificate chain it gets back. */
export interface TlsClientHello {
  /** server_name (SNI); clients send none for an IP address */
  sni?: string;
  /** ALPN protocols offered, in preference order (`h2`, `http/1.1`) */
  alpn: string[];
  /** called with the server's hello; false aborts the handshake with an alert: no request is sent */
  accept(server: TlsServerHello): boolean;
}

/** What a TLS server answers: its certificate chain (PEM, leaf first) and the parameters negotiated. */
export interface TlsServerHello {
  chain: string[];
  version: 'TLSv1.3' | 'TLSv1.2';
  cipher: string;
  /** key exchange group (`X25519`) */
  group: string;
  /** signature scheme of the handshake (`RSASSA-PSS`) */
  signature: string;
  /** the ALPN protocol the server picked; undefined when it did not agree on one */
  alpn?: string;
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
      /** the TLS session the request went over (https) */
      tls?: TlsServerHello;
    }
  | { ok: false; error: 'refused' | 'timeout' | 'unreachable' | 'reset'; route: string[] }
  /** `tls-plain`: what came back to the ClientHello is no TLS record (a plain HTTP port); `tls-aborted`: the
   *  client refused the server's certificate (`server` is what it was shown) */
  | { ok: false; error: 'tls-plain'; route: string[] }
  | { ok: false; error: 'tls-aborted'; server: TlsServerHello; route: string[] };

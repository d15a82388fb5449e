// bind9 `nslookup` (dnsutils on Debian/Ubuntu) with a given resolver: the Server/Address header with tabs,
// "Non-authoritative answer:" blocks, and `** server can't find NAME: NXDOMAIN` (exit 1).

import type { ToolResult } from './common.js';

export interface BindLookup {
  server: string;
  /** IPv4 answers for the name; [] = NXDOMAIN */
  answers(name: string): string[];
  /** the canonical name answered (for search-path expansion), default the name itself */
  authoritative?: boolean;
}

export function runBindNslookup(argv: string[], dns: BindLookup): ToolResult {
  const args = argv.filter((a) => !a.startsWith('-'));
  const name = args[0];
  if (!name) return { stdout: '', stderr: '', code: 1 };
  const server = args[1] ?? dns.server;
  let out = `Server:\t\t${server}\nAddress:\t${server}#53\n\n`;
  const ips = dns.answers(name);
  if (ips.length === 0) {
    out += `** server can't find ${name}: NXDOMAIN\n\n`;
    return { stdout: out, stderr: '', code: 1 };
  }
  if (!dns.authoritative) out += 'Non-authoritative answer:\n';
  for (const ip of ips) out += `Name:\t${name}\nAddress: ${ip}\n`;
  out += '\n';
  return { stdout: out, stderr: '', code: 0 };
}

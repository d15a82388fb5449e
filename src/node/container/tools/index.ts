// The one set of executables the shell interpreter runs (in containers, filtered by what the image ships, and in
// hermetic mode, filtered by its list): name → implementation. The shells themselves (`sh`, `bash`...) are
// registered by the interpreter (shell.ts), which they run.

import type { CmdIO, ContainerSession } from '../context.js';
import { basicTools } from './basic.js';
import { curlTool } from './curl.js';
import { opensslTool } from './openssl.js';
import { digTool } from './dig.js';
import { fileTools } from './files.js';
import { grep } from './grep.js';
import { ipTool } from './ip.js';
import { nslookupTool } from './nslookup.js';
import { pingTool } from './ping.js';
import { psTool } from './ps.js';
import { seq } from './seq.js';
import { tarTool } from './tar.js';
import { testTools } from './test.js';
import { textTools } from './text.js';
import { wgetTool } from './wget.js';

export type Tool = (argv: string[], s: ContainerSession, io: CmdIO) => number;

const TOOLS: Record<string, Tool> = {
  ...basicTools,
  ...fileTools,
  ...textTools,
  grep,
  wget: wgetTool,
  curl: curlTool,
  openssl: opensslTool,
  nslookup: nslookupTool,
  dig: digTool,
  ping: pingTool,
  ps: psTool,
  ip: ipTool,
  tar: tarTool,
  seq,
  ...testTools,
};

/** Adds executables to the table (the interpreter adds the shells). */
export function registerTools(tools: Record<string, Tool>): void {
  Object.assign(TOOLS, tools);
}

/** The executable name of `name` (a bare name or a path such as /bin/sh) if the image ships it. */
function shipped(s: ContainerSession, name: string): string | undefined {
  const base = name.includes('/') ? name.split('/').pop()! : name;
  if (name.includes('/') && !/^\/(usr\/)?(local\/)?s?bin\//.test(name)) return undefined;
  return s.facts.tools.has(base) ? base : undefined;
}

/** The tool `name` (a bare name or a path such as /bin/sh) if the image has it and kubesim simulates it. */
export function findTool(s: ContainerSession, name: string): Tool | undefined {
  const base = shipped(s, name);
  return base === undefined ? undefined : TOOLS[base];
}

/** The image ships `name` (busybox's ps, sed, netstat...) but kubesim has no simulation of it. */
export function isUnsimulatedTool(s: ContainerSession, name: string): boolean {
  const base = shipped(s, name);
  return base !== undefined && !TOOLS[base];
}

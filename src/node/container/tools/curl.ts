// curl inside a container: the shared implementation (src/node/net/curl.ts) in the version the image ships.

import { runCurl } from '../../net/curl.js';
import type { CmdIO, ContainerSession } from '../context.js';
import { containerNetEnv } from './net-env.js';

export function curlTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  return runCurl(argv.slice(1), containerNetEnv(s, io), io, s.facts.curlVersion ?? '8.7.1');
}

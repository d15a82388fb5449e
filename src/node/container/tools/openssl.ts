// openssl inside a container (images that ship it: Debian's through ca-certificates, netshoot): the shared
// implementation (src/node/net/openssl.ts) over the container's files and its network.

import { runOpenssl } from '../../net/openssl.js';
import { readFile, writeFile, type CmdIO, type ContainerSession } from '../context.js';
import { containerNetEnv } from './net-env.js';

export function opensslTool(argv: string[], s: ContainerSession, io: CmdIO): number {
  const net = containerNetEnv(s, io);
  return runOpenssl(
    argv.slice(1),
    {
      net,
      readFile: (p) => readFile(s, p),
      writeFile: (p, c) => {
        const e = writeFile(s, p, c);
        return e ? (e === 'EROFS' ? 'Read-only file system' : 'No such file or directory') : undefined;
      },
      stdin: io.stdin,
      keyLabel: () => `${s.cluster.config.seed}/${s.cluster.rng.hex(16)}`,
    },
    io,
  );
}

import { it } from 'vitest';
import { runTest } from '/work/main/src/cli/commands/test.js';
import { Session } from '/work/main/src/cli/session.js';
it('x', async () => {
  const io = { out: (t: string) => process.stdout.write(t), err: (t: string) => process.stdout.write(t), stdin: undefined, isTTY: false, env: process.env, cwd: '/tmp/tt' };
  const code = await runTest(process.env.ARGS!.split(' '), new Session({ home: '/tmp/tt/h', persistent: false }), io);
  console.log('exit', code);
});

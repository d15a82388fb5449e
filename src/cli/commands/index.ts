// Registers the kubesim commands that run lines through dispatch themselves (replay, test, shell), so that
// dispatch.ts need not import them. The executable (main.ts) and the bench import this.

import { registerNative } from '../dispatch.js';

registerNative('replay', async () => (await import('./replay.js')).runReplay);
registerNative('test', async () => (await import('./test.js')).runTest);
registerNative('shell', async () => (await import('./shell.js')).runShell);

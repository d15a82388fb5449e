import { describe, expect, it } from 'vitest';
import { changeCauseOf } from './record.js';

describe('--record change-cause', () => {
  const flags = [
    { name: 'filename', short: 'f', type: 'stringSlice' as const },
    { name: 'local', type: 'bool' as const },
    { name: 'record', type: 'bool' as const },
    { name: 'output', short: 'o', type: 'string' as const },
  ];
  it('words the command line as parseCommandArguments does: words first, then --NAME=VALUE per flag given', () => {
    expect(changeCauseOf('kubectl set image', ['deploy/web', 'nginx=nginx:1.26', '--record'], flags)).toBe('kubectl set image deploy/web nginx=nginx:1.26 --record=true');
    expect(changeCauseOf('kubectl set image', ['-f', 'web.yaml', 'nginx=x', '--local', '--record', '-o', 'yaml'], flags)).toBe(
      'kubectl set image nginx=x --filename=web.yaml --local=true --record=true --output=yaml',
    );
    expect(changeCauseOf('kubectl set image', ['deploy', 'web', 'a=b', '-n', 'dev', '--record=true'], flags)).toBe('kubectl set image deploy web a=b --namespace=dev --record=true');
  });
});

import { describe, expect, it } from 'vitest';
import { commandCompleteness } from './complete.js';
import { heredocsIn, parseSimpleCommand, readHeredocBody, shellQuote } from './words.js';

describe('parseSimpleCommand', () => {
  it('splits words with quotes and escapes', () => {
    expect(parseSimpleCommand(`kubectl get pods -o jsonpath='{.items[*].metadata.name}'`)).toEqual({ argv: ['kubectl', 'get', 'pods', '-o', 'jsonpath={.items[*].metadata.name}'] });
    expect(parseSimpleCommand(`k label pod web "tier=front end" a\\ b`)?.argv).toEqual(['k', 'label', 'pod', 'web', 'tier=front end', 'a b']);
    expect(parseSimpleCommand('kubectl get pods # comment')?.argv).toEqual(['kubectl', 'get', 'pods']);
  });
  it('sends shell features to bash', () => {
    for (const line of ['kubectl get pods | grep web', 'export X=$(k get pods)', 'echo $HOME', 'a && b', 'k get pods > out', 'X=1 kubectl get pods', 'cat ~/x', 'echo "$X"', 'echo `date`', 'echo {a,b}', "echo 'open"])
      expect(parseSimpleCommand(line), line).toBeNull();
  });
  it('accepts a trailing heredoc', () => {
    expect(parseSimpleCommand('kubectl apply -f - <<EOF')).toEqual({ argv: ['kubectl', 'apply', '-f', '-'], heredoc: { delimiter: 'EOF', quoted: false, stripTabs: false } });
    expect(parseSimpleCommand(`kubectl apply -f - <<-'END'`)?.heredoc).toEqual({ delimiter: 'END', quoted: true, stripTabs: true });
    expect(parseSimpleCommand('cat <<EOF > file')).toBeNull();
  });
  it('reads heredoc bodies', () => {
    expect(readHeredocBody(['a: 1', '\tb: 2', 'EOF', 'next'], { delimiter: 'EOF', quoted: false, stripTabs: false })).toEqual({ body: 'a: 1\n\tb: 2\n', consumed: 3 });
    expect(readHeredocBody(['\ta', '\tEOF'], { delimiter: 'EOF', quoted: false, stripTabs: true })).toEqual({ body: 'a\n', consumed: 2 });
    expect(readHeredocBody(['a'], { delimiter: 'EOF', quoted: false, stripTabs: false })).toBeUndefined();
  });
  it('finds heredoc operators outside quotes', () => {
    expect(heredocsIn(`cat <<EOF > a; cat <<"X" | grep '<<no'`).map((d) => d.delimiter)).toEqual(['EOF', 'X']);
  });
  it('quotes for bash', () => {
    expect(shellQuote('web-1')).toBe('web-1');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});

describe('commandCompleteness', () => {
  it.each([
    ['kubectl get pods', 'complete'],
    ['for i in 1 2; do', 'incomplete'],
    ['for i in 1 2; do\necho $i\ndone', 'complete'],
    ["echo 'a", 'incomplete'],
    ["echo 'a\nb'", 'complete'],
    ['cat <<EOF\nx', 'incomplete'],
    ['cat <<EOF\nx\nEOF', 'complete'],
    ['kubectl get pods |', 'incomplete'],
    ['echo a \\', 'incomplete'],
    [`export P=$(k get pods -o wide | grep "deploy1-" |  awk '{ print $1 }')`, 'complete'],
    ['echo # it\'s a comment', 'complete'],
  ])('%j is %s', (text, want) => {
    expect(commandCompleteness(text)).toBe(want);
  });
});

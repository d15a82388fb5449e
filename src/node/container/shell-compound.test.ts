import { describe, expect, it } from 'vitest';
import { isComplete } from './shell-parse.js';
import { runIn } from './shell-dash.test.js';
import { LOOP_LIMIT, ShellInterrupt } from './shell.js';

describe('busybox ash', () => {
  it("words syntax errors as ash's tokname table does", () => {
    expect(runIn('busybox', 'ash', 'for i in 1 2; echo $i; done')).toEqual({ out: 'sh: syntax error: unexpected word (expecting "do")\n', code: 2 });
    expect(runIn('busybox', 'ash', 'echo a; done')).toEqual({ out: 'sh: syntax error: unexpected "done"\n', code: 2 });
    expect(runIn('busybox', 'ash', 'if true; then echo x')).toEqual({ out: 'sh: syntax error: unexpected end of file (expecting "fi")\n', code: 2 });
    expect(runIn('busybox', 'ash', 'echo >\n')).toEqual({ out: 'sh: syntax error: unexpected newline\n', code: 2 });
    expect(runIn('debian', 'dash', 'echo >\n')).toEqual({ out: 'sh: 2: Syntax error: newline unexpected\n', code: 2 });
    expect(runIn('debian', 'dash', 'echo >')).toEqual({ out: 'sh: 1: Syntax error: end of file unexpected\n', code: 2 });
    expect(runIn('busybox', 'ash', "echo 'open")).toEqual({ out: 'sh: syntax error: unterminated quoted string\n', code: 2 });
  });

  it('runs a script up to its first syntax error, one complete command at a time', () => {
    expect(runIn('busybox', 'ash', 'echo first\nfi')).toEqual({ out: 'first\nsh: syntax error: unexpected "fi"\n', code: 2 });
  });

  it('has ** and let, and names itself by $0 after sh -c', () => {
    expect(runIn('busybox', 'ash', 'let x=2**5; echo $x $((x % 7))')).toEqual({ out: '32 4\n', code: 0 });
    expect(runIn('busybox', 'ash', "sh -c 'echo $0:$1; nosuch' job arg")).toEqual({ out: 'job:arg\njob: nosuch: not found\n', code: 127 });
  });

  it('stops a loop that lets no time pass after LOOP_LIMIT iterations, as Ctrl-C would', () => {
    expect(() => runIn('busybox', 'ash', 'n=0; while :; do n=$((n+1)); done')).toThrow(ShellInterrupt);
    // a loop that ends on its own, however long, is not stopped; nor is a for loop over a long list
    expect(runIn('busybox', 'ash', `n=0; while [ $n -lt ${LOOP_LIMIT - 1} ]; do n=$((n+1)); done; echo $n`).out).toBe(`${LOOP_LIMIT - 1}\n`);
    expect(runIn('busybox', 'ash', 'c=0; for i in $(seq 1 3000); do c=$((c+1)); done; echo $c').out).toBe('3000\n');
  });
});

describe('bash', () => {
  it('names the token and the line of bash -c', () => {
    expect(runIn('debian', 'bash', 'for i in 1 2; do echo $i; fi')).toEqual({ out: "bash: line 1: syntax error near unexpected token `fi'\nbash: line 1: `for i in 1 2; do echo $i; fi'\n".replace(/line 1: syntax/, '-c: line 1: syntax').replace(/line 1: `for/, '-c: line 1: `for'), code: 2 });
    expect(runIn('debian', 'bash', 'nosuch')).toEqual({ out: 'bash: line 1: nosuch: command not found\n', code: 127 });
  });
});

describe('complete input (PS2)', () => {
  it('waits for the rest of an open quote, heredoc or compound command', () => {
    for (const open of ['for i in 1 2; do', 'if true; then echo', "echo 'a", 'cat <<EOF\nx', 'f() {', 'case x in', 'echo a &&', 'echo a |', 'echo $(date']) expect(isComplete(open), open).toBe(false);
    for (const done of ['for i in 1 2; do echo $i; done', 'cat <<EOF\nx\nEOF', 'echo a; done', 'f() { :; }']) expect(isComplete(done), done).toBe(true);
  });
});

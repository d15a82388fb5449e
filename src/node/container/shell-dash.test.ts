// The interpreter against real dash: each script below was run by `sh -c` (dash 0.5.12, Debian bookworm's /bin/sh)
// with stdout and stderr on one file, and its output and status recorded here. The interpreter must give the
// same bytes in a debian image's shell.

import { describe, expect, it } from 'vitest';
import type { ContainerSession } from './context.js';
import { imageFacts } from './images.js';
import { runScript } from './shell.js';

const DASH: Array<[string, string, number]> = [
  ["for i in 1 2 3; do echo $i; done", "1\n2\n3\n", 0],
  ["i=0; while [ $i -lt 3 ]; do echo \"i=$i\"; i=$((i+1)); done; echo done $i", "i=0\ni=1\ni=2\ndone 3\n", 0],
  ["x=b; case $x in a) echo A;; b|c) echo BC;; *) echo other;; esac", "BC\n", 0],
  ["f() { echo \"in f: $1 $#\"; return 3; }; f a b; echo \"status $?\"", "in f: a 2\nstatus 3\n", 0],
  ["if [ -z \"\" ]; then echo empty; elif true; then echo no; else echo no2; fi", "empty\n", 0],
  ["X=${UNSET:-default} ; echo $X ${#X} ${X#de} ${X%lt}; echo \"${Y:=yy}\" $Y", "default 7 fault defau\nyy yy\n", 0],
  ["set -- a \"b c\" d; for a in \"$@\"; do echo \"[$a]\"; done; echo $# \"$*\"; shift; echo $1; shift 5; echo after", "[a]\n[b c]\n[d]\n3 a b c d\nb c\nsh: 1: shift: can't shift that many\n", 2],
  ["echo one two | { read a b; echo \"$b $a\"; }; printf '%s-%s\\n' x y z w", "two one\nx-y\nz-w\n", 0],
  ["i=0; until [ $i -ge 2 ]; do i=$((i+1)); [ $i = 1 ] && continue; echo $i; done; for x in a b c; do [ $x = b ] && break; echo $x; done", "2\na\n", 0],
  ["echo $(echo sub $(echo nested)) `echo back`", "sub nested back\n", 0],
  ["f() { local v=inner; echo $v; }; v=outer; f; echo $v", "inner\nouter\n", 0],
  ["set -e; echo a; false; echo b", "a\n", 1],
  ["set -e; false || true; if false; then :; fi; ! true; echo survived", "survived\n", 0],
  ["echo $((7/2)) $((7%3)) $((1<2)) $((x=5)) $x $((x+=1)) $((1/0))", "sh: 1: arithmetic expression: division by zero: \"1/0\"\n", 2],
  ["echo \"a\\tb\\c\"; echo -n x; echo -e y", "a\tbx-e y\n", 0],
  ["x=\"a   b\"; echo $x \"$x\"; IFS=:; y=a:b:c; for p in $y; do echo \"<$p>\"; done", "a b a   b\n<a>\n<b>\n<c>\n", 0],
  ["for i in 1 2; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done", "1a\n2a\n", 0],
  ["case \"hello.txt\" in *.TXT) echo up;; *.t?t) echo low;; esac; case x in [abc]) echo abc;; [!a-w]) echo notaw;; esac", "low\nnotaw\n", 0],
  ["echo ${x-unset} ${x:-empty}; x=; echo ${x-unset} ${x:-empty} ${x+set} ${x:+nonempty}", "unset empty\nempty set\n", 0],
  ["f() { return; }; false; f; echo $?", "1\n", 0],
  ["while read line; do echo \"got: $line\"; done <<EOF\nfirst\nsecond\nEOF", "got: first\ngot: second\n", 0],
  ["cat <<-EOF\n\ttabbed $HOME\n\tEOF", "tabbed /root\n", 0],
  ["{ echo a; echo b; } | wc -l; (exit 3); echo $?", "2\n3\n", 0],
  ["echo a >/dev/null 2>&1; nosuch 2>/dev/null; echo $?", "127\n", 0],
  ["unset x; echo ${x:?custom message}; echo notreached", "sh: 1: x: custom message\n", 2],
  ["echo \"$(printf 'x\\n\\n\\n')|\"", "x|\n", 0],
  ["a=1 b=2; echo $a$b; a=3 sh -c 'echo $a'; echo $a", "12\n3\n1\n", 0],
  ["if then fi", "sh: 1: Syntax error: \"then\" unexpected\n", 2],
  ["while :; do break; done; echo out", "out\n", 0],
  ["x=5; [ $x -gt 3 ] && [ $x -lt 10 ] && echo between", "between\n", 0],
  ["echo ${#}; set -- 1 2 3 4 5 6 7 8 9 10; echo ${10} $#", "0\n10 10\n", 0],
  ["for x; do echo $x; done; echo none", "none\n", 0],
  ["echo 'single $x' \"double \\$x \\\" \\\\\"", "single $x double $x \" \\\n", 0],
  ["f() { echo \"$@\"; }; f \"a b\" c", "a b c\n", 0],
  ["echo $((0x10 + 010)) $(( 3 > 2 ? 10 : 20 )) $((-5 / 2)) $((2 ** 3))", "sh: 1: arithmetic expression: expecting primary: \"2 ** 3\"\n", 2],
  ["t=abc; echo ${t%c} ${t#a} ${#t}; p=/a/b/c.txt; echo ${p##*/} ${p%/*}", "ab bc 3\nc.txt /a/b\n", 0],
  ["echo foo; exit 4; echo bar", "foo\n", 4],
  ["trap 'echo bye' EXIT; echo hi", "hi\nbye\n", 0],
  ["readonly r=1; r=2; echo $r", "sh: 1: r: is read only\n", 2],
  ["echo \"unterminated", "sh: 1: Syntax error: Unterminated quoted string\n", 2],
  ["echo $(( 1 + ))", "sh: 1: arithmetic expression: expecting primary: \" 1 + \"\n", 2],
  ["command -v echo; type cd; type nosuchcmd", "echo\ncd is a shell builtin\nnosuchcmd: not found\n", 127],
  ["eval 'echo from eval; x=7'; echo $x", "from eval\n7\n", 0],
  ["printf '%5s|%-5s|%03d\\n' a b 7\n", "    a|b    |007\n", 0],
];

/** A debian container's `sh -c` with no cluster: files in a map (none exist), HOME=/root. */
export function runIn(image: string, shell: ContainerSession['shell'], src: string): { out: string; code: number } {
  const files = new Map<string, string>();
  const s = {
    facts: imageFacts(image),
    vars: new Map([['HOME', '/root']]),
    exported: new Set(['HOME']),
    cwd: '/',
    tty: false,
    status: 0,
    shell,
    files: {
      read: (p: string) => files.get(p) ?? 'ENOENT',
      open: (p: string, append: boolean) => void files.set(p, append ? (files.get(p) ?? '') : ''),
      write: (p: string, t: string) => void files.set(p, (files.get(p) ?? '') + t),
    },
  } as unknown as ContainerSession;
  let out = '';
  const code = runScript(src, s, { stdin: '', piped: true, out: (t) => (out += t), err: (t) => (out += t) });
  return { out, code };
}

describe('the container shell matches dash', () => {
  for (const [src, out, code] of DASH) {
    it(src.split('\n')[0], () => {
      expect(runIn('debian', 'dash', src)).toEqual({ out, code });
    });
  }
});

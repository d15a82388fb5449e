// Expected texts are stock kubectl v1.32's (`create deployment x --image=nginx --dry-run=client -o go-template=...`).
import { describe, expect, it } from 'vitest';
import { printGoTemplate, templateFormatOf, TemplateFlagError } from '../template-printers.js';

const deploy = {
  kind: 'Deployment',
  apiVersion: 'apps/v1',
  metadata: { name: 'x', creationTimestamp: null, labels: { app: 'x' } },
  spec: {
    replicas: 3,
    selector: { matchLabels: { app: 'x' } },
    template: { metadata: { creationTimestamp: null, labels: { app: 'x' } }, spec: { containers: [{ name: 'nginx', image: 'nginx', resources: {} }] } },
    strategy: {},
  },
  status: {},
};

const run = (t: string, allowMissing = true) => printGoTemplate(t, deploy, { allowMissing, typed: true });

describe('go-template printer', () => {
  it('evaluates fields, ranges, variables, conditionals and functions as Go does', () => {
    expect(run('{{eq .spec.replicas 3}} {{.spec.replicas}} {{printf "%T %v %d" .spec.replicas .spec.replicas .spec.replicas}} {{len .spec.template.spec.containers}} {{printf "%T" (len .metadata)}}').out).toBe(
      'true 3 int64 3 3 1 int',
    );
    expect(run('{{range $i, $c := .spec.template.spec.containers}}{{$i}}={{$c.name}}{{end}} {{range $k, $v := .metadata.labels}}{{$k}}:{{$v}}{{end}}').out).toBe('0=nginx app:x');
    expect(run('{{ $x := 1 }}{{ $x = 2 }}{{ $x }}{{ with .foo }}y{{ else with .metadata }}{{ .name }}{{ end }}{{if and .metadata (not .foo)}}T{{else if .x}}U{{end}}').out).toBe('2xT');
    expect(run('{{ or .foo "dflt" }} {{ and 1 0 }} {{ print 1 2 "a" "b" 3 }} {{ println "a" }}{{ html "<a>" }} {{ js "a\'b" }} {{ urlquery "a b&" }} {{ slice "abcdef" 1 3 }} {{ base64decode "aGVsbG8=" }} {{ printf "%5.2f|%-4s|%03d|%x|%v" 3.14159 "ab" 7 255 .metadata.labels }}').out).toBe(
      "dflt 0 1 2ab3 a\n&lt;a&gt; a\\'b a+b%26 bc hello  3.14|ab  |007|ff|map[app:x]",
    );
    expect(run('{{ printf "%d" "s" }} {{ printf "%s" }} {{ printf "x" 1 }} {{ 1e6 }} {{ 1.5 }} {{ 0x10 }} {{ -3 }} {{ \'a\' }} {{ true }}').out).toBe('%!d(string=s) %!s(MISSING) x%!(EXTRA int=1) 1e+06 1.5 16 -3 97 true');
    expect(run('{{.metadata.creationTimestamp}} {{.metadata}} {{.foo}} {{.foo.bar}}').out).toBe('<no value> map[creationTimestamp:<nil> labels:map[app:x] name:x] <no value> <no value>');
    expect(run('{{ index . "kind" | printf "%s-%s" "k" }}{{ .kind | len }}{{- /* c */ -}} {{ (index .spec.template.spec.containers 0).name }}{{ range .nothing }}a{{ else }}empty{{ end }}{{ define "t" }}[{{ . }}]{{ end }}{{ template "t" .kind }}').out).toBe(
      'k-Deployment10nginxempty[Deployment]',
    );
    expect(run('{{ exists . "metadata" "name" }}{{ exists . "x" }}').out).toBe('truefalse');
  });

  it('reports execution errors with position and context, after the partial output and the debugging dump', () => {
    const r = run('{{.kind}} {{.metadata.name.foo}}');
    expect(r.error).toBe('error executing template "{{.kind}} {{.metadata.name.foo}}": template: output:1:21: executing "output" at <.metadata.name.foo>: can\'t evaluate field foo in type interface {}');
    expect(r.out.startsWith('Deployment Error executing template: template: output:1:21:')).toBe(true);
    expect(r.out).toContain('\traw data was:\n\t\t{"kind":"Deployment","apiVersion":"apps/v1","metadata":{"name":"x","creationTimestamp":null,');
    expect(r.out).toContain('\tobject given to template engine was:\n\t\tmap[apiVersion:apps/v1 kind:Deployment metadata:map[creationTimestamp:<nil> labels:map[app:x] name:x] spec:map[replicas:3 ');
    expect(run('{{.foo.bar}}', false).error).toContain('output:1:6: executing "output" at <.foo.bar>: map has no entry for key "foo"');
    expect(run('{{ index .spec.template.spec.containers 5 }}').error).toContain('at <index .spec.template.spec.containers 5>: error calling index: index out of range: 5');
    expect(run('{{ lt 1 "a" }}').error).toContain('error calling lt: incompatible types for comparison');
    expect(run('{{ len }}').error).toContain('at <len>: wrong number of args for len: want 1 got 0');
    expect(run('{{ printf 1 }}').error).toContain('output:1:10: executing "output" at <1>: expected string; found 1');
    expect(run('{{ with .metadata.name }}{{ .x }}{{ end }}').error).toContain("can't evaluate field x in type string");
    expect(run('{{ range .metadata.name }}{{ end }}').error).toContain('output:1:18: executing "output" at <.metadata.name>: range can\'t iterate over x');
    expect(run('{{ .metadata.creationTimestamp.x }}').error).toContain('nil pointer evaluating interface {}.x');
  });

  it('rejects templates that do not parse with Go text/template messages', () => {
    const parse = (t: string) => {
      try {
        templateFormatOf(`go-template=${t}`, '', '.', []);
        return '';
      } catch (e) {
        expect(e).toBeInstanceOf(TemplateFlagError);
        return (e as Error).message;
      }
    };
    expect(parse('{{.foo')).toBe('error parsing template {{.foo, template: output:1: unclosed action');
    expect(parse('{{upper "a"}}')).toBe('error parsing template {{upper "a"}}, template: output:1: function "upper" not defined');
    expect(parse('{{if .a}}')).toBe('error parsing template {{if .a}}, template: output:1: unexpected EOF');
    expect(parse('{{end}}')).toBe('error parsing template {{end}}, template: output:1: unexpected {{end}}');
    expect(parse('{{}}')).toContain('missing value for command');
    expect(parse('{{ $x }}')).toContain('undefined variable "$x"');
    expect(parse('{{ .a | "x" }}')).toContain('non executable command in pipeline stage 2');
    expect(parse('{{ break }}')).toContain('{{break}} outside {{range}}');
    expect(parse('{{ # }}')).toContain('unexpected "#" in command');
    expect(parse('{{ 1.2.3 }}')).toContain('unexpected ".3" in operand');
    expect(parse('{{ if .a }}{{ else }}{{ else }}{{ end }}')).toContain('expected end; found {{else}}');
    expect(parse('{{.a | }}')).toBe('');
  });

  it('takes --template alone as go-template and reports a missing template', () => {
    expect(templateFormatOf('', '{{.kind}}', '.', [])).toEqual({ kind: 'go-template', template: '{{.kind}}' });
    expect(() => templateFormatOf('go-template', '', '.', [])).toThrow('template format specified but no template given');
    expect(() => templateFormatOf('go-template={{.a}}', '{{.b}}', '.', ['json'])).toThrow('unable to match a printer suitable for the output format "go-template={{.a}}", allowed formats are: json');
  });
});

import { describe, expect, it } from 'vitest';
import { testCluster } from './testkit.js';
import { buildIngress, validateIngressOptions } from './create-ingress.js';
import { oracleKubectl } from './oracle.js';

const CASES: string[][] = [
  ['ing1', '--class=default', '--rule=foo.com/path*=svc:8080', '--rule=bar.com/admin*=svc2:http', '--rule=foo.com/=svc:https,tls', '--rule=foo.com/x=s:1,tls=sec1', '--rule=bar.com/y=s:2,tls=sec1', '--rule=/z=s:3,tls', '--default-backend=defsvc:http', '--annotation', 'b=2', '--annotation', 'a=1=3', '-o', 'yaml'],
  ['x'],
  ['x', '--default-backend=foo'],
  ['x', '--default-backend=foo:', '-o', 'yaml'],
  ['x', '--default-backend=:80', '-o', 'json'],
  ['x', '--rule=foo'],
  ['x', '--rule=foo.com/a=s:99999999999', '--rule=foo.com/b=s:0080', '--rule=/c=s:-5', '--rule=/d=s:-0', '-o', 'yaml'],
  ['x', '--rule=/=s:1', '--annotation', 'noeq'],
  ['a', 'b', '--rule=/=s:1'],
  ['--rule=/=s:1'],
  ['x', '--rule=/a=s:1,tls=', '--rule=a.com/x=s:80,tls=a,b', '--rule=a.com/y=s:80 x', '--rule=h/a=s:80,tls=x=y', '-o', 'yaml'],
  ['x', '--rule=*.foo.com/a*=s:1,tls=x', '-n', 'other', '-o', 'yaml'],
  ['x', '--class=c', '--default-backend=d:http', '--rule=a.com/x*=s:-5,tls=sec', '--rule=a.com/y=s:3000000000', '--annotation=k=v', '--save-config', '-n', 'ns1', '-o', 'yaml'],
  ['x', '--rule=a.com/x*=s:+5'],
  ['x', '--rule=a.com/x*=s:80'],
  ['x', '--rule=a.com/x*=s:80', '-o', 'name'],
  ['x', '--rule=a.com/x*=s:80', '--rule=b.com/=t:1,tls=a', '--rule=c.com/=t:1,tls=a', '--rule=b.com/q=t:1,tls=b', '--rule=/=t:1,tls=b', '-o', 'yaml'],
  ['x', '--rule=a_b.com/x*=s_1:p_2,tls=s_3', '-o', 'yaml'],
];

describe('create ingress matches kubectl 1.32 (client dry run)', () => {
  it.skipIf(!oracleKubectl).each(CASES)('%s %s %s', async (...argv: string[]) => {
    const full = ['create', 'ingress', ...argv, '--dry-run=client'];
    const expected = oracleKubectl!(full);
    const t = testCluster([], { registry: true });
    const r = await t.run(full);
    expect({ out: r.out, err: r.err, code: r.code }).toEqual(expected);
  });
});

describe('create ingress', () => {
  const opts = { name: 'x', ingressClass: '', annotations: [], defaultBackend: '' };
  it('groups paths by host and TLS hosts by secret, each host once', () => {
    const ing = buildIngress({ ...opts, rules: ['a.com/x*=s:80,tls=one', 'a.com/y=s:http,tls=two', 'b.com/=t:1,tls=one', '/z=u:2'] }) as any;
    expect(ing.spec.rules.map((r: any) => [r.host, r.http.paths.map((p: any) => `${p.path} ${p.pathType}`)])).toEqual([
      ['a.com', ['/x Prefix', '/y Exact']],
      ['b.com', ['/ Exact']],
      [undefined, ['/z Exact']],
    ]);
    expect(ing.spec.tls).toEqual([{ hosts: ['a.com', 'b.com'], secretName: 'one' }]);
    expect(ing.spec.rules[0].http.paths[1].backend).toEqual({ service: { name: 's', port: { name: 'http' } } });
    expect(Object.keys(ing)).toEqual(['kind', 'apiVersion', 'metadata', 'spec', 'status']);
  });
  it('a path holding "=" is kubectl\'s index-out-of-range panic (exit 2)', () => {
    expect(() => buildIngress({ ...opts, rules: ['/a=b=s:80'] })).toThrow('panic: runtime error: index out of range [1] with length 1');
  });
  it('refuses what Validate() refuses', () => {
    expect(() => validateIngressOptions({ ...opts, rules: ['x=s:1'] })).toThrow('rule x=s:1 is invalid');
    expect(() => validateIngressOptions({ ...opts, rules: [], defaultBackend: 'a:b:c' })).toThrow('default-backend should be in format servicename:serviceport');
  });
  it('through the API server: stored with an empty status, the DefaultIngressClass plugin fills the class', async () => {
    const t = testCluster([], { registry: true });
    expect((await t.run(['create', 'ingress', 'a', '--rule=/=s:80'])).out).toBe('ingress.networking.k8s.io/a created\n');
    await t.run(['create', '-f', '-'], {
      stdin: 'apiVersion: networking.k8s.io/v1\nkind: IngressClass\nmetadata:\n  name: def\n  annotations: {ingressclass.kubernetes.io/is-default-class: "true"}\nspec:\n  controller: example.com/x\n',
    });
    await t.run(['create', 'ingress', 'b', '--rule=/=s:80']);
    const r = await t.run(['get', 'ingress', '-o', 'custom-columns=N:.metadata.name,C:.spec.ingressClassName']);
    expect(r.out).toBe('N     C\na     <none>\nb     def\n');
    const again = await t.run(['create', 'ingress', 'a', '--rule=/=s:80']);
    expect([again.code, again.err]).toEqual([1, 'error: failed to create ingress: ingresses.networking.k8s.io "a" already exists\n']);
    const ic = await t.run(['get', 'ingressclass']);
    expect(ic.out).toBe('NAME   CONTROLLER      PARAMETERS   AGE\ndef    example.com/x   <none>       0s\n');
  });
});

import { describe, expect, it } from 'vitest';
import type { Container, Pod } from '../apiserver/types.js';
import { imageLayer } from './image-files.js';
import { FsError, type Layer } from './types.js';
import { ContainerFs, layerMount } from './vfs.js';
import { atomicLayout, containerMounts, downwardValue, volumeProblems, type FsSource } from './volumes.js';

function fsOver(lower: Layer, extra: Array<ReturnType<typeof layerMount>> = []): { fs: ContainerFs; top: Layer } {
  const top: Layer = {};
  return { fs: new ContainerFs([layerMount('/', top, [lower]), ...extra], () => 1000), top };
}

describe('ContainerFs', () => {
  it('reads the image, writes to the top layer and hides removed lower files', () => {
    const { fs, top } = fsOver(imageLayer('nginx:1.27'));
    expect(fs.read('/usr/share/nginx/html/index.html')).toContain('Welcome to nginx!');
    fs.write('/usr/share/nginx/html/index.html', 'hi\n');
    expect(fs.read('/usr/share/nginx/html/index.html')).toBe('hi\n');
    expect(top['/usr/share/nginx/html/index.html']).toMatchObject({ t: 'f', c: 'hi\n' });
    fs.remove('/usr/share/nginx/html/50x.html');
    expect(fs.readdir('/usr/share/nginx/html')).toEqual(['index.html']);
    expect(() => fs.read('/usr/share/nginx/html/50x.html')).toThrow(FsError);
    // the root filesystem's own mount at / is no entry of /
    expect(fs.readdir('/')).not.toContain('');
    expect(fs.readdir('/').slice(0, 3)).toEqual(['bin', 'boot', 'dev']);
  });

  it('follows symlinks (/etc/os-release -> ../usr/lib/os-release) and reports errno codes', () => {
    const { fs } = fsOver(imageLayer('nginx'));
    expect(fs.read('/etc/os-release')).toContain('bookworm');
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as FsError).code;
      }
      return 'ok';
    };
    expect(code(() => fs.read('/nope'))).toBe('ENOENT');
    expect(code(() => fs.read('/etc'))).toBe('EISDIR');
    expect(code(() => fs.write('/no/such/dir/f', 'x'))).toBe('ENOENT');
    expect(code(() => fs.write('/etc/passwd/x', 'x'))).toBe('ENOTDIR');
    expect(code(() => fs.mkdir('/etc'))).toBe('EEXIST');
    expect(code(() => fs.remove('/etc'))).toBe('EISDIR');
    fs.mkdir('/a/b/c', true);
    expect(fs.stat('/a/b')?.entry.t).toBe('d');
  });

  it('keeps read-only mounts read-only and shows mount points in their parent', () => {
    const ro = layerMount('/etc/conf', undefined, [{ '/': { t: 'd', m: 0o777, ts: 0 }, '/color': { t: 'f', c: 'blue', m: 0o644, ts: 0 } }], true);
    const { fs } = fsOver(imageLayer('busybox'), [ro]);
    expect(fs.read('/etc/conf/color')).toBe('blue');
    expect(fs.readdir('/etc')).toContain('conf');
    expect(() => fs.write('/etc/conf/x', '1')).toThrow(/EROFS/);
    expect(() => fs.remove('/etc/conf')).toThrow(/EROFS/);
  });
});

describe('atomic writer layout', () => {
  it('puts files under ..<timestamp>, links ..data to it and each name to ..data/<name>', () => {
    const L = atomicLayout([{ path: 'color', content: 'blue', mode: 0o644 }, { path: 'sub/deep', content: 'x', mode: 0o600 }], Date.UTC(2025, 0, 6, 10, 0, 5), 'seed', false);
    const ts = Object.keys(L).find((k) => k.startsWith('/..2025_01_06_10_00_05.'))!;
    expect(L['/..data']).toMatchObject({ t: 'l', to: ts.slice(1) });
    expect(L['/color']).toMatchObject({ t: 'l', to: '..data/color' });
    expect(L['/sub']).toMatchObject({ t: 'l', to: '..data/sub' });
    expect(L[`${ts}/sub/deep`]).toMatchObject({ t: 'f', c: 'x', m: 0o600 });
    const fs = new ContainerFs([layerMount('/', undefined, [imageLayer('busybox')]), layerMount('/v', undefined, [L], true)], () => 0);
    expect(fs.read('/v/color')).toBe('blue');
    expect(fs.read('/v/sub/deep')).toBe('x');
  });

  it('renders downward API labels as sorted k="v" lines', () => {
    const pod = { metadata: { name: 'p', labels: { b: '2', a: 'x"y' } }, spec: { containers: [] } } as unknown as Pod;
    expect(downwardValue(pod, 'metadata.labels')).toBe('a="x\\"y"\nb="2"');
    expect(downwardValue(pod, "metadata.labels['b']")).toBe('2');
  });
});

describe('pod volumes', () => {
  const objects: Record<string, unknown> = {
    'configmaps/default/cm': { data: { color: 'blue', size: 'L' } },
    'secrets/default/s': { data: { pass: Buffer.from('s3cr3t').toString('base64') } },
  };
  const src = (data: Record<string, unknown> = {}): FsSource => ({ data, get: (r, ns, n) => objects[`${r}/${ns ?? ''}/${n}`] as never, nowMs: 0 });
  const pod = (volumes: unknown[], mounts: unknown[]): { pod: Pod; c: Container } => {
    const c = { name: 'c', image: 'busybox', volumeMounts: mounts } as unknown as Container;
    return { pod: { metadata: { name: 'p', namespace: 'default', uid: 'u1' }, spec: { nodeName: 'n1', containers: [c], volumes } } as unknown as Pod, c };
  };

  it('mounts configMap items, secrets decoded, emptyDir shared and subPath files', () => {
    const { pod: p, c } = pod(
      [{ name: 'a', configMap: { name: 'cm', items: [{ key: 'color', path: 'c.txt' }] } }, { name: 'b', secret: { secretName: 's' } }, { name: 'e', emptyDir: {} }, { name: 'f', configMap: { name: 'cm' } }],
      [{ name: 'a', mountPath: '/a' }, { name: 'b', mountPath: '/b' }, { name: 'e', mountPath: '/e' }, { name: 'f', mountPath: '/etc/size', subPath: 'size' }],
    );
    const data: Record<string, unknown> = {};
    const fs = new ContainerFs(containerMounts(src(data), p, c), () => 5);
    expect(fs.readdir('/a')).toHaveLength(3);
    expect(fs.readdir('/a').slice(1)).toEqual(['..data', 'c.txt']);
    expect(fs.read('/a/c.txt')).toBe('blue');
    expect(fs.read('/b/pass')).toBe('s3cr3t');
    expect(fs.read('/etc/size')).toBe('L');
    fs.write('/e/x', 'shared');
    // another container of the pod sees the emptyDir's files
    const c2 = { name: 'd', image: 'busybox', volumeMounts: [{ name: 'e', mountPath: '/data' }] } as unknown as Container;
    const fs2 = new ContainerFs(containerMounts(src(data), { ...p, spec: { ...p.spec, containers: [c, c2] } } as Pod, c2), () => 5);
    expect(fs2.read('/data/x')).toBe('shared');
  });

  it('reports a missing ConfigMap, Secret or key as the kubelet does; optional sources mount empty', () => {
    const { pod: p } = pod(
      [{ name: 'a', configMap: { name: 'missing' } }, { name: 'b', secret: { secretName: 'gone' } }, { name: 'c', configMap: { name: 'cm', items: [{ key: 'nokey', path: 'x' }] } }, { name: 'd', configMap: { name: 'missing', optional: true } }],
      [],
    );
    expect(volumeProblems(src(), p)).toEqual([
      { volume: 'a', message: 'configmap "missing" not found' },
      { volume: 'b', message: 'secret "gone" not found' },
      { volume: 'c', message: 'configmap references non-existent config key: nokey' },
    ]);
  });

  it('throws the writable layer away when the container ID changes (a restart)', () => {
    const { pod: p, c } = pod([], []);
    const data: Record<string, unknown> = {};
    const withId = (id: string) => ({ ...p, status: { containerStatuses: [{ name: 'c', containerID: id }] } }) as unknown as Pod;
    new ContainerFs(containerMounts(src(data), withId('containerd://1'), c), () => 1).write('/tmp/f', 'x');
    expect(new ContainerFs(containerMounts(src(data), withId('containerd://1'), c), () => 1).read('/tmp/f')).toBe('x');
    expect(new ContainerFs(containerMounts(src(data), withId('containerd://2'), c), () => 1).stat('/tmp/f')).toBeUndefined();
  });
});

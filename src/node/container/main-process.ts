// A container's main process (PID 1): what kubectl attach joins and what ps lists first.

import type { Container } from '../../cluster/apiserver/types.js';
import { imageFacts } from './images.js';

/** The main process of a container: its command+args, or the image's default (busybox `sh`, nginx `nginx` ...). */
export function mainProcess(c: Container): string[] {
  if (c.command?.length) return [...c.command, ...(c.args ?? [])];
  if (c.args?.length) return [...c.args];
  const f = imageFacts(c.image ?? '');
  if (f.family === 'busybox') return ['sh'];
  if (f.family === 'alpine' || f.family === 'curl') return ['/bin/sh'];
  if (f.family === 'netshoot') return ['zsh'];
  if (f.env.some(([k]) => k === 'NGINX_VERSION')) return ['nginx', '-g', 'daemon off;'];
  if (f.env.some(([k]) => k === 'HTTPD_PREFIX')) return ['httpd-foreground'];
  return ['/bin/sh'];
}


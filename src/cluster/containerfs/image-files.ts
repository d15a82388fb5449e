// The files a simulated image ships, as a read-only lower layer: the root directories of its base (busybox,
// Alpine, Debian, Ubuntu or none for scratch images), /etc/passwd and /etc/group, /etc/os-release, and what the
// server images add (nginx's html and conf, httpd's htdocs). Only files whose real content is known are here; a
// path outside them does not exist, as in a minimal image.

import { HTTPD_INDEX, HTTPD_INDEX_MTIME } from '../network/images/httpd.js';
import { imageFamily, nginxImageVersion, parseImage } from '../network/images/index.js';
import { nginxIndex } from '../network/images/nginx.js';
import { sampleFiles } from '../network/images/samples.js';
import { dir, file, link, type Layer } from './types.js';

export type BaseOS = 'busybox' | 'alpine' | 'debian' | 'ubuntu' | 'scratch';

/** The base OS layer of an image. */
export function baseOS(image: string): BaseOS {
  const ref = parseImage(image);
  const last = ref.repo.split('/').pop() ?? '';
  const fam = imageFamily(image);
  if (last === 'busybox' || last === 'busyboxplus') return 'busybox';
  if (last === 'alpine' || last === 'netshoot' || ref.repo === 'curlimages/curl' || last === 'network-multitool') return 'alpine';
  if (last === 'ubuntu' || last === 'nginx-slim') return 'ubuntu';
  if (['whoami', 'jwilder-whoami', 'http-echo', 'hello-go-gke', 'hello-app', 'coredns', 'kube-proxy'].includes(fam) || last === 'pause' || last === 'coredns') return 'scratch';
  return 'debian';
}

/** Image build time (ms) used for the files' mtimes: the nginx 1.27.3 index.html mtime for all images. */
export const IMAGE_MTIME = 0x6745ef54 * 1000;

const ROOTS: Record<BaseOS, string[]> = {
  busybox: ['bin', 'dev', 'etc', 'home', 'lib', 'lib64', 'proc', 'root', 'sys', 'tmp', 'usr', 'var'],
  alpine: ['bin', 'dev', 'etc', 'home', 'lib', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  debian: ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  ubuntu: ['bin', 'boot', 'dev', 'etc', 'home', 'lib', 'lib64', 'media', 'mnt', 'opt', 'proc', 'root', 'run', 'sbin', 'srv', 'sys', 'tmp', 'usr', 'var'],
  scratch: ['dev', 'etc', 'proc', 'sys'],
};

const OS_RELEASE: Partial<Record<BaseOS, string>> = {
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.2\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  debian:
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu:
    'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n',
};

const PASSWD: Record<BaseOS, string> = {
  busybox:
    'root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/bin/false\nbin:x:2:2:bin:/bin:/bin/false\nsys:x:3:3:sys:/dev:/bin/false\nsync:x:4:100:sync:/bin:/bin/sync\nmail:x:8:8:mail:/var/spool/mail:/bin/false\nwww-data:x:33:33:www-data:/var/www:/bin/false\noperator:x:37:37:Operator:/var:/bin/false\nnobody:x:65534:65534:nobody:/home:/bin/false\n',
  alpine:
    'root:x:0:0:root:/root:/bin/sh\nbin:x:1:1:bin:/bin:/sbin/nologin\ndaemon:x:2:2:daemon:/sbin:/sbin/nologin\nlp:x:4:7:lp:/var/spool/lpd:/sbin/nologin\nsync:x:5:0:sync:/sbin:/bin/sync\nshutdown:x:6:0:shutdown:/sbin:/sbin/shutdown\nhalt:x:7:0:halt:/sbin:/sbin/halt\nmail:x:8:12:mail:/var/mail:/sbin/nologin\nnews:x:9:13:news:/usr/lib/news:/sbin/nologin\nuucp:x:10:14:uucp:/var/spool/uucppublic:/sbin/nologin\ncron:x:16:16:cron:/var/spool/cron:/sbin/nologin\nftp:x:21:21::/var/lib/ftp:/sbin/nologin\nsshd:x:22:22:sshd:/dev/null:/sbin/nologin\ngames:x:35:35:games:/usr/games:/sbin/nologin\nntp:x:123:123:NTP:/var/empty:/sbin/nologin\nguest:x:405:100:guest:/dev/null:/sbin/nologin\nnobody:x:65534:65534:nobody:/:/sbin/nologin\n',
  debian:
    'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\nbin:x:2:2:bin:/bin:/usr/sbin/nologin\nsys:x:3:3:sys:/dev:/usr/sbin/nologin\nsync:x:4:65534:sync:/bin:/bin/sync\ngames:x:5:60:games:/usr/games:/usr/sbin/nologin\nman:x:6:12:man:/var/cache/man:/usr/sbin/nologin\nlp:x:7:7:lp:/var/spool/lpd:/usr/sbin/nologin\nmail:x:8:8:mail:/var/mail:/usr/sbin/nologin\nnews:x:9:9:news:/var/spool/news:/usr/sbin/nologin\nuucp:x:10:10:uucp:/var/spool/uucp:/usr/sbin/nologin\nproxy:x:13:13:proxy:/bin:/usr/sbin/nologin\nwww-data:x:33:33:www-data:/var/www:/usr/sbin/nologin\nbackup:x:34:34:backup:/var/backups:/usr/sbin/nologin\nlist:x:38:38:Mailing List Manager:/var/list:/usr/sbin/nologin\nirc:x:39:39:ircd:/run/ircd:/usr/sbin/nologin\n_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nnobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n',
  ubuntu: '',
  scratch: '',
};
PASSWD.ubuntu = PASSWD.debian.replace('irc:x:39:39:ircd:/run/ircd', 'irc:x:39:39:ircd:/run/ircd').replace('_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\n', '_apt:x:42:65534::/nonexistent:/usr/sbin/nologin\nubuntu:x:1000:1000:Ubuntu:/home/ubuntu:/bin/bash\n');

const NGINX_DEFAULT_CONF = `server {
    listen       80;
    listen  [::]:80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}

`;

const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then please
<a href="mailto:webmaster@example.com">check the error log</a> for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

const cache = new Map<string, Layer>();

/** The image's files (keys are absolute paths inside the container; '/' is the root directory). */
export function imageLayer(image: string, tools: Iterable<string> = []): Layer {
  const key = `${image}\u0000${[...tools].join(',')}`;
  let layer = cache.get(key);
  if (!layer) cache.set(key, (layer = buildLayer(image, [...tools])));
  return layer;
}

function buildLayer(image: string, tools: string[]): Layer {
  const ts = IMAGE_MTIME;
  const os = baseOS(image);
  const L: Layer = { '/': dir(ts) };
  const mkdirs = (p: string, mode = 0o755): void => {
    let cur = '';
    for (const seg of p.split('/').filter(Boolean)) {
      cur += `/${seg}`;
      if (!L[cur]) L[cur] = dir(ts, mode);
    }
  };
  for (const d of ROOTS[os]) mkdirs(`/${d}`);
  if (L['/tmp']) L['/tmp'] = dir(ts, 0o1777);
  if (L['/root']) L['/root'] = dir(ts, 0o700);
  if (os === 'scratch') return L;
  mkdirs('/usr/bin');
  mkdirs('/usr/sbin');
  mkdirs('/var/log');
  if (os === 'busybox') {
    // busybox's applets are hard links to one binary in /bin
    for (const t of tools) if (/^[a-z][\w.-]*$/.test(t)) L[`/bin/${t}`] = { ...file('', ts, 0o755), sz: 1131168 };
  } else {
    const bin = os === 'alpine' ? '/bin' : '/usr/bin';
    for (const t of tools) if (/^[a-z][\w.-]*$/.test(t)) L[`${bin}/${t}`] = { ...file('', ts, 0o755), sz: 125640 };
  }
  L['/etc/passwd'] = file(PASSWD[os], ts);
  L['/etc/group'] = file(os === 'busybox' ? 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nwheel:x:10:root\nmail:x:12:\nwww-data:x:33:\nusers:x:100:\nnogroup:x:65534:\n' : 'root:x:0:\ndaemon:x:1:\nbin:x:2:\nsys:x:3:\nadm:x:4:\ntty:x:5:\ndisk:x:6:\nmail:x:8:\nwww-data:x:33:\nusers:x:100:\nnogroup:x:65534:\n', ts);
  const rel = OS_RELEASE[os];
  if (rel) {
    if (os === 'alpine') L['/etc/os-release'] = file(rel, ts);
    else {
      mkdirs('/usr/lib');
      L['/usr/lib/os-release'] = file(rel, ts);
      L['/etc/os-release'] = link('../usr/lib/os-release', ts);
    }
  }
  const fam = imageFamily(image);
  if (fam === 'nginx') {
    const version = nginxImageVersion(image);
    mkdirs('/usr/share/nginx/html');
    L['/usr/share/nginx/html/index.html'] = file(nginxIndex(version), ts);
    L['/usr/share/nginx/html/50x.html'] = file(NGINX_50X, ts);
    mkdirs('/etc/nginx/conf.d');
    L['/etc/nginx/nginx.conf'] = file(NGINX_CONF, ts);
    L['/etc/nginx/conf.d/default.conf'] = file(NGINX_DEFAULT_CONF, ts);
    mkdirs('/var/log/nginx');
    L['/var/log/nginx/access.log'] = link('/dev/stdout', ts);
    L['/var/log/nginx/error.log'] = link('/dev/stderr', ts);
    mkdirs('/docker-entrypoint.d');
    L['/etc/passwd'] = file(PASSWD[os] + 'nginx:x:101:101:nginx user:/nonexistent:/bin/false\n', ts);
  }
  const ref = parseImage(image);
  for (const [p, content] of Object.entries(sampleFiles(ref.registry, ref.repo, ref.tag))) {
    mkdirs(p.slice(0, p.lastIndexOf('/')) || '/');
    L[p] = file(content, ts);
  }
  if (fam === 'httpd') {
    mkdirs('/usr/local/apache2/htdocs');
    mkdirs('/usr/local/apache2/conf');
    mkdirs('/usr/local/apache2/logs');
    L['/usr/local/apache2/htdocs/index.html'] = file(HTTPD_INDEX, HTTPD_INDEX_MTIME);
  }
  return L;
}

// What a container image ships for commands run inside it (`kubectl exec`): its shells and their prompts, which
// tools exist and in which flavour (busybox applets, iproute2/iputils, curl version), its working directory and
// the ENV lines of its Dockerfile.

import { imageFamily, parseImage } from '../../cluster/network/images/index.js';
import { nginxVersion } from '../../cluster/network/images/nginx.js';

export type ToolFlavour = 'busybox' | 'gnu';

export interface ImageFacts {
  /** short family name for messages */
  family: 'busybox' | 'alpine' | 'netshoot' | 'curl' | 'debian' | 'scratch';
  /** the image's ENV in Dockerfile order (a PATH replaces the runtime default in place) */
  env: Array<[string, string]>;
  workdir: string;
  /** executables on PATH (by base name) */
  tools: Set<string>;
  /** busybox applets (nslookup/ping/ip/wget formats) or the GNU/Debian tools (bind nslookup, iputils, iproute2) */
  flavour: ToolFlavour;
  /** curl's version (User-Agent), when curl exists */
  curlVersion?: string;
  /** `sh` is busybox ash (prompt `/ # `) or dash (`# `) */
  sh: 'ash' | 'dash' | 'none';
  /** busybox 1.28 and older: the libc-resolver nslookup (`Address 1: IP NAME`, search path walked by getaddrinfo) */
  legacyNslookup?: boolean;
}

/** busybox before 1.29 had the old nslookup (1.29 rewrote it on its own resolver: `Address: IP:53`). */
function legacyBusybox(tag: string): boolean {
  const m = /^1\.(\d+)(?:[.-]|$)/.exec(tag);
  return !!m && Number(m[1]) <= 28;
}

export const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const BUSYBOX_APPLETS = [
  'sh', 'ash', 'cat', 'echo', 'env', 'printenv', 'hostname', 'ls', 'sleep', 'true', 'false', 'grep', 'head', 'tail', 'wc',
  'wget', 'nslookup', 'ping', 'ip', 'ifconfig', 'route', 'netstat', 'nc', 'telnet', 'traceroute', 'id', 'whoami', 'uname',
  'date', 'pwd', 'ps', 'sort', 'uniq', 'cut', 'tr', 'sed', 'awk', 'test', '[', 'which', 'mkdir', 'rm', 'touch', 'vi',
  'cp', 'mv', 'chmod', 'rmdir', 'ln', 'tar', 'seq', 'printf',
];
const DEBIAN_BASE = [
  'sh', 'bash', 'dash', 'cat', 'echo', 'env', 'printenv', 'hostname', 'ls', 'sleep', 'true', 'false', 'grep', 'head', 'tail',
  'wc', 'id', 'whoami', 'uname', 'date', 'pwd', 'sort', 'uniq', 'cut', 'tr', 'sed', 'test', '[', 'mkdir', 'rm', 'touch', 'apt-get', 'apt',
  'cp', 'mv', 'chmod', 'rmdir', 'ln', 'tar', 'seq', 'printf',
];

/** Facts for the image of a container. */
export function imageFacts(image: string): ImageFacts {
  const ref = parseImage(image);
  const last = ref.repo.split('/').pop() ?? '';
  const fam = imageFamily(image);
  if (last === 'busybox' || last === 'busyboxplus') {
    const facts: ImageFacts = { family: 'busybox', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set(BUSYBOX_APPLETS), flavour: 'busybox', sh: 'ash' };
    if (legacyBusybox(ref.tag)) facts.legacyNslookup = true;
    return facts;
  }
  if (last === 'alpine') {
    return { family: 'alpine', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set(BUSYBOX_APPLETS), flavour: 'busybox', sh: 'ash' };
  }
  if (last === 'curl' && ref.repo.startsWith('curlimages')) {
    const v = /^\d+\.\d+\.\d+$/.test(ref.tag) ? ref.tag : '8.11.1';
    return {
      family: 'curl',
      env: [['PATH', DEFAULT_PATH], ['CURL_CA_BUNDLE', '/cacert.pem'], ['CURL_VERSION', v]],
      workdir: '/home/curl_user',
      tools: new Set([...BUSYBOX_APPLETS, 'curl']),
      flavour: 'busybox',
      curlVersion: v,
      sh: 'ash',
    };
  }
  if (last === 'netshoot' || last === 'network-multitool' || last === 'dnsutils' || last === 'jessie-dnsutils' || last === 'dnstools') {
    return {
      family: 'netshoot',
      env: [['PATH', DEFAULT_PATH]],
      workdir: last === 'netshoot' ? '/root' : '/',
      tools: new Set([...BUSYBOX_APPLETS, 'bash', 'curl', 'dig', 'host', 'nslookup', 'ping', 'ip', 'wget', 'openssl']),
      flavour: 'gnu',
      curlVersion: '8.7.1',
      sh: 'ash',
    };
  }
  if (fam === 'nginx') {
    const v = nginxVersion(ref.tag);
    return {
      family: 'debian',
      env: [['PATH', DEFAULT_PATH], ['NGINX_VERSION', v], ['NJS_VERSION', '0.8.9'], ['NJS_RELEASE', '1~bookworm'], ['PKG_RELEASE', '1~bookworm'], ['DYNPKG_RELEASE', '1~bookworm']],
      workdir: '/',
      // ca-certificates (which the image installs) depends on the openssl command
      tools: new Set([...DEBIAN_BASE, 'curl', 'openssl']),
      flavour: 'gnu',
      curlVersion: '7.88.1',
      sh: 'dash',
    };
  }
  if (fam === 'httpd') {
    const v = /^2\.4\.\d+/.exec(ref.tag)?.[0] ?? '2.4.62';
    return {
      family: 'debian',
      env: [
        ['PATH', `/usr/local/apache2/bin:${DEFAULT_PATH}`],
        ['HTTPD_PREFIX', '/usr/local/apache2'],
        ['HTTPD_VERSION', v],
        ['HTTPD_SHA256', '674188e7bf44ced82da8db522da946849e22080d73d16c93f7f4df89e25729ec'],
        ['HTTPD_PATCHES', ''],
      ],
      workdir: '/usr/local/apache2',
      tools: new Set(DEBIAN_BASE),
      flavour: 'gnu',
      sh: 'dash',
    };
  }
  if (['whoami', 'jwilder-whoami', 'http-echo', 'hello-go-gke', 'hello-app'].includes(fam) || ref.repo.includes('coredns') || ref.repo.includes('pause')) {
    return { family: 'scratch', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set(), flavour: 'gnu', sh: 'none' };
  }
  if (last === 'kubernetes-bootcamp') {
    // node:6 on Debian jessie: bash and curl 7.38 (module 3 runs `cat server.js` and `curl localhost:8080` in it)
    return { family: 'debian', env: [['PATH', DEFAULT_PATH], ['NODE_VERSION', '6.3.1'], ['NPM_CONFIG_LOGLEVEL', 'info']], workdir: '/', tools: new Set([...DEBIAN_BASE, 'curl']), flavour: 'gnu', curlVersion: '7.38.0', sh: 'dash' };
  }
  if (last === 'agnhost') {
    // Alpine with bind-tools, curl and iproute2 (the e2e image's base)
    return { family: 'alpine', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set([...BUSYBOX_APPLETS, 'curl', 'dig', 'host', 'nslookup']), flavour: 'gnu', curlVersion: '8.5.0', sh: 'ash' };
  }
  if (last === 'ubuntu' || last === 'debian') {
    return { family: 'debian', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set(DEBIAN_BASE), flavour: 'gnu', sh: 'dash' };
  }
  // anything else: a Debian-like base with a shell and the usual utilities
  return { family: 'debian', env: [['PATH', DEFAULT_PATH]], workdir: '/', tools: new Set(DEBIAN_BASE), flavour: 'gnu', sh: 'dash' };
}

// klog's line format (`I0106 10:00:00.123456       1 file.go:66] msg`), used for Kubernetes components' logs and
// for kubectl's own warnings; times come from the cluster clock, the pid is always 1.

/** klog header: `I0106 10:00:00.123456       1 file.go:66] ` */
export function klogLine(level: 'I' | 'W' | 'E', ms: number, micros: number, where: string, msg: string): string {
  const d = new Date(ms);
  const p2 = (n: number) => String(n).padStart(2, '0');
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${String(micros).padStart(6, '0')}       1 ${where}] ${msg}`;
}

// Row functions of the server-side table printers (printers.go) for pods.

import { humanDuration, parseTimestamp } from './duration.js';
import { age } from './table-types.js';

// ------------------------------------------------------------------ pods

export function isRestartableInit(c: any): boolean {
  return c?.restartPolicy === 'Always';
}

export function laterOf(cur: number | null, ts: string | undefined): number | null {
  const t = parseTimestamp(ts);
  if (t === null) return cur;
  return cur === null || t > cur ? t : cur;
}

export function podRow(pod: any, now: Date): string[] {
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  let restarts = 0;
  let restartableInitRestarts = 0;
  let totalContainers = (spec.containers ?? []).length;
  let readyContainers = 0;
  let lastRestart: number | null = null;
  let lastRestartableInitRestart: number | null = null;

  const phase: string = status.phase ?? '';
  let reason: string = phase;
  if (status.reason) reason = status.reason;
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'PodScheduled' && cond.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = new Map<string, any>();
  for (const ic of spec.initContainers ?? []) {
    initSpecs.set(ic.name, ic);
    if (isRestartableInit(ic)) totalContainers++;
  }
  const nInit = (spec.initContainers ?? []).length;

  let initializing = false;
  const initStatuses: any[] = status.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = initStatuses[i];
    restarts += cs.restartCount ?? 0;
    const lastTerm = cs.lastState?.terminated;
    if (lastTerm) lastRestart = laterOf(lastRestart, lastTerm.finishedAt);
    const restartable = isRestartableInit(initSpecs.get(cs.name));
    if (restartable) {
      restartableInitRestarts += cs.restartCount ?? 0;
      if (lastTerm) lastRestartableInitRestart = laterOf(lastRestartableInitRestart, lastTerm.finishedAt);
    }
    const term = cs.state?.terminated;
    const wait = cs.state?.waiting;
    if (term && (term.exitCode ?? 0) === 0) continue;
    if (restartable && cs.started === true) {
      if (cs.ready) readyContainers++;
      continue;
    }
    if (term) {
      if (!term.reason) reason = term.signal ? `Init:Signal:${term.signal}` : `Init:ExitCode:${term.exitCode ?? 0}`;
      else reason = `Init:${term.reason}`;
    } else if (wait && wait.reason && wait.reason !== 'PodInitializing') {
      reason = `Init:${wait.reason}`;
    } else {
      reason = `Init:${i}/${nInit}`;
    }
    initializing = true;
    break;
  }

  const initializedTrue = (status.conditions ?? []).some((c: any) => c.type === 'Initialized' && c.status === 'True');
  if (!initializing || initializedTrue) {
    restarts = restartableInitRestarts;
    lastRestart = lastRestartableInitRestart;
    let hasRunning = false;
    const statuses: any[] = status.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = statuses[i];
      restarts += cs.restartCount ?? 0;
      const lastTerm = cs.lastState?.terminated;
      if (lastTerm) lastRestart = laterOf(lastRestart, lastTerm.finishedAt);
      const wait = cs.state?.waiting;
      const term = cs.state?.terminated;
      if (wait && wait.reason) reason = wait.reason;
      else if (term && term.reason) reason = term.reason;
      else if (term && !term.reason) reason = term.signal ? `Signal:${term.signal}` : `ExitCode:${term.exitCode ?? 0}`;
      else if (cs.ready && cs.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    if (reason === 'Completed' && hasRunning) {
      const ready = (status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      reason = ready ? 'Running' : 'NotReady';
    }
  }

  if (pod.metadata?.deletionTimestamp && status.reason === 'NodeLost') reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';

  let restartsStr = String(restarts);
  if (restarts !== 0 && lastRestart !== null) restartsStr = `${restarts} (${humanDuration(now.getTime() - lastRestart)} ago)`;

  const podIP = status.podIPs?.[0]?.ip || '<none>';
  const nodeName = spec.nodeName || '<none>';
  const nominated = status.nominatedNodeName || '<none>';
  let gates = '<none>';
  const rg: any[] = spec.readinessGates ?? [];
  if (rg.length > 0) {
    let t = 0;
    for (const g of rg) {
      const cond = (status.conditions ?? []).find((c: any) => c.type === g.conditionType);
      if (cond && cond.status === 'True') t++;
    }
    gates = `${t}/${rg.length}`;
  }
  return [pod.metadata.name, `${readyContainers}/${totalContainers}`, reason, restartsStr, age(pod, now), podIP, nodeName, nominated, gates];
}


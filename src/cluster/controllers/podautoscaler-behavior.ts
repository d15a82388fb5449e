// HPA behavior (horizontal.go normalizeDesiredReplicasWithBehaviors): recommendations kept over the stabilization
// windows (scale up 0 s, scale down 300 s by default), then the scaling policies (default: up by max(100%, 4 pods)
// per 15 s, down by 100% per 15 s) bound the change, then minReplicas/maxReplicas.

export interface Recommendation {
  at: number;
  replicas: number;
}

export interface ScaleEvent {
  at: number;
  delta: number;
}

interface Policy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

interface Rules {
  stabilizationWindowSeconds: number;
  selectPolicy: 'Max' | 'Min' | 'Disabled';
  policies: Policy[];
}

export interface Behavior {
  scaleUp: Rules;
  scaleDown: Rules;
}

/** autoscaling/v2 defaults (SetDefaults_HorizontalPodAutoscalerBehavior). */
export function behaviorOf(raw: any): Behavior {
  const up = raw?.scaleUp ?? {};
  const down = raw?.scaleDown ?? {};
  return {
    scaleUp: {
      stabilizationWindowSeconds: up.stabilizationWindowSeconds ?? 0,
      selectPolicy: up.selectPolicy ?? 'Max',
      policies: up.policies ?? [
        { type: 'Pods', value: 4, periodSeconds: 15 },
        { type: 'Percent', value: 100, periodSeconds: 15 },
      ],
    },
    scaleDown: {
      stabilizationWindowSeconds: down.stabilizationWindowSeconds ?? 300,
      selectPolicy: down.selectPolicy ?? 'Max',
      policies: down.policies ?? [{ type: 'Percent', value: 100, periodSeconds: 15 }],
    },
  };
}

function changeInPeriod(events: ScaleEvent[], now: number, periodSeconds: number): number {
  return events.filter((e) => e.at > now - periodSeconds * 1000).reduce((s, e) => s + e.delta, 0);
}

function scaleUpLimit(current: number, events: ScaleEvent[], now: number, rules: Rules): number {
  let result = rules.selectPolicy === 'Min' ? Infinity : -Infinity;
  for (const p of rules.policies) {
    const added = changeInPeriod(events, now, p.periodSeconds);
    const start = current - added;
    const proposed = p.type === 'Pods' ? start + p.value : Math.ceil(start * (1 + p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.min(result, proposed) : Math.max(result, proposed);
  }
  return result;
}

function scaleDownLimit(current: number, events: ScaleEvent[], now: number, rules: Rules): number {
  let result = rules.selectPolicy === 'Min' ? -Infinity : Infinity;
  for (const p of rules.policies) {
    const removed = changeInPeriod(events, now, p.periodSeconds);
    const start = current + removed;
    const proposed = p.type === 'Pods' ? start - p.value : Math.ceil(start * (1 - p.value / 100));
    result = rules.selectPolicy === 'Min' ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

/** The replica count to scale to, and the AbleToScale / ScalingLimited reasons that explain it. */
export function stabilize(
  st: { recs: Recommendation[]; ups: ScaleEvent[]; downs: ScaleEvent[] },
  now: number,
  current: number,
  desired: number,
  min: number,
  max: number,
  b: Behavior,
): { replicas: number; reason: string; limitedReason?: string } {
  const longest = Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds) * 1000;
  st.recs = st.recs.filter((r) => r.at > now - longest);
  st.ups = st.ups.filter((e) => e.at > now - 1800_000);
  st.downs = st.downs.filter((e) => e.at > now - 1800_000);
  let up = desired;
  let down = desired;
  for (const r of st.recs) {
    if (r.at > now - b.scaleUp.stabilizationWindowSeconds * 1000) up = Math.min(up, r.replicas);
    if (r.at > now - b.scaleDown.stabilizationWindowSeconds * 1000) down = Math.max(down, r.replicas);
  }
  st.recs.push({ at: now, replicas: desired });
  let rec = current;
  if (rec < up) rec = up;
  if (rec > down) rec = down;
  const reason = rec === desired ? 'ReadyForNewScale' : rec < desired ? 'ScaleUpStabilized' : 'ScaleDownStabilized';
  let replicas = rec;
  let limitedReason: string | undefined;
  if (rec > current) {
    if (b.scaleUp.selectPolicy === 'Disabled') replicas = current;
    else {
      const lim = scaleUpLimit(current, st.ups, now, b.scaleUp);
      if (replicas > lim) {
        replicas = lim;
        limitedReason = 'ScaleUpLimit';
      }
    }
    if (replicas > max) {
      replicas = max;
      limitedReason = 'TooManyReplicas';
    }
  } else if (rec < current) {
    if (b.scaleDown.selectPolicy === 'Disabled') replicas = current;
    else {
      const lim = scaleDownLimit(current, st.downs, now, b.scaleDown);
      if (replicas < lim) {
        replicas = lim;
        limitedReason = 'ScaleDownLimit';
      }
    }
    if (replicas < min) {
      replicas = min;
      limitedReason = 'TooFewReplicas';
    }
  }
  if (replicas > max) {
    replicas = max;
    limitedReason = 'TooManyReplicas';
  }
  if (replicas < min) {
    replicas = min;
    limitedReason = 'TooFewReplicas';
  }
  return { replicas, reason, limitedReason };
}

// Lower and upper bounds of every duration and timeout a scenario sets, and open-loop rates a phase can schedule.
import { formatDurationMs } from '../shared/units.js';
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';

type Path = (string | number)[];

/** A duration the scenario may set, with the range the engines and the run can honour. */
interface Bounded {
  path: Path;
  valueMs: number | undefined;
  minMs: number;
  maxMs: number;
  why?: string;
}

/** Upper bound of the open loop's rate (the open-loop engine refuses more: src/traffic/open-loop/spec.ts). */
export const maxOpenRatePerSec = 1_000_000;

/** Every bounded duration of the scenario, where it is set. */
function boundedDurations(s: Scenario): Bounded[] {
  const l = s.upstream.latency;
  const latency: Bounded[] = Object.entries(l)
    .filter(([key]) => key !== 'distribution' && key !== 'sigma' && key !== 'rate') // durations only (a knee's rate is a rate)
    .map(([key, value]) => ({ path: ['upstream', 'latency', key], valueMs: value as number, minMs: 0, maxMs: 10_000, why: 'the upstream holds each answer at most 10s' }));
  const slo: Bounded[] = (['p50', 'p99', 'p999'] as const).map((key) => ({ path: ['slo', key], valueMs: s.slo[key], minMs: 0.001, maxMs: 60_000 }));
  const phases: Bounded[] = s.phases.flatMap((p, i) =>
    p.attack === undefined ? [] : [
      { path: ['phases', i, 'attack', 'interval'], valueMs: p.attack.interval, minMs: 10, maxMs: 60_000 },
      { path: ['phases', i, 'attack', 'duration'], valueMs: p.attack.duration, minMs: 100, maxMs: 3_600_000 },
    ],
  );
  const probes: Bounded[] = s.probes === undefined ? [] : [
    { path: ['probes', 'responseTimeout'], valueMs: s.probes.responseTimeout, minMs: 100, maxMs: 30_000, why: 'shorter than a proxy takes to answer gives false HANG verdicts' },
    { path: ['probes', 'victimTimeout'], valueMs: s.probes.victimTimeout, minMs: 100, maxMs: 30_000 },
    { path: ['probes', 'settle'], valueMs: s.probes.settle, minMs: 10, maxMs: 5000 },
    { path: ['probes', 'bodyTimeout'], valueMs: s.probes.bodyTimeout, minMs: 100, maxMs: 30_000 },
    { path: ['probes', 'maxDuration'], valueMs: s.probes.maxDuration, minMs: 1000, maxMs: 7_200_000 },
  ];
  return [
    { path: ['requestTimeout'], valueMs: s.requestTimeout, minMs: 100, maxMs: 60_000, why: 'a request that takes longer is a failure, not a latency' },
    { path: ['quick', 'phaseDuration'], valueMs: s.quick.phaseDuration, minMs: 100, maxMs: 3_600_000 },
    { path: ['quick', 'warmupDuration'], valueMs: s.quick.warmupDuration, minMs: 100, maxMs: 3_600_000 },
    { path: ['generatorWarmup'], valueMs: s.generatorWarmup, minMs: 300, maxMs: 120_000, why: 'a generator warmed for less still sends late for its first phase' },
    { path: ['quick', 'generatorWarmup'], valueMs: s.quick.generatorWarmup, minMs: 300, maxMs: 120_000 },
    { path: ['validity', 'maxSendLagP99'], valueMs: s.validity.maxSendLagP99, minMs: 0.001, maxMs: 1000 },
    ...latency,
    ...slo,
    ...phases,
    ...probes,
  ];
}

const durationBounds = (s: Scenario): Problem[] =>
  boundedDurations(s).flatMap((b) =>
    b.valueMs === undefined || (b.valueMs >= b.minMs && b.valueMs <= b.maxMs)
      ? []
      : [{ path: b.path, message: `must be between ${formatDurationMs(b.minMs)} and ${formatDurationMs(b.maxMs)}${b.why ? ` (${b.why})` : ''}; got ${formatDurationMs(b.valueMs)}` }],
  );

/** The upstream's own latency must leave room for an answer before the request times out. */
const latencyWithinTimeout = (s: Scenario): Problem[] => {
  const l = s.upstream.latency;
  const least = l.distribution === 'fixed' ? ['value', l.value] : l.distribution === 'uniform' ? ['min', l.min] : l.distribution === 'lognormal' ? ['median', l.median] : l.distribution === 'exponential' ? ['mean', l.mean] : undefined;
  if (least === undefined || (least[1] as number) < s.requestTimeout) return [];
  return [{ path: ['upstream', 'latency', least[0] as string], message: `must be shorter than requestTimeout (${formatDurationMs(s.requestTimeout)}), or requests time out before the upstream answers` }];
};

/** An open-loop phase plans rate × duration requests: at least one, also in its --quick form, and at most the engine's rate. */
const schedulableRates = (s: Scenario): Problem[] =>
  s.phases.flatMap((p, i) => {
    if (p.traffic.loop !== 'open') return [];
    const rate = p.traffic.rate;
    const path = ['phases', i, 'traffic', 'rate'];
    if (rate > maxOpenRatePerSec) return [{ path, message: `must be at most ${maxOpenRatePerSec}/s (the open-loop engine's limit)` }];
    const quickMs = Math.min(p.duration, p.warmup ? s.quick.warmupDuration : s.quick.phaseDuration);
    for (const [label, ms] of [['duration', p.duration], ['--quick duration', quickMs]] as const) {
      if (ms >= 100 && (rate * ms) / 1000 < 1) { // a shorter duration has its own problem
        return [{ path, message: `${rate}/s sends no request within the phase's ${label} of ${formatDurationMs(ms)}; raise the rate to at least ${Math.ceil(1000 / ms)}/s or lengthen the phase` }];
      }
    }
    return [];
  });

export function boundsProblems(s: Scenario): Problem[] {
  return [...durationBounds(s), ...latencyWithinTimeout(s), ...schedulableRates(s)];
}

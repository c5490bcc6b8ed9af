// Pure figures from a resource series over a phase window: cores used, CPU per 1k requests, peak and steady RSS.
import type { ResourcePoint } from '../measure/resources/sampler.js';
import type { ResourceFigures } from '../record/run.js';

/** When the traffic itself ran (epoch ms): from its first request to the end of its schedule or its last response. */
export interface ActiveWindow {
  startedAtMs: number;
  endedAtMs: number;
}

/**
 * CPU, cores and RSS over a phase's series. CPU seconds (and per 1k requests) count the whole phase window: a phase's
 * connects and handshakes before its first request are its own cost. Cores are measured over `active`, the part of the
 * window the traffic ran in: a phase window also holds the generator's start-up (h2load's, a Swarm service's) and the
 * drain, and cores averaged over those read low (h2load's 3 s of traffic in a 6.7 s window: 0.05 cores for 0.12). Without
 * two samples inside `active` covering at least half of it, cores fall back to the whole window.
 */
export function resourceFigures(points: readonly ResourcePoint[], requests: number, active?: ActiveWindow): ResourceFigures | null {
  if (points.length < 2) return null;
  const cpuSeconds = cpuSecondsOver(points);
  const inside = active ? points.filter((p) => p.tMs >= active.startedAtMs && p.tMs <= active.endedAtMs) : [];
  const span = (series: readonly ResourcePoint[]) => (series[series.length - 1]!.tMs - series[0]!.tMs) / 1000;
  const coversActive = active !== undefined && inside.length >= 2 && span(inside) * 1000 >= 0.5 * (active.endedAtMs - active.startedAtMs);
  const [coreSeconds, seconds] = coversActive ? [cpuSecondsOver(inside), span(inside)] : [cpuSeconds, span(points)];
  const secondHalf = points.slice(Math.floor(points.length / 2)).map((p) => p.rssBytes).sort((a, b) => a - b);
  return {
    cpuCores: seconds > 0 ? round(coreSeconds / seconds, 3) : 0,
    cpuSeconds: round(cpuSeconds, 3),
    cpuSecondsPer1kRequests: requests > 0 ? round((cpuSeconds / requests) * 1000, 5) : null,
    rssPeakBytes: Math.max(...points.map((p) => p.rssBytes)),
    rssSteadyBytes: secondHalf[Math.floor(secondHalf.length / 2)]!,
    threadsMax: Math.max(...points.map((p) => p.threads)),
    samples: points.length,
  };
}

/** Summed over consecutive points, so a restarted process (its cumulative CPU starts again) is not a negative step. */
function cpuSecondsOver(points: readonly ResourcePoint[]): number {
  let cpuSeconds = 0;
  for (let i = 1; i < points.length; i++) cpuSeconds += Math.max(0, points[i]!.cpuSeconds - points[i - 1]!.cpuSeconds);
  return cpuSeconds;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

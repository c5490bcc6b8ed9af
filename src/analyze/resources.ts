// Pure figures from a resource series over a phase window: cores used, CPU per 1k requests, peak and steady RSS.
import type { ResourcePoint } from '../measure/resources/sampler.js';
import type { ResourceFigures } from '../record/run.js';

export function resourceFigures(points: readonly ResourcePoint[], requests: number): ResourceFigures | null {
  if (points.length < 2) return null;
  const first = points[0]!;
  const last = points[points.length - 1]!;
  const seconds = (last.tMs - first.tMs) / 1000;
  // Summed over consecutive points, so a restarted process (its cumulative CPU starts again) is not a negative step.
  let cpuSeconds = 0;
  for (let i = 1; i < points.length; i++) cpuSeconds += Math.max(0, points[i]!.cpuSeconds - points[i - 1]!.cpuSeconds);
  const secondHalf = points.slice(Math.floor(points.length / 2)).map((p) => p.rssBytes).sort((a, b) => a - b);
  return {
    cpuCores: seconds > 0 ? round(cpuSeconds / seconds, 3) : 0,
    cpuSeconds: round(cpuSeconds, 3),
    cpuSecondsPer1kRequests: requests > 0 ? round((cpuSeconds / requests) * 1000, 5) : null,
    rssPeakBytes: Math.max(...points.map((p) => p.rssBytes)),
    rssSteadyBytes: secondHalf[Math.floor(secondHalf.length / 2)]!,
    threadsMax: Math.max(...points.map((p) => p.threads)),
    samples: points.length,
  };
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

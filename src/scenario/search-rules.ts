// Rules for rate-search phases that the schema cannot express: an SLO with a percentile, a range that can be scheduled and measured, steps that settle.
import type { Problem } from './problem.js';
import type { SearchTraffic } from './search-schema.js';
import type { Scenario } from './schema.js';

/** The open-loop engine refuses higher rates (openLoopLimits in traffic/open-loop/spec.ts, a layer above). */
export const maxSchedulableRatePerSec = 1_000_000;
/** Upper bound on requests one search step may plan (as for an open-loop phase). */
const maxPlannedRequestsPerStep = 50_000_000;
/** A step must measure at least this long after its settle window. */
export const minMeasuredMs = 1000;
/** Responses a step needs, at its lowest rate, for its highest percentile to rest on more than one response. */
const responsesForPercentile = { p50: 10, p99: 100, p999: 1000 } as const;

function searchChecks(t: SearchTraffic, durationMs: number, warmup: boolean): Problem[] {
  const problems: Problem[] = [];
  const at = (...path: (string | number)[]) => ['traffic', ...path];
  if (warmup) problems.push({ path: ['warmup'], message: 'a rate search is a measurement and cannot be a warm-up; remove warmup: true' });
  const percentiles = (['p50', 'p99', 'p999'] as const).filter((p) => t.slo[p] !== undefined);
  if (percentiles.length === 0) problems.push({ path: at('slo'), message: 'needs a latency percentile to search against: add p99 (e.g. p99: 10ms), p999 or p50' });
  for (const p of percentiles) if (t.slo[p]! <= 0) problems.push({ path: at('slo', p), message: 'must be above 0' });
  if (t.to <= t.from) problems.push({ path: at('to'), message: `the search range is empty: to (${t.to}/s) must be above from (${t.from}/s)` });
  if (t.to > maxSchedulableRatePerSec) {
    problems.push({ path: at('to'), message: `the generator cannot schedule more than ${maxSchedulableRatePerSec}/s; lower to` });
  }
  if ((t.to * durationMs) / 1000 > maxPlannedRequestsPerStep) {
    problems.push({ path: at('to'), message: `to × the phase duration plans more than ${maxPlannedRequestsPerStep} requests a step; lower to or the duration` });
  }
  if (t.settle % 1000 !== 0) problems.push({ path: at('settle'), message: 'must be whole seconds (the per-second intervals are what is kept or left out), e.g. 1s or 2s' });
  const measuredMs = durationMs - t.settle;
  if (measuredMs < minMeasuredMs) {
    problems.push({ path: ['duration'], message: `a step is too short to settle: each step lasts the phase duration (${durationMs} ms), of which settle takes ${t.settle} ms; make it at least ${t.settle + minMeasuredMs} ms` });
  } else {
    const top = percentiles.at(-1);
    const needed = top ? responsesForPercentile[top] : 0;
    const lowest = Math.floor((t.from * measuredMs) / 1000);
    if (lowest < needed) {
      problems.push({ path: at('from'), message: `the lowest step measures only ${lowest} responses, too few for ${top === 'p999' ? 'p99.9' : top} (needs ${needed}): raise from or the phase duration` });
    }
  }
  const bracketSteps = t.to > t.from ? Math.ceil(Math.log2(t.to / t.from)) + 1 : 1;
  if (bracketSteps > t.maxSteps) {
    problems.push({ path: at('maxSteps'), message: `doubling from ${t.from}/s reaches to (${t.to}/s) only after ${bracketSteps} steps: raise maxSteps to at least ${bracketSteps + 3} or narrow from…to` });
  }
  return problems;
}

/** Every rate-search phase's problems, with paths from the scenario root. */
export function searchProblems(s: Scenario): Problem[] {
  return s.phases.flatMap((p, i) => (p.traffic.loop === 'search' ? searchChecks(p.traffic, p.duration, p.warmup).map((q) => ({ ...q, path: ['phases', i, ...q.path] })) : []));
}

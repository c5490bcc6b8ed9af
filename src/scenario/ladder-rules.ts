// Rules for connection-ladder phases that the schema cannot express; each returns problems as { path, message }.
import type { Problem } from './problem.js';
import type { LadderTraffic } from './ladder-schema.js';
import type { Scenario } from './schema.js';

/** Bodies above this are refused by the proxies (their 1 MiB request body limit) and by the upstream's sized route. */
export const maxLadderBodyBytes = 1024 * 1024;
/** An active ladder's top step ÷ interval: the request rate it asks for. */
export const maxActiveRatePerSec = 10_000;

type LadderProblems = (traffic: LadderTraffic, warmup: boolean) => Problem[];

const ladderChecks: LadderProblems = (t, warmup) => {
  const problems: Problem[] = [];
  const at = (...path: (string | number)[]) => ['traffic', ...path];
  if (warmup) problems.push({ path: ['warmup'], message: 'a connection ladder is a measurement and cannot be a warm-up; remove warmup: true' });
  t.steps.forEach((step, i) => {
    if (i > 0 && step <= t.steps[i - 1]!) {
      problems.push({ path: at('steps', i), message: `steps must increase: ${step} comes after ${t.steps[i - 1]}` });
    }
  });
  if (t.interval !== undefined && t.kind !== 'active') {
    problems.push({ path: at('interval'), message: `only kind: active sends requests while holding; remove interval or use kind: active` });
  }
  if (t.kind === 'active') {
    const intervalMs = t.interval ?? 1000;
    if (intervalMs < 100 || intervalMs > 60_000) problems.push({ path: at('interval'), message: 'must be between 100ms and 60s' });
    const rate = (Math.max(...t.steps) / intervalMs) * 1000;
    if (rate > maxActiveRatePerSec) {
      problems.push({ path: at('steps'), message: `the top step sends ${Math.round(rate)} requests/s (step ÷ interval); keep it at most ${maxActiveRatePerSec}/s: fewer connections or a longer interval` });
    }
  }
  for (const key of ['requestBody', 'responseBody'] as const) {
    const bytes = t[key];
    if (bytes !== undefined && bytes > maxLadderBodyBytes) problems.push({ path: at(key), message: 'must be at most 1MiB (the proxies’ body limit)' });
  }
  const s = t.settle;
  if (s.interval < 10 || s.interval > 10_000) problems.push({ path: at('settle', 'interval'), message: 'must be between 10ms and 10s' });
  if (s.maxWait < s.interval * s.window) {
    problems.push({ path: at('settle', 'maxWait'), message: `must be at least interval × window (${s.interval * s.window} ms), or the window can never fill` });
  }
  if (s.maxWait > 120_000) problems.push({ path: at('settle', 'maxWait'), message: 'must be at most 2m' });
  return problems;
};

/** Every ladder phase's problems, with paths from the scenario root. */
export function ladderProblems(s: Scenario): Problem[] {
  return s.phases.flatMap((p, i) => (p.traffic.loop === 'ladder' ? ladderChecks(p.traffic, p.warmup).map((q) => ({ ...q, path: ['phases', i, ...q.path] })) : []));
}

// The rate search against scripted targets with a known knee (no clock, no sockets): bracket, bisect, generator-bound, never met.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { judgeStep, nextRate, searchResult, type JudgedStep, type SearchPlan, type StepFigures } from './rate-search.js';

const slo = { p99Us: 10_000, p999Us: 50_000, errorRatePct: 0.1 };
const plan: SearchPlan = { fromPerSec: 1000, toPerSec: 64_000, maxSteps: 12, resolutionPct: 5 };

/** A target whose p99 is 1 ms up to `kneePerSec` and grows past it (beyond the 10 ms SLO from the first rate above). */
const knee = (kneePerSec: number) => (rate: number): StepFigures => {
  const p99Us = rate <= kneePerSec ? 1000 : 10_001 * (rate / kneePerSec) ** 4;
  return { p50Us: 300, p99Us, p999Us: p99Us * 2, errorRatePct: 0, saturated: false };
};

/** Runs the search loop against a scripted target; `invalidAbove` makes the generator fall behind past that rate. */
function search(target: (rate: number) => StepFigures, options: { plan?: SearchPlan; invalidAbove?: number } = {}) {
  const p = options.plan ?? plan;
  const steps: JudgedStep[] = [];
  for (let rate = nextRate(p, steps); rate !== null; rate = nextRate(p, steps)) {
    const lagging = options.invalidAbove !== undefined && rate > options.invalidAbove;
    const j = judgeStep(lagging ? null : target(rate), slo, lagging ? ['generator fell behind its schedule'] : []);
    steps.push({ ratePerSec: rate, outcome: j.outcome, cause: j.cause });
  }
  return { steps, result: searchResult(p, steps) };
}

test('a knee anywhere in the range is found within one search step (the bracket is within the resolution)', () => {
  for (const k of [1000, 1234, 3000, 7777, 12_500, 40_000, 63_000]) {
    const { steps, result } = search(knee(k));
    assert.equal(result.status, 'found', `knee ${k}: ${result.text}`);
    assert.ok(result.rateAtSloPerSec! <= k && k < result.beyondPerSec!, `knee ${k} in [${result.rateAtSloPerSec}, ${result.beyondPerSec})`);
    assert.ok(result.resolved, `knee ${k}: bracket ${result.rateAtSloPerSec}–${result.beyondPerSec}`);
    assert.ok((result.beyondPerSec! - result.rateAtSloPerSec!) / result.rateAtSloPerSec! <= 0.05);
    assert.ok(steps.length <= plan.maxSteps);
    assert.equal(result.boundedBy, 'slo');
  }
});

test('the first steps double from `from`, then the search bisects', () => {
  const { steps } = search(knee(5000));
  assert.deepEqual(steps.slice(0, 4).map((s) => s.ratePerSec), [1000, 2000, 4000, 8000]);
  assert.equal(steps[4]!.ratePerSec, 6000);
});

test('a search that never meets the SLO says so, not 0', () => {
  const { steps, result } = search(knee(500));
  assert.equal(steps.length, 1);
  assert.equal(result.status, 'never-met');
  assert.equal(result.rateAtSloPerSec, null);
  assert.equal(result.text, 'SLO not met at the lowest step (1000/s)');
});

test('a generator that falls behind below the knee gives "≥ X/s (generator-bound)", never the generator’s rate as the proxy’s', () => {
  const { steps, result } = search(knee(50_000), { invalidAbove: 9000 });
  assert.equal(result.status, 'generator-bound');
  assert.equal(result.boundedBy, 'generator');
  assert.ok(result.rateAtSloPerSec! <= 9000);
  assert.match(result.text, /^≥ \d+\/s \(generator-bound: it fell behind at \d+\/s\)$/);
  const invalid = steps.filter((s) => s.outcome === 'invalid');
  assert.ok(invalid.length >= 2 && invalid.every((s) => s.ratePerSec > 9000), 'every invalid step was retried once, none counted');
});

test('an invalid step is retried once at the same rate and, when valid then, counts', () => {
  const steps: JudgedStep[] = [{ ratePerSec: 1000, outcome: 'within', cause: null }, { ratePerSec: 2000, outcome: 'invalid', cause: null }];
  assert.equal(nextRate(plan, steps), 2000);
  steps.push({ ratePerSec: 2000, outcome: 'within', cause: null });
  assert.equal(nextRate(plan, steps), 4000);
});

test('the SLO holding at `to` is the search’s ceiling; errors bound the figure when they broke the SLO', () => {
  assert.equal(search(knee(1e9)).result.text, '≥ 64000/s (the search\'s ceiling, to: 64000/s)');
  const erroring = (rate: number): StepFigures => ({ ...knee(1e9)(rate), errorRatePct: rate > 3000 ? 1 : 0 });
  const { result } = search(erroring);
  assert.equal(result.boundedBy, 'errors');
  assert.ok(result.rateAtSloPerSec! <= 3000 && result.beyondPerSec! > 3000);
});

test('a step is judged on errors, then each percentile the SLO names, then saturation', () => {
  const ok: StepFigures = { p50Us: 200, p99Us: 9000, p999Us: 20_000, errorRatePct: 0, saturated: false };
  assert.equal(judgeStep(ok, slo, []).outcome, 'within');
  assert.deepEqual(judgeStep({ ...ok, p999Us: 60_000 }, slo, []), { outcome: 'beyond', cause: 'latency', reason: 'p99.9 60.00 ms > 50.00 ms' });
  assert.equal(judgeStep({ ...ok, errorRatePct: 0.2 }, slo, []).cause, 'errors');
  assert.equal(judgeStep({ ...ok, saturated: true }, slo, []).cause, 'saturated');
  assert.equal(judgeStep({ ...ok, p999Us: 60_000 }, { p99Us: 10_000, errorRatePct: 0.1 }, []).outcome, 'within', 'p99.9 is not in that SLO');
  assert.equal(judgeStep(ok, slo, ['generator fell behind']).outcome, 'invalid');
});

test('the search is bounded in steps', () => {
  const { steps } = search(knee(12_345), { plan: { ...plan, maxSteps: 4 } });
  assert.equal(steps.length, 4);
});

// Finds the highest rate a trial passes at: a geometric ladder up to the first failure, then bisection.

export interface LadderOptions {
  startPerSec: number;
  /** Each ladder step multiplies the rate by this. */
  growth: number;
  /** Most ladder steps (up or down). */
  maxSteps: number;
  bisectSteps: number;
}

export interface TrialOutcome {
  passed: boolean;
  /** Achieved / target rate. */
  achievedShare: number;
  detail: string;
}

export interface LadderResult {
  bestPerSec: number | undefined;
  trials: Array<TrialOutcome & { ratePerSec: number }>;
}

export async function findMaxRate(trial: (ratePerSec: number) => Promise<TrialOutcome>, options: LadderOptions): Promise<LadderResult> {
  const trials: LadderResult['trials'] = [];
  const attempt = async (rate: number) => {
    const outcome = await trial(rate);
    trials.push({ ratePerSec: rate, ...outcome });
    return outcome.passed;
  };
  let pass: number | undefined;
  let fail: number | undefined;
  let rate = Math.round(options.startPerSec);
  const firstPassed = await attempt(rate);
  if (firstPassed) pass = rate;
  else fail = rate;
  for (let step = 1; step < options.maxSteps; step++) {
    if (firstPassed && fail === undefined) {
      rate = Math.round(rate * options.growth);
      if (await attempt(rate)) pass = rate;
      else fail = rate;
    } else if (!firstPassed && pass === undefined) {
      rate = Math.max(1, Math.round(rate / options.growth));
      if (await attempt(rate)) pass = rate;
      else fail = rate;
    } else break;
  }
  for (let step = 0; step < options.bisectSteps && pass !== undefined && fail !== undefined && fail - pass > 1; step++) {
    const mid = Math.round((pass + fail) / 2);
    if (await attempt(mid)) pass = mid;
    else fail = mid;
  }
  return { bestPerSec: pass, trials };
}

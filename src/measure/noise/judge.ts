// Pure: whether the machine's noise on the generator's CPUs lets a run meet its validity limits, said in words.
import type { GapSummary } from './spin-gaps.js';

export interface CpuNoise extends GapSummary {
  cpu: number;
  /** Busy share of the CPU while nothing of the run ran on it (other processes' load); null when /proc/stat lacks it. */
  othersBusyShare: number | null;
  /** The processes that used the most of it meanwhile, with their share of one core. */
  busiest: { pid: number; comm: string; share: number }[];
}

export interface NoiseLimits {
  /** validity.maxSendLagP99, µs: the open loop's scheduler-lag rule. */
  limitUs: number;
  /** The share of requests that may be late by more than the limit before a phase is invalid (the rule is a p99: 1%). */
  lateShareLimit: number;
  /** Other processes' busy share of a generator CPU above which a warning is given (1 − validity.maxGeneratorBusy). */
  othersShareLimit: number;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function noiseWarnings(cpus: readonly CpuNoise[], limits: NoiseLimits): string[] {
  return cpus.flatMap((c) => {
    const out: string[] = [];
    if (c.lateShare > limits.lateShareLimit) {
      out.push(
        `generator CPU ${c.cpu}: the spin check was not running ${pct(c.stalledShare)} of the time (${c.gaps} gaps, longest ${(c.maxGapUs / 1000).toFixed(2)} ms), ` +
          `so ≈${pct(c.lateShare)} of open-loop requests would be noticed due more than ${limits.limitUs / 1000} ms late — over the ${pct(limits.lateShareLimit)} the validity rule allows: ` +
          'expect invalid open-loop phases (and retries)',
      );
    }
    if (c.othersBusyShare !== null && c.othersBusyShare > limits.othersShareLimit) {
      const who = c.busiest.slice(0, 3).map((b) => `${b.comm} (pid ${b.pid}, ${pct(b.share)})`).join(', ');
      out.push(`generator CPU ${c.cpu}: other processes kept it ${pct(c.othersBusyShare)} busy before the run${who ? `: ${who}` : ''}; the generator shares its core with them`);
    }
    return out;
  });
}

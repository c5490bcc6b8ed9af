// The measured steps of the generator benchmark: (a) closed-loop rates, (b) open-loop ceiling, (c) latency accuracy.
import { decodeHistogram, summarizeEncoded, summarizeLatency, type LatencySummaryUs } from '../../src/measure/histogram.js';
import type { LoadGeneratorProcess } from '../../src/traffic/generator.js';
import type { OpenLoopSpec, TrafficResult } from '../../src/traffic/types.js';
import { runAutocannonCli, runWrk } from './external-tools.js';
import { findMaxRate, type LadderResult } from './ladder.js';
import { startNoiseMeter } from './noise.js';
import { fmtRate, fmtUs, median } from './table.js';
import type { UpstreamProcess } from './upstream-process.js';

export interface BenchConfig {
  generatorCpu: string;
  upstreamCpu: string;
  connections: number;
  closedDurationSec: number;
  repeats: number;
  ladderDurationMs: number;
  accuracyDurationMs: number;
  /** Unrecorded run before the ladder and before each accuracy run. */
  warmupMs: number;
  bodyBytes: number;
  injectedUs: number;
  maxConnections: number;
  timeoutMs: number;
  /** A ladder step passes when achieved >= this share of the target ... */
  minAchievedShare: number;
  /**
   * ... and the scheduler lag p99 is at most this: how late the generator noticed its requests were due, the figure
   * the run's validity rule judges (src/analyze/validity.ts) and issue 13 sets the target by. The send lag adds the
   * wait for a free connection, which a stalled target causes; it is shown beside it.
   */
  maxSchedulerLagP99Us: number;
}

export interface ClosedLoopRates {
  ours: number[];
  autocannonCli: number[];
  wrk: number[];
  /** CPU cores other processes on the machine used meanwhile. */
  foreignCores: number;
}

/** "other CPU 0.42 cores": how much of the machine someone else used during a measurement. */
export function fmtForeign(cores: number): string {
  return `other CPU ${cores.toFixed(2)} cores${cores > 0.1 ? ' (NOISY)' : ''}`;
}

const errorCount = (r: TrafficResult) => Object.values(r.errors).reduce((a, b) => a + b, 0);

/** (a) Same connections and duration for the three tools, interleaved round by round to spread drift evenly. */
export async function measureClosedLoop(cfg: BenchConfig, generator: LoadGeneratorProcess, port: number, upstreamPid: number): Promise<ClosedLoopRates> {
  const rates: ClosedLoopRates = { ours: [], autocannonCli: [], wrk: [], foreignCores: 0 };
  const meter = startNoiseMeter([generator.pid, upstreamPid]);
  const tool = { connections: cfg.connections, durationSec: cfg.closedDurationSec, cpus: cfg.generatorCpu, url: `http://127.0.0.1:${port}/` };
  const runs: Array<() => Promise<void>> = [
    async () => {
      const ours = await generator.run({
        kind: 'closed', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' },
        connections: cfg.connections, durationMs: cfg.closedDurationSec * 1000, timeoutMs: cfg.timeoutMs,
      });
      rates.ours.push(ours.achievedRatePerSec);
    },
    async () => { rates.autocannonCli.push(await runAutocannonCli(tool)); },
    async () => { rates.wrk.push(await runWrk(tool)); },
  ];
  // The order rotates each round so that no tool always runs first (or right after another).
  for (let round = 0; round < cfg.repeats; round++) {
    for (let k = 0; k < runs.length; k++) await runs[(round + k) % runs.length]!();
  }
  rates.foreignCores = meter.stop().foreignCores;
  return rates;
}

export function openSpec(cfg: BenchConfig, port: number, ratePerSec: number, durationMs: number): OpenLoopSpec {
  return {
    kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' },
    ratePerSec, maxConnections: cfg.maxConnections, durationMs, timeoutMs: cfg.timeoutMs,
  };
}

/** An unrecorded open-loop run: JIT-compiles the engine (and a fresh upstream) so a cold start is not measured. */
export async function warmUp(cfg: BenchConfig, generator: LoadGeneratorProcess, port: number, ratePerSec: number): Promise<void> {
  await generator.run(openSpec(cfg, port, ratePerSec, cfg.warmupMs));
}

/** (b) Highest open-loop rate with >= 99% achieved, a small scheduler-lag p99 and no errors; each step's send-lag p99 too. */
export async function findOpenLoopCeiling(
  cfg: BenchConfig, generator: LoadGeneratorProcess, upstream: UpstreamProcess, wrkMaxPerSec: number,
): Promise<LadderResult & { sendLagP99UsByRate: Map<number, number> }> {
  const sendLagP99UsByRate = new Map<number, number>();
  const ladder = await findMaxRate(async (rate) => {
    const meter = startNoiseMeter([generator.pid, upstream.pid]);
    const r = await generator.run(openSpec(cfg, upstream.port, rate, cfg.ladderDurationMs));
    const foreign = meter.stop().foreignCores;
    const share = r.achievedRatePerSec / rate;
    const schedulerLag = summarizeEncoded(r.schedulerLagUs!);
    const sendLag = summarizeEncoded(r.sendLagUs!);
    sendLagP99UsByRate.set(rate, sendLag.p99Us);
    const corrected = summarizeEncoded(r.latencyUs);
    const errors = errorCount(r);
    const passed = share >= cfg.minAchievedShare && schedulerLag.p99Us <= cfg.maxSchedulerLagP99Us && errors === 0;
    const detail = [
      `achieved ${fmtRate(r.achievedRatePerSec)} (${(share * 100).toFixed(1)}%)`,
      `scheduler-lag p99 ${fmtUs(schedulerLag.p99Us)}`, `send-lag p99 ${fmtUs(sendLag.p99Us)}`, `p99 ${fmtUs(corrected.p99Us)}`,
      `unsent ${r.unsent}`, `errors ${errors}`, `busy ${((r.generatorBusyFraction ?? 0) * 100).toFixed(0)}%`, fmtForeign(foreign),
    ].join(', ');
    return { passed, achievedShare: share, detail };
  }, { startPerSec: 0.8 * wrkMaxPerSec, growth: 1.15, maxSteps: 5, bisectSteps: 3 });
  return { ...ladder, sendLagP99UsByRate };
}

export interface AccuracyRun {
  corrected: LatencySummaryUs;
  uncorrected: LatencySummaryUs;
  sendLag: LatencySummaryUs;
  /** What the upstream itself says it applied (write − request complete). */
  applied: LatencySummaryUs;
  requests: number;
  upstreamRequests: number;
  errors: number;
  foreignCores: number;
}

/** (c) One open-loop run at `ratePerSec` with the upstream's own stats reset before and read after. */
export async function accuracyRun(cfg: BenchConfig, generator: LoadGeneratorProcess, upstream: UpstreamProcess, ratePerSec: number): Promise<AccuracyRun> {
  await warmUp(cfg, generator, upstream.port, ratePerSec);
  await upstream.resetStats();
  const meter = startNoiseMeter([generator.pid, upstream.pid]);
  const r = await generator.run(openSpec(cfg, upstream.port, ratePerSec, cfg.accuracyDurationMs));
  const foreignCores = meter.stop().foreignCores;
  const stats = await upstream.stats();
  return {
    corrected: summarizeEncoded(r.latencyUs),
    uncorrected: summarizeEncoded(r.uncorrectedLatencyUs!),
    sendLag: summarizeEncoded(r.sendLagUs!),
    applied: summarizeLatency(decodeHistogram(stats.appliedDelayUs)),
    requests: r.requests,
    upstreamRequests: stats.requests,
    errors: errorCount(r),
    foreignCores,
  };
}

export function medians(rates: Pick<ClosedLoopRates, 'ours' | 'autocannonCli' | 'wrk'>): { ours: number; autocannonCli: number; wrk: number } {
  return { ours: median(rates.ours), autocannonCli: median(rates.autocannonCli), wrk: median(rates.wrk) };
}

// Benchmark: N generator workers on N cores against one worker's clean open-loop rate (the scaling of issue 13).
import { cpus } from 'node:os';
import { summarizeEncoded } from '../src/measure/histogram.js';
import { startGeneratorPool, type GeneratorPool } from '../src/traffic/generator-pool.js';
import type { OpenLoopSpec, TrafficResult } from '../src/traffic/types.js';
import { findMaxRate } from './lib/ladder.js';
import { startNoiseMeter } from './lib/noise.js';
import { fmtRate, fmtUs, renderTable } from './lib/table.js';
import { startUpstreamProcess } from './lib/upstream-process.js';

const cores = cpus().length;
const config = { stepMs: 3000, warmupMs: 3000, maxConnections: 256, timeoutMs: 2000, minAchievedShare: 0.99, maxSchedulerLagP99Us: 1000, startPerSec: 10_000 };
/** The whole bench is bounded: past this it exits non-zero whatever it is doing. */
const benchLimitMs = 6 * 60_000;

function spec(port: number, ratePerSec: number, durationMs: number): OpenLoopSpec {
  return { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec, maxConnections: config.maxConnections, durationMs, timeoutMs: config.timeoutMs };
}

/** A clean step: every worker achieved ≥ 99% of its share with scheduler-lag p99 ≤ 1 ms, and no errors. */
function judge(r: TrafficResult, rate: number): { passed: boolean; detail: string; cpuUsPerRequest: number } {
  const workers = r.workers ?? [r];
  const lags = workers.map((w) => summarizeEncoded(w.schedulerLagUs!).p99Us);
  const shares = workers.map((w) => w.achievedRatePerSec / (w.targetRatePerSec ?? rate));
  const errors = Object.values(r.errors).reduce((a, b) => a + b, 0);
  const busy = workers.map((w) => w.generatorBusyFraction ?? 0);
  const passed = shares.every((s) => s >= config.minAchievedShare) && lags.every((l) => l <= config.maxSchedulerLagP99Us) && errors === 0;
  // CPU per request from each worker's busy time (sending and reading), the figure that sets one core's capacity.
  const cpuUsPerRequest = workers.reduce((n, w, k) => n + (busy[k]! * 1e6) / Math.max(1, w.achievedRatePerSec), 0) / workers.length;
  const detail = `achieved ${fmtRate(r.achievedRatePerSec)} (worst worker ${(Math.min(...shares) * 100).toFixed(1)}%), scheduler-lag p99 worst ${fmtUs(Math.max(...lags))}, ` +
    `p99 ${fmtUs(summarizeEncoded(r.latencyUs).p99Us)}, errors ${errors}, busy ${busy.map((b) => `${(b * 100).toFixed(0)}%`).join('/')}`;
  return { passed, detail, cpuUsPerRequest };
}

async function ceiling(pool: GeneratorPool, port: number, pids: number[]): Promise<{ best: number; rows: string[][]; cpuUs: number[] }> {
  // Two unrecorded 3 s phases at the ladder's first rate (as bench/generator.ts): with one short warm-up the first step
  // measured the JIT (scheduler-lag p99 1.9 ms at 10k/s, then every lower step passed and the ladder never climbed).
  for (let i = 0; i < 2; i++) await pool.run(spec(port, config.startPerSec, config.warmupMs));
  const cpuUs: number[] = [];
  const ladder = await findMaxRate(async (rate) => {
    const meter = startNoiseMeter(pids);
    const r = await pool.run(spec(port, rate, config.stepMs));
    const foreign = meter.stop().foreignCores;
    const j = judge(r, rate);
    if (j.passed) cpuUs.push(j.cpuUsPerRequest);
    return { passed: j.passed, achievedShare: r.achievedRatePerSec / rate, detail: `${j.detail}, other processes ${foreign.toFixed(2)} cores` };
  }, { startPerSec: config.startPerSec, growth: 1.4, maxSteps: 8, bisectSteps: 3 });
  return { best: ladder.bestPerSec ?? 0, rows: ladder.trials.map((t) => [fmtRate(t.ratePerSec), t.passed ? 'pass' : 'fail', t.detail]), cpuUs };
}

async function main(): Promise<void> {
  const watchdog = setTimeout(() => { console.error(`bench exceeded ${benchLimitMs / 1000} s: aborting`); process.exit(2); }, benchLimitMs);
  watchdog.unref();
  const upstreamCpu = String(cores - 1);
  const upstream = await startUpstreamProcess({ cpus: upstreamCpu, bodyBytes: 128, latency: { distribution: 'none' } });
  console.log(`${cores} cores; upstream on CPU ${upstreamCpu} (with ${cores} workers it shares its core with the last one: on a machine this small the ` +
    'scaling figure is a floor, not the generator\'s own limit). Steps of ' + `${config.stepMs / 1000} s; clean = every worker ≥ 99% of its share, scheduler-lag p99 ≤ 1 ms, no errors.`);
  const results: { n: number; best: number; cpuUs: number[] }[] = [];
  try {
    for (const n of [...new Set([1, cores])]) {
      const pool = await startGeneratorPool(Array.from({ length: n }, (_, k) => String(k)));
      try {
        const r = await ceiling(pool, upstream.port, [...pool.pids, upstream.pid]);
        console.log(`\n${n} worker(s) on CPU ${Array.from({ length: n }, (_, k) => k).join(', ')}: highest clean rate ${fmtRate(r.best)}`);
        console.log(renderTable(['target', 'step', 'measured'], r.rows));
        results.push({ n, ...r });
      } finally {
        await pool.stop();
      }
    }
  } finally {
    await upstream.stop();
  }
  const one = results.find((r) => r.n === 1)!;
  for (const r of results.filter((x) => x.n > 1)) {
    console.log(`\n${r.n} workers: ${fmtRate(r.best)} = ${(r.best / Math.max(1, one.best)).toFixed(2)} × one worker's ${fmtRate(one.best)} (target ≥ ${(0.9 * r.n).toFixed(1)}×)`);
  }
  const cpuUs = [...one.cpuUs].sort((a, b) => a - b)[Math.floor(one.cpuUs.length / 2)];
  if (cpuUs !== undefined) {
    console.log(`model: one worker spends ≈ ${cpuUs.toFixed(1)} µs of its core per request at clean rates (median over clean steps), so a core ` +
      `drives at most ≈ ${fmtRate(1e6 / cpuUs)}; N workers on N free cores (target elsewhere) ≈ N × that, less what the kernel's loopback and the NIC take.`);
  }
  clearTimeout(watchdog);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

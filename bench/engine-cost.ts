// CPU per response of the HTTP/1.1 open-loop engine on one core (in process, CPU 0; upstream CPU 1), saturated: min of many short runs.
import { execa } from 'execa';
import { loadavg } from 'node:os';
import { runOpenLoop } from '../src/traffic/open-loop/engine.js';
import { summarizeEncoded } from '../src/measure/histogram.js';
import type { OpenLoopSpec } from '../src/traffic/types.js';
import { startNoiseMeter } from './lib/noise.js';
import { fmtForeign } from './lib/steps.js';
import { fmtRate, median, renderTable } from './lib/table.js';
import { startUpstreamProcess } from './lib/upstream-process.js';

/**
 * Saturated: far more offered than one core sends, so the engine never waits for a due time: its process CPU time
 * per response is its whole per-request cost, syscalls included. On a shared machine a run is only ever made slower
 * (descheduled, or spinning while the upstream on the other core is descheduled), so the cheapest of many short runs
 * is the engine's own cost; the quartile and median show how noisy the machine was.
 */
const offeredPerSec = Number(process.env.BENCH_OFFERED_RATE ?? 150_000);
const connections = 64;
const runMs = 700;
const runs = Number(process.env.BENCH_RUNS ?? 15);

interface Run {
  achievedPerSec: number;
  cpuUsPerResponse: number;
  userUsPerResponse: number;
  schedulerLagP99Us: number;
  foreignCores: number;
}

async function saturatedRun(port: number, upstreamPid: number, durationMs: number): Promise<Run> {
  const spec: OpenLoopSpec = { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: offeredPerSec, maxConnections: connections, durationMs, timeoutMs: 2000 };
  const meter = startNoiseMeter([upstreamPid]);
  const before = process.cpuUsage();
  const r = await runOpenLoop(spec);
  const cpu = process.cpuUsage(before);
  const n = Math.max(1, r.requests);
  return { achievedPerSec: r.achievedRatePerSec, cpuUsPerResponse: (cpu.user + cpu.system) / n, userUsPerResponse: cpu.user / n, schedulerLagP99Us: summarizeEncoded(r.schedulerLagUs!).p99Us, foreignCores: meter.stop().foreignCores };
}

const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * (values.length - 1))]!;

async function main(): Promise<void> {
  await execa('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
  const upstream = await startUpstreamProcess({ cpus: '1', bodyBytes: 128, latency: { distribution: 'none' } });
  try {
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await saturatedRun(upstream.port, upstream.pid, 2000); // JIT warm-up, not counted
    const all: Run[] = [];
    for (let i = 0; i < runs; i++) all.push(await saturatedRun(upstream.port, upstream.pid, runMs));
    const cpu = all.map((r) => r.cpuUsPerResponse);
    const cheapest = all[cpu.indexOf(Math.min(...cpu))]!;
    console.log(`saturated: ${fmtRate(offeredPerSec)} offered over ${connections} connections, ${runs} runs of ${runMs} ms on CPU 0 (upstream on CPU 1)`);
    console.log(renderTable(['CPU µs per response', 'min', 'p25', 'median', 'the cheapest run'], [[
      'process (user + system)', Math.min(...cpu).toFixed(2), quantile(cpu, 0.25).toFixed(2), median(cpu).toFixed(2),
      `${fmtRate(cheapest.achievedPerSec)}, user ${cheapest.userUsPerResponse.toFixed(2)} µs, scheduler-lag p99 ${cheapest.schedulerLagP99Us} µs, ${fmtForeign(cheapest.foreignCores)}`,
    ]]));
    console.log(`each run: ${cpu.map((c) => c.toFixed(1)).join(' ')}`);
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await upstream.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

// CPU per request of the HTTP/1.1 open-loop engine on one core (in process, CPU 0; upstream CPU 1): saturated and at a fixed rate.
import { execa } from 'execa';
import { loadavg } from 'node:os';
import { runOpenLoop } from '../src/traffic/open-loop/engine.js';
import { summarizeEncoded } from '../src/measure/histogram.js';
import type { OpenLoopSpec, TrafficResult } from '../src/traffic/types.js';
import { startNoiseMeter } from './lib/noise.js';
import { fmtForeign } from './lib/steps.js';
import { fmtRate, fmtUs, median, renderTable } from './lib/table.js';
import { startUpstreamProcess } from './lib/upstream-process.js';

/**
 * Saturated: a rate far above what one core sends, so the process never spins: its CPU time per response is the
 * engine's whole per-request cost (syscalls included). Fixed: a rate it keeps, where the process spins between sends
 * (100% CPU whatever the cost); there the figure is its busy time (JS work) per response.
 */
const saturatedPerSec = Number(process.env.BENCH_SATURATED_RATE ?? 150_000);
const fixedPerSec = Number(process.env.BENCH_FIXED_RATE ?? 40_000);
const durationMs = 4000;
const repeats = Number(process.env.BENCH_REPEATS ?? 3);

interface Cost {
  achievedPerSec: number;
  cpuUsPerRequest: number;
  userUsPerRequest: number;
  busyUsPerRequest: number;
  sendLagP99Us: number;
  foreignCores: number;
}

async function measure(port: number, upstreamPid: number, ratePerSec: number, maxConnections: number): Promise<Cost> {
  const spec: OpenLoopSpec = { kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec, maxConnections, durationMs, timeoutMs: 2000 };
  const meter = startNoiseMeter([upstreamPid]);
  const before = process.cpuUsage();
  const r: TrafficResult = await runOpenLoop(spec);
  const cpu = process.cpuUsage(before);
  const foreignCores = meter.stop().foreignCores;
  const n = Math.max(1, r.requests);
  return {
    achievedPerSec: r.achievedRatePerSec,
    cpuUsPerRequest: (cpu.user + cpu.system) / n,
    userUsPerRequest: cpu.user / n,
    busyUsPerRequest: ((r.generatorBusyFraction ?? 0) * durationMs * 1000) / n,
    sendLagP99Us: summarizeEncoded(r.sendLagUs!).p99Us,
    foreignCores,
  };
}

function row(name: string, runs: Cost[]): string[] {
  const m = (f: (c: Cost) => number) => median(runs.map(f));
  return [name, fmtRate(m((c) => c.achievedPerSec)), m((c) => c.cpuUsPerRequest).toFixed(2), m((c) => c.userUsPerRequest).toFixed(2),
    m((c) => c.busyUsPerRequest).toFixed(2), fmtUs(m((c) => c.sendLagP99Us)), runs.map((c) => c.cpuUsPerRequest.toFixed(2)).join(' '), fmtForeign(m((c) => c.foreignCores))];
}

async function main(): Promise<void> {
  await execa('taskset', ['-a', '-p', '-c', '0', String(process.pid)]);
  const upstream = await startUpstreamProcess({ cpus: '1', bodyBytes: 128, latency: { distribution: 'none' } });
  try {
    console.log(`load average before: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    await measure(upstream.port, upstream.pid, fixedPerSec, 256); // JIT warm-up, not counted
    const saturated: Cost[] = [];
    const fixed: Cost[] = [];
    for (let i = 0; i < repeats; i++) {
      saturated.push(await measure(upstream.port, upstream.pid, saturatedPerSec, 64));
      fixed.push(await measure(upstream.port, upstream.pid, fixedPerSec, 256));
    }
    console.log(renderTable(['run (median of ' + repeats + ')', 'achieved', 'CPU µs/req', 'user µs/req', 'busy µs/req', 'send-lag p99', 'CPU µs/req each', 'noise'], [
      row(`saturated ${fmtRate(saturatedPerSec)}, 64 conns`, saturated),
      row(`fixed ${fmtRate(fixedPerSec)}, ≤256 conns`, fixed),
    ]));
    console.log(`load average after: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    await upstream.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

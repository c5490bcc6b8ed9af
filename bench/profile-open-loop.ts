// Profiles the open-loop engine's hot path: one in-process run against our upstream under the V8 CPU profiler.
import { Session } from 'node:inspector/promises';
import { runOpenLoop } from '../src/traffic/open-loop/engine.js';
import { selfTimeByFunction } from './lib/profile.js';
import { fmtRate, fmtUs, renderTable } from './lib/table.js';
import { startUpstreamProcess } from './lib/upstream-process.js';
import { summarizeEncoded } from '../src/measure/histogram.js';

const ratePerSec = Number(process.argv[2] ?? 10_000);
const durationMs = 5000;

async function main(): Promise<void> {
  const upstream = await startUpstreamProcess({ cpus: '1', bodyBytes: 128, latency: { distribution: 'none' } });
  const spec = { kind: 'open' as const, target: { host: '127.0.0.1', port: upstream.port }, request: { method: 'GET' as const, path: '/' }, ratePerSec, maxConnections: 256, durationMs, timeoutMs: 2000 };
  const session = new Session();
  session.connect();
  try {
    await runOpenLoop({ ...spec, durationMs: 2000 }); // JIT warm-up, not profiled
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 100 });
    await session.post('Profiler.start');
    const cpuBefore = process.cpuUsage();
    const r = await runOpenLoop(spec);
    const cpu = process.cpuUsage(cpuBefore);
    const { profile } = await session.post('Profiler.stop');
    const cpuUsPerRequest = (cpu.user + cpu.system) / Math.max(1, r.requests);
    console.log(`${fmtRate(ratePerSec)} for ${durationMs / 1000} s on CPU 0: achieved ${fmtRate(r.achievedRatePerSec)}, scheduler-lag p99 ${fmtUs(summarizeEncoded(r.schedulerLagUs!).p99Us)}, ` +
      `process CPU ${cpuUsPerRequest.toFixed(1)} µs per request (user ${(cpu.user / Math.max(1, r.requests)).toFixed(1)}, system ${(cpu.system / Math.max(1, r.requests)).toFixed(1)}), busy ${((r.generatorBusyFraction ?? 0) * 100).toFixed(0)}%`);
    const rows = selfTimeByFunction(profile as never, 18).map((f) => [f.name, f.where, `${f.sharePct.toFixed(1)}%`, `${(f.sharePct / 100 * cpuUsPerRequest).toFixed(2)} µs`]);
    console.log(renderTable(['function (self time)', 'where', 'share of samples', '≈ per request'], rows));
  } finally {
    session.disconnect();
    await upstream.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});

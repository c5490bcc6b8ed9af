// Benchmark: the /proc sampler's own CPU use while it watches three process trees every 100 ms.
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startSampler } from '../src/measure/resources/sampler.js';
import { procTreeSource } from '../src/measure/resources/source.js';

const defaultDurationMs = Number(process.env.BENCH_SAMPLER_MS ?? 10_000);
const intervalMs = 100;

async function cpuOver(ms: number, work?: () => () => void): Promise<number> {
  const stop = work?.();
  const before = process.cpuUsage();
  await sleep(ms);
  const used = process.cpuUsage(before);
  stop?.();
  return (used.user + used.system) / 1000 / ms; // fraction of one core
}

/** Measures and prints section (d): the sampler's CPU cost watching three process trees. */
export async function benchSampler(durationMs: number): Promise<void> {
  // Three trees like a real run: a proxy with worker children, the upstream, the generator.
  const trees = [0, 1, 2].map(() =>
    spawn('sh', ['-c', 'sleep 60 & sleep 60 & sleep 60 & wait'], { stdio: 'ignore', detached: true }),
  );
  await sleep(200);
  const idle = await cpuOver(durationMs);
  const t0 = performance.now();
  const sampling = await cpuOver(durationMs, () => {
    const sampler = startSampler(intervalMs, { nowMs: () => performance.now() - t0 });
    trees.forEach((child, i) => sampler.watch(`tree${i}`, procTreeSource(child.pid!)));
    return () => sampler.stop();
  });
  for (const child of trees) process.kill(-child.pid!, 'SIGKILL');
  const costPct = (sampling - idle) * 100;
  console.log('## (d) sampler CPU');
  console.log(`| trees | interval | idle process | sampling | sampler cost | target |`);
  console.log(`|---|---|---|---|---|---|`);
  console.log(`| 3 × 4 processes | ${intervalMs} ms | ${(idle * 100).toFixed(3)}% | ${(sampling * 100).toFixed(3)}% | ${costPct.toFixed(3)}% of a core | < 1% → ${costPct < 1 ? 'met' : `MISSED by ${(costPct - 1).toFixed(2)} points`} |`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSampler(defaultDurationMs);

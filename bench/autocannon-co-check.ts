// Checks autocannon's -R (overallRate) coordinated-omission correction against responses we time ourselves.
import autocannon from 'autocannon';
import { createLatencyHistogram, summarizeLatency } from '../src/measure/histogram.js';
import { startFixtureServer } from '../src/traffic/testing/fixture-servers.js';

/*
 * lib/run.js records `latencies.recordValueWithExpectedInterval(responseTime, Math.ceil(1 / rate))` where `rate` is the
 * per-connection requests/second and the histogram is in ms. The expected interval should be 1000 / rate ms;
 * Math.ceil(1 / rate) is 1 ms for any rate >= 1, so every response slower than 2 ms gets phantom samples at
 * L-1, L-2, ... 1 ms although no request was held back. This run measures it: one connection, 100/s, 5 ms server.
 */
export interface CoCheck {
  responses: number;
  autocannonSamples: number;
  autocannonP50Ms: number;
  ourP50Us: number;
  /** Share of gaps between consecutive responses under 8 ms: a constant 100/s would give none (gap 10 ms). */
  burstyGapShare: number;
}

export async function checkAutocannonRateCorrection(durationSec = 3): Promise<CoCheck> {
  const server = await startFixtureServer({ delayMs: 5 });
  const ours = createLatencyHistogram();
  const completions: number[] = [];
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon(
        { url: `http://127.0.0.1:${server.port}/`, connections: 1, overallRate: 100, duration: durationSec },
        (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)),
      );
      instance.on('response', (_client, _status, _bytes, responseTimeMs) => {
        ours.recordValue(Math.round(responseTimeMs * 1000));
        completions.push(performance.now());
      });
    });
    const gaps = completions.slice(1).map((t, i) => t - completions[i]!);
    return {
      responses: ours.totalCount,
      autocannonSamples: (result.latency as { totalCount?: number }).totalCount ?? 0,
      autocannonP50Ms: result.latency.p50,
      ourP50Us: summarizeLatency(ours).p50Us,
      burstyGapShare: gaps.length > 0 ? gaps.filter((g) => g < 8).length / gaps.length : 0,
    };
  } finally {
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = await checkAutocannonRateCorrection();
  console.log(JSON.stringify(check, null, 2));
}

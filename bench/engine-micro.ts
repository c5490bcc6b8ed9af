// Micro-benchmarks of the open-loop engine's per-response pieces (parse, histogram records, clock), ns each: min of many short trials.
import { createLatencyHistogram } from '../src/measure/histogram.js';
import { systemClock } from '../src/shared/clock.js';
import { ResponseParser } from '../src/traffic/open-loop/response-parser.js';
import { renderTable } from './lib/table.js';

/**
 * The minimum over many short trials: on a shared machine a trial is only ever slowed down (preempted, caches
 * flushed), so the fastest one is the cost of the code itself. `fn` runs `n` times per trial and returns a checksum.
 */
function minNsPerCall(fn: (n: number) => number, n = 20_000, trials = 200): number {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let t = 0; t < trials; t++) {
    const startMs = performance.now();
    sink += fn(n);
    best = Math.min(best, ((performance.now() - startMs) * 1e6) / n);
  }
  if (Number.isNaN(sink)) throw new Error('unreachable: keeps the work alive');
  return best;
}

/** The bench upstream's response (128-byte body), parsed in place from a shared read buffer as the engine does. */
function parseResponse(n: number): number {
  const response = Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: 128\r\nConnection: keep-alive\r\n\r\n${'x'.repeat(128)}`, 'latin1');
  const readBuffer = Buffer.alloc(64 * 1024);
  response.copy(readBuffer);
  const parser = new ResponseParser();
  let complete = 0;
  for (let i = 0; i < n; i++) {
    if (parser.feed(readBuffer, response.length).kind === 'complete') complete += 1;
    parser.reset();
  }
  if (complete !== n) throw new Error('the response did not parse');
  return complete;
}

/** One latency record, values spread over 20 µs – 3 ms. */
function recordLatency(n: number): number {
  const histogram = createLatencyHistogram();
  for (let i = 0; i < n; i++) histogram.recordValue(20 + ((i * 7919) % 3000));
  return histogram.totalCount;
}

function readClock(n: number): number {
  const clock = systemClock();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += clock.nowNs();
  return sum;
}

const rows: Array<[string, (n: number) => number]> = [
  ['response parse (ResponseParser.feed + reset)', parseResponse],
  ['latency histogram record (recordValue)', recordLatency],
  ['clock read (systemClock().nowNs)', readClock],
];
console.log(renderTable(['piece', 'ns per call (min of 200 × 20k)'], rows.map(([name, fn]) => [name, minNsPerCall(fn).toFixed(0)])));

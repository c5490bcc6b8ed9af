// Pure samplers of the injected delay (µs) for each latency distribution, driven by a caller-supplied random source.
import { maxDelayUs, type LatencySpec } from './latency-spec.js';

/** Uniform in [0, 1), like Math.random. */
export type RandomSource = () => number;

/** Returns one delay in µs, in [0, maxDelayUs]. */
export type DelaySampler = () => number;

/** A sampler for `spec`, or undefined for "none" (the caller then skips all delay machinery). `clockUs` times arrivals (knee). */
export function createDelaySampler(spec: LatencySpec, random: RandomSource, clockUs: () => number = () => performance.now() * 1000): DelaySampler | undefined {
  switch (spec.distribution) {
    case 'none':
      return undefined;
    case 'fixed': {
      const delayUs = spec.us;
      return () => delayUs;
    }
    case 'uniform': {
      const { minUs, maxUs } = spec;
      return () => minUs + (maxUs - minUs) * random();
    }
    case 'exponential': {
      const { meanUs } = spec;
      return () => clampDelayUs(-meanUs * Math.log(1 - random()));
    }
    case 'lognormal': {
      const { medianUs, sigma } = spec;
      return () => clampDelayUs(medianUs * Math.exp(sigma * standardNormal(random)));
    }
    case 'knee': {
      const arrivals = arrivalRate(clockUs, spec.windowUs);
      const { kneeRatePerSec, belowUs, aboveUs } = spec;
      const limit = (kneeRatePerSec * spec.windowUs) / 1e6;
      return () => (arrivals() > limit ? aboveUs : belowUs);
    }
  }
}

/** Counts one arrival per call and returns the arrivals within the last `windowUs` (exactly: a queue of arrival times). */
export function arrivalRate(clockUs: () => number, windowUs: number): () => number {
  const times: number[] = [];
  let head = 0;
  return () => {
    const nowUs = clockUs();
    times.push(nowUs);
    while (times[head]! <= nowUs - windowUs) head += 1;
    if (head > 4096 && head * 2 > times.length) {
      times.splice(0, head);
      head = 0;
    }
    return times.length - head;
  };
}

/** One standard normal variate (Box–Muller; the second variate is dropped to keep the sampler stateless). */
export function standardNormal(random: RandomSource): number {
  const u1 = 1 - random(); // (0, 1]: log is finite
  const u2 = random();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function clampDelayUs(delayUs: number): number {
  return delayUs > maxDelayUs ? maxDelayUs : delayUs;
}

/** A seeded random source (mulberry32): the same seed gives the same sequence. For tests and reproducible runs. */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

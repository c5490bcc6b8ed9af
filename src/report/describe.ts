// Pure: short human descriptions shared by every report format.
import type { RunRecord } from '../record/run.js';

/** The upstream's injected latency, e.g. "fixed 2 ms" or "lognormal, median 1 ms, σ 0.5". */
export function describeLatency(l: RunRecord['upstream']['latency']): string {
  switch (l.distribution) {
    case 'none': return 'none';
    case 'fixed': return `fixed ${l.value} ms`;
    case 'uniform': return `uniform ${l.min}–${l.max} ms`;
    case 'exponential': return `exponential, mean ${l.mean} ms`;
    case 'lognormal': return `lognormal, median ${l.median} ms, σ ${l.sigma}`;
    case 'knee': return `knee: ${l.below} ms up to ${l.rate}/s arriving (over ${l.window / 1000} s), ${l.above} ms past it`;
  }
}

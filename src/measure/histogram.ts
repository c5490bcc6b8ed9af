// Latency histograms in whole microseconds: creation, encoding, merging and the reported percentiles.
import * as hdr from 'hdr-histogram-js';

export type LatencyHistogram = hdr.Histogram;

/** Compressed base64 (HdrHistogram V2 format), mergeable and readable by HdrHistogram's own tools. */
export type EncodedHistogram = string;

/** 3 significant digits: a value is stored within 0.1% of itself, from 1 µs up (auto-resizing). */
export const significantDigits = 3;

/** Values from here up take the library's own arithmetic (clz32 and shifts cover 31 bits). */
const fastIndexLimit = 2 ** 31;

/**
 * hdr-histogram-js's Int32Histogram with the counts index computed by integer bit arithmetic (clz32, shifts) instead
 * of Math.log2 and two Math.pow calls: the same index for every value (histogram.test.ts compares them), about a
 * third of the cost of a record, which the open loop makes four times per request.
 */
class LatencyInt32Histogram extends hdr.Int32Histogram {
  override countsArrayIndex(value: number): number {
    if (!(value >= 0 && value < fastIndexLimit)) return super.countsArrayIndex(value);
    const bucketIndex = Math.max(0, 31 - Math.clz32(value) - this.subBucketHalfCountMagnitude - this.unitMagnitude);
    const subBucketIndex = value >>> (bucketIndex + this.unitMagnitude);
    return ((bucketIndex + 1) << this.subBucketHalfCountMagnitude) + subBucketIndex - this.subBucketHalfCount;
  }
}

export function createLatencyHistogram(): LatencyHistogram {
  const histogram = new LatencyInt32Histogram(1, 60_000_000, significantDigits);
  histogram.autoResize = true;
  return histogram;
}

export function encodeHistogram(histogram: LatencyHistogram): EncodedHistogram {
  return hdr.encodeIntoCompressedBase64(histogram);
}

export function decodeHistogram(encoded: EncodedHistogram): LatencyHistogram {
  return hdr.decodeFromCompressedBase64(encoded, 32, false);
}

/** Exact merge of encoded histograms (the same recordings, added count by count). */
export function mergeEncoded(encoded: readonly EncodedHistogram[]): LatencyHistogram {
  const total = createLatencyHistogram();
  for (const e of encoded) total.add(decodeHistogram(e));
  return total;
}

export interface LatencySummaryUs {
  count: number;
  minUs: number;
  meanUs: number;
  p50Us: number;
  p90Us: number;
  p99Us: number;
  p999Us: number;
  p9999Us: number;
  maxUs: number;
}

/** The percentiles every report shows. An empty histogram gives zeros and count 0. */
export function summarizeLatency(histogram: LatencyHistogram): LatencySummaryUs {
  const count = histogram.totalCount;
  if (count === 0) {
    return { count: 0, minUs: 0, meanUs: 0, p50Us: 0, p90Us: 0, p99Us: 0, p999Us: 0, p9999Us: 0, maxUs: 0 };
  }
  const at = (p: number) => histogram.getValueAtPercentile(p);
  return {
    count,
    minUs: histogram.minNonZeroValue === Number.MAX_SAFE_INTEGER ? 0 : histogram.minNonZeroValue,
    meanUs: Math.round(histogram.mean * 10) / 10,
    p50Us: at(50),
    p90Us: at(90),
    p99Us: at(99),
    p999Us: at(99.9),
    p9999Us: at(99.99),
    maxUs: histogram.maxValue,
  };
}

export function summarizeEncoded(encoded: EncodedHistogram): LatencySummaryUs {
  return summarizeLatency(decodeHistogram(encoded));
}

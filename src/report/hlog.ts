// Pure: a phase's per-interval histograms as an HdrHistogram interval log (.hlog), readable by HistogramLogProcessor.
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/histogram.js';
import type { PhaseRecord } from '../record/run.js';
import type { TrafficResult } from '../traffic/types.js';

/**
 * One log per phase: the intervals under `tag`, and with several generator workers each worker's own intervals under
 * `tag.wK` (K from 1) after them; the merged intervals are the exact sum of the workers' intervals of the same index.
 */
export function renderHlog(phase: PhaseRecord, tag: string): string {
  let text = '';
  const writer = new hdr.HistogramLogWriter((s: string) => {
    text += s;
  });
  const workers = phase.traffic.workers ?? [];
  writer.baseTime = phase.traffic.startedAtMs;
  const tags = workers.length > 0 ? `; tag ${tag} is the exact merge of ${workers.map((_, k) => workerTag(tag, k)).join(', ')} (one per generator worker)` : '';
  writer.outputComment(`proxybench ${tag}: values in microseconds; the Interval_Max column is in milliseconds${tags}`);
  writer.outputLogFormatVersion();
  writer.outputStartTime(phase.traffic.startedAtMs);
  writer.outputLegend();
  const write = (traffic: TrafficResult, t: string) => {
    for (const interval of traffic.intervals) {
      const h = decodeHistogram(interval.latencyUs);
      h.startTimeStampMsec = traffic.startedAtMs + interval.startMs;
      h.endTimeStampMsec = traffic.startedAtMs + interval.endMs;
      h.tag = t;
      writer.outputIntervalHistogram(h, (traffic.startedAtMs - phase.traffic.startedAtMs + interval.startMs) / 1000, (traffic.startedAtMs - phase.traffic.startedAtMs + interval.endMs) / 1000, 1000);
    }
  };
  write(phase.traffic, tag);
  workers.forEach((w, k) => write(w, workerTag(tag, k)));
  return text;
}

/** The .hlog tag of generator worker k (0-based) of a phase tagged `tag`. */
export function workerTag(tag: string, k: number): string {
  return `${tag}.w${k + 1}`;
}

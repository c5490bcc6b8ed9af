// Pure: a phase's per-interval histograms as an HdrHistogram interval log (.hlog), readable by HistogramLogProcessor.
// The phase's own lines are untagged (one phase per file; the file name and the first comment say which), so the tools
// read them by default; generator workers' lines carry a tag each (`-tag NAME.wK` selects one).
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/histogram.js';
import type { PhaseRecord } from '../record/run.js';
import type { TrafficResult } from '../traffic/types.js';

/**
 * One log per phase: its intervals untagged, and with several generator workers each worker's own intervals under
 * `name.wK` (K from 1) after them; the untagged intervals are the exact sum of the workers' intervals of the same index.
 */
export function renderHlog(phase: PhaseRecord, name: string): string {
  let text = '';
  const writer = new hdr.HistogramLogWriter((s: string) => {
    text += s;
  });
  const workers = phase.traffic.workers ?? [];
  writer.baseTime = phase.traffic.startedAtMs;
  const tags = workers.length > 0 ? `; the untagged lines are the exact merge of tags ${workers.map((_, k) => workerTag(name, k)).join(', ')} (one per generator worker)` : '';
  writer.outputComment(`proxybench ${name}: values in microseconds; the Interval_Max column is in milliseconds${tags}`);
  writer.outputLogFormatVersion();
  writer.outputStartTime(phase.traffic.startedAtMs);
  writer.outputLegend();
  const write = (traffic: TrafficResult, tag: string | null) => {
    for (const interval of traffic.intervals) {
      const h = decodeHistogram(interval.latencyUs);
      h.startTimeStampMsec = traffic.startedAtMs + interval.startMs;
      h.endTimeStampMsec = traffic.startedAtMs + interval.endMs;
      if (tag !== null) h.tag = tag;
      writer.outputIntervalHistogram(h, (traffic.startedAtMs - phase.traffic.startedAtMs + interval.startMs) / 1000, (traffic.startedAtMs - phase.traffic.startedAtMs + interval.endMs) / 1000, 1000);
    }
  };
  write(phase.traffic, null);
  workers.forEach((w, k) => write(w, workerTag(name, k)));
  return text;
}

/** The .hlog tag of generator worker k (0-based) of the phase whose file is `name`.hlog. */
export function workerTag(name: string, k: number): string {
  return `${name}.w${k + 1}`;
}

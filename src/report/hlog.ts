// Pure: a phase's per-interval histograms as an HdrHistogram interval log (.hlog), readable by HistogramLogProcessor.
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/histogram.js';
import type { PhaseRecord } from '../record/run.js';

export function renderHlog(phase: PhaseRecord, tag: string): string {
  let text = '';
  const writer = new hdr.HistogramLogWriter((s: string) => {
    text += s;
  });
  writer.baseTime = phase.traffic.startedAtMs;
  writer.outputComment(`proxybench ${tag}: values in microseconds; the Interval_Max column is in milliseconds`);
  writer.outputLogFormatVersion();
  writer.outputStartTime(phase.traffic.startedAtMs);
  writer.outputLegend();
  for (const interval of phase.traffic.intervals) {
    const h = decodeHistogram(interval.latencyUs);
    h.startTimeStampMsec = phase.traffic.startedAtMs + interval.startMs;
    h.endTimeStampMsec = phase.traffic.startedAtMs + interval.endMs;
    h.tag = tag;
    writer.outputIntervalHistogram(h, interval.startMs / 1000, interval.endMs / 1000, 1000);
  }
  return text;
}

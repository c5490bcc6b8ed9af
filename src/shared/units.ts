// Parsing and formatting of durations, sizes and rates written by people ("30s", "16KiB", "5000/s").

const durationUnitsMs: Record<string, number> = { us: 0.001, µs: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const sizeUnitsBytes: Record<string, number> = {
  B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3,
};

/** "30s" → 30000 (ms); "250ms" → 250; "1.5m" → 90000. Returns undefined when malformed. */
export function parseDurationMs(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s|m|h)\s*$/.exec(text);
  if (!m) return undefined;
  return Number(m[1]) * durationUnitsMs[m[2]!]!;
}

/** "16KiB" → 16384; "1MB" → 1000000; "512" or "512B" → 512. Returns undefined when malformed. */
export function parseSizeBytes(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)?\s*$/.exec(text);
  if (!m) return undefined;
  const bytes = Number(m[1]) * sizeUnitsBytes[m[2] ?? 'B']!;
  return Number.isInteger(bytes) ? bytes : undefined;
}

/** "5000/s" → 5000; "300/m" → 5. Returns undefined when malformed. */
export function parseRatePerSec(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*\/\s*(s|m)\s*$/.exec(text);
  if (!m) return undefined;
  const perSec = Number(m[1]) / (m[2] === 'm' ? 60 : 1);
  return perSec > 0 ? perSec : undefined;
}

export function formatUs(us: number): string {
  if (us >= 1_000_000) return `${(us / 1_000_000).toFixed(2)} s`;
  if (us >= 1000) return `${(us / 1000).toFixed(2)} ms`;
  return `${Math.round(us)} µs`;
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(2)} GiB`;
  if (bytes >= 1024 ** 2) return `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${Math.round(bytes)} B`;
}

/** 0.001 → "1µs", 250 → "250ms", 30000 → "30s", 120000 → "2m", 3600000 → "1h": the way scenarios write durations. */
export function formatDurationMs(ms: number): string {
  if (ms === 0) return '0s';
  const units: [string, number][] = [['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];
  for (const [unit, size] of units) if (ms >= size && Number.isInteger(ms / size)) return `${ms / size}${unit}`;
  if (ms >= 1) return `${ms}ms`;
  return `${Math.round(ms * 1000 * 1000) / 1000}µs`;
}

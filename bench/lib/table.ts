// Plain-text tables, medians and pass/miss verdicts for the benchmark printout (pure).

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Left-aligns the first column, right-aligns the rest. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function fmtRate(perSec: number): string {
  return Number.isFinite(perSec) ? `${Math.round(perSec).toLocaleString('en-US')}/s` : 'n/a';
}

export function fmtUs(us: number): string {
  return Number.isFinite(us) ? `${Math.round(us)} µs` : 'n/a';
}

export function fmtSignedUs(us: number): string {
  return Number.isFinite(us) ? `${us >= 0 ? '+' : ''}${Math.round(us)} µs` : 'n/a';
}

/** "PASS (margin …)" when `value` is at least `target` (or at most, with `atMost`). */
export function verdict(value: number, target: number, unit: string, atMost = false): string {
  const pass = atMost ? value <= target : value >= target;
  const margin = atMost ? target - value : value - target;
  const shown = unit === 'x' ? margin.toFixed(2) : String(Math.round(margin));
  return `${pass ? 'PASS' : 'MISS'} (margin ${margin >= 0 ? '+' : ''}${shown}${unit === 'x' ? '×' : ` ${unit}`})`;
}

// Pure: the words of the progress display (cell i of N, variant, phase, elapsed, ETA) from the run's progress state.
import { formatClock, viewProgress, type ProgressState } from '../../run/progress.js';

export interface ProgressPayload {
  [token: string]: string | number;
  fraction: number;
  percent: string;
  cell: string;
  variant: string;
  phase: string;
  run_elapsed: string;
  run_eta: string;
}

export function progressPayload(state: ProgressState, nowMs: number): ProgressPayload {
  const v = viewProgress(state, nowMs);
  return {
    fraction: v.fraction,
    percent: String(Math.floor(v.fraction * 100)).padStart(3),
    cell: `${v.cellNumber}/${v.totalCells}`,
    variant: v.variant === null ? '—' : `${v.variant} #${v.repetition}`,
    phase: v.phase ?? 'preparing',
    run_elapsed: formatClock(v.elapsedMs),
    run_eta: v.etaMs === null ? '?' : `~${formatClock(v.etaMs)}`,
  };
}

/** The plain line printed under "[3/9] nginx #1" when a cell starts: "  0:21 elapsed, ETA ~0:54 for the whole run". */
export function progressLine(state: ProgressState, nowMs: number): string {
  const p = progressPayload(state, nowMs);
  return `  ${p.run_elapsed} elapsed, ETA ${p.run_eta} for the whole run`;
}

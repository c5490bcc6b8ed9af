// What a run reports while it goes (cell i of N, variant, phase) and the pure estimate of the time left.
import type { Scenario } from '../scenario/schema.js';

export type RunProgressEvent =
  | { kind: 'run-start'; runId: string; totalCells: number; plannedCellMs: number }
  | { kind: 'cell-start'; index: number; totalCells: number; variant: string; repetition: number }
  | { kind: 'phase-start'; variant: string; repetition: number; phase: string; warmup: boolean; plannedMs: number }
  | { kind: 'cell-end'; index: number; variant: string; repetition: number; status: string };

/** Pure: the phases' own durations in a cell (a ladder's duration is its time limit); start-up and probes come on top. */
export function plannedCellMs(scenario: Pick<Scenario, 'phases'>): number {
  return scenario.phases.reduce((sum, p) => sum + p.duration, 0);
}

export interface ProgressState {
  startedAtMs: number;
  totalCells: number;
  plannedCellMs: number;
  /** Cells finished so far, and when the cell in flight started. */
  cellsDone: number;
  cellStartedAtMs: number | null;
  cell: { index: number; variant: string; repetition: number } | null;
  phase: { name: string; warmup: boolean; startedAtMs: number; plannedMs: number } | null;
  /** Planned phase time already behind the cell in flight. */
  cellPlannedDoneMs: number;
}

export function initialProgress(nowMs: number): ProgressState {
  return { startedAtMs: nowMs, totalCells: 0, plannedCellMs: 0, cellsDone: 0, cellStartedAtMs: null, cell: null, phase: null, cellPlannedDoneMs: 0 };
}

/** Pure: the state after an event that happened at `nowMs`. */
export function advanceProgress(s: ProgressState, e: RunProgressEvent, nowMs: number): ProgressState {
  switch (e.kind) {
    case 'run-start':
      return { ...initialProgress(nowMs), totalCells: e.totalCells, plannedCellMs: e.plannedCellMs };
    case 'cell-start':
      return { ...s, totalCells: e.totalCells, cell: { index: e.index, variant: e.variant, repetition: e.repetition }, cellStartedAtMs: nowMs, phase: null, cellPlannedDoneMs: 0 };
    case 'phase-start': {
      const done = s.phase ? s.cellPlannedDoneMs + s.phase.plannedMs : s.cellPlannedDoneMs;
      return { ...s, cellPlannedDoneMs: done, phase: { name: e.phase, warmup: e.warmup, startedAtMs: nowMs, plannedMs: e.plannedMs } };
    }
    case 'cell-end':
      return { ...s, cellsDone: s.cellsDone + 1, cellStartedAtMs: null, phase: null, cellPlannedDoneMs: 0 };
  }
}

export interface ProgressView {
  /** 1-based, for "cell 3 of 9". */
  cellNumber: number;
  totalCells: number;
  variant: string | null;
  repetition: number | null;
  phase: string | null;
  elapsedMs: number;
  /** null until it can be estimated. */
  etaMs: number | null;
  /** 0..1 of the whole run. */
  fraction: number;
}

/**
 * Pure: where the run is. The fraction done counts finished cells plus the planned phase time behind the cell in flight;
 * once a cell has finished, the time left is the remaining fraction at the pace measured so far (start-ups, probes and
 * ladders that end early included), before that the planned phase time left.
 */
export function viewProgress(s: ProgressState, nowMs: number): ProgressView {
  const elapsedMs = Math.max(0, nowMs - s.startedAtMs);
  const inPhaseMs = s.phase ? Math.min(s.phase.plannedMs, Math.max(0, nowMs - s.phase.startedAtMs)) : 0;
  const cellFraction = s.plannedCellMs > 0 && s.cellStartedAtMs !== null ? Math.min(1, (s.cellPlannedDoneMs + inPhaseMs) / s.plannedCellMs) : 0;
  const fraction = s.totalCells > 0 ? Math.min(1, (s.cellsDone + cellFraction) / s.totalCells) : 0;
  let etaMs: number | null = null;
  if (s.totalCells > 0 && s.cellsDone >= 1 && fraction > 0) etaMs = Math.max(0, (elapsedMs * (1 - fraction)) / fraction);
  else if (s.totalCells > 0 && s.plannedCellMs > 0) etaMs = Math.max(0, (s.totalCells - s.cellsDone - cellFraction) * s.plannedCellMs);
  return {
    cellNumber: s.cell ? s.cell.index + 1 : Math.min(s.cellsDone + 1, Math.max(1, s.totalCells)),
    totalCells: s.totalCells,
    variant: s.cell?.variant ?? null,
    repetition: s.cell?.repetition ?? null,
    phase: s.phase ? `${s.phase.warmup ? 'warm-up ' : ''}${s.phase.name}` : s.cell ? 'starting' : null,
    elapsedMs,
    etaMs,
    fraction,
  };
}

/** Pure: 75 s → "1:15", 3725 s → "1:02:05". */
export function formatClock(ms: number): string {
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const sec = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}

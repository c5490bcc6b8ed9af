// Unit tests of the run's progress state and its time-left estimate (a literal clock: no wall time).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { advanceProgress, formatClock, initialProgress, plannedCellMs, viewProgress, type ProgressState, type RunProgressEvent } from './progress.js';

function replay(events: Array<[number, RunProgressEvent]>): ProgressState {
  return events.reduce((s, [at, e]) => advanceProgress(s, e, at), initialProgress(0));
}

const start: RunProgressEvent = { kind: 'run-start', runId: 'r', totalCells: 4, plannedCellMs: 10_000 };
const cell = (index: number, variant: string): RunProgressEvent => ({ kind: 'cell-start', index, totalCells: 4, variant, repetition: 1 });
const phase = (name: string, plannedMs: number): RunProgressEvent => ({ kind: 'phase-start', variant: 'x', repetition: 1, phase: name, warmup: false, plannedMs });
const end = (index: number): RunProgressEvent => ({ kind: 'cell-end', index, variant: 'x', repetition: 1, status: 'ok' });

test('plannedCellMs adds the phase durations', () => {
  assert.equal(plannedCellMs({ phases: [{ duration: 1000 }, { duration: 4000 }] as never }), 5000);
});

test('before any cell ends, the estimate is the planned phase time left', () => {
  const s = replay([[0, start], [1000, cell(0, 'direct')], [1000, phase('a', 4000)]]);
  const v = viewProgress(s, 3000); // 2 s into a 4 s phase: 2 of the cell's 10 s planned are behind
  assert.equal(v.cellNumber, 1);
  assert.equal(v.totalCells, 4);
  assert.equal(v.variant, 'direct');
  assert.equal(v.repetition, 1);
  assert.equal(v.phase, 'a');
  assert.equal(v.elapsedMs, 3000);
  assert.ok(Math.abs(v.fraction - 0.2 / 4) < 1e-9);
  assert.equal(v.etaMs, (4 - 0.2) * 10_000);
});

test('after a cell ends, the pace measured so far scales the rest', () => {
  // The first cell took 20 s of wall time for 10 s planned: the remaining three take 60 s at that pace.
  const s = replay([[0, start], [0, cell(0, 'a')], [0, phase('p', 10_000)], [20_000, end(0)], [20_000, cell(1, 'b')]]);
  const v = viewProgress(s, 20_000);
  assert.equal(v.cellNumber, 2);
  assert.equal(v.phase, 'starting');
  assert.equal(v.fraction, 0.25);
  assert.equal(v.etaMs, 60_000);
});

test('a phase running past its plan does not count beyond it; the next phase starts after the planned time', () => {
  const s = replay([[0, start], [0, cell(0, 'a')], [0, phase('p', 4000)], [9000, phase('q', 6000)]]);
  assert.ok(Math.abs(viewProgress(s, 8000).fraction - 0.1) < 1e-9); // still q's start: p's 4 s only
  assert.ok(Math.abs(viewProgress(replay([[0, start], [0, cell(0, 'a')], [0, phase('p', 4000)]]), 9000).fraction - 0.1) < 1e-9);
});

test('the end of the run is 100%, ETA 0', () => {
  const events: Array<[number, RunProgressEvent]> = [[0, start]];
  for (let i = 0; i < 4; i++) events.push([i * 10, cell(i, 'a')], [i * 10 + 10, end(i)]);
  const v = viewProgress(replay(events), 40);
  assert.equal(v.fraction, 1);
  assert.equal(v.etaMs, 0);
});

test('formatClock', () => {
  assert.equal(formatClock(0), '0:00');
  assert.equal(formatClock(75_000), '1:15');
  assert.equal(formatClock(3_725_000), '1:02:05');
});

// Tests of the progress display: plain lines off a terminal (CI, pipes), the ETA line when a cell starts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRunDisplay, plainDisplay } from './run-display.js';

function fakeStream(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (s: string) => (chunks.push(s), true) } as unknown as NodeJS.WriteStream };
}

test('off a terminal: the log lines as they are, and the elapsed time and ETA under each cell line', () => {
  const { chunks, stream } = fakeStream(false);
  let now = 0;
  const d = createRunDisplay({ stream, nowMs: () => now, env: {} });
  d.progress({ kind: 'run-start', runId: 'r', totalCells: 2, plannedCellMs: 30_000 });
  d.log('[1/2] nginx #1');
  now = 5000;
  d.progress({ kind: 'cell-start', index: 0, totalCells: 2, variant: 'nginx', repetition: 1 });
  d.progress({ kind: 'phase-start', variant: 'nginx', repetition: 1, phase: 'warmup', warmup: true, plannedMs: 1000 });
  d.stop();
  assert.deepEqual(chunks, ['[1/2] nginx #1\n', '  0:05 elapsed, ETA ~1:00 for the whole run\n']);
  assert.ok(!chunks.join('').includes('\u001b'), 'no terminal escapes in plain mode');
});

test('CI=true on a terminal still prints plain lines', () => {
  const { chunks, stream } = fakeStream(true);
  const d = createRunDisplay({ stream, nowMs: () => 0, env: { CI: 'true' } });
  d.progress({ kind: 'run-start', runId: 'r', totalCells: 1, plannedCellMs: 1000 });
  d.log('hello');
  d.stop();
  assert.deepEqual(chunks, ['hello\n']);
});

test('plainDisplay prints nothing for phase events', () => {
  const { chunks, stream } = fakeStream(false);
  const d = plainDisplay({ stream, nowMs: () => 0 });
  d.progress({ kind: 'phase-start', variant: 'a', repetition: 1, phase: 'p', warmup: false, plannedMs: 1 });
  assert.deepEqual(chunks, []);
});

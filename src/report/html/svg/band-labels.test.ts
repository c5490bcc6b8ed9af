// Band labels: centred when they fit, staggered when they would collide, left out when no row is free; never overlapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { labelWidthPx, placeBandLabels, type BandSpan, type LabelSlot } from './band-labels.js';

const options = { left: 0, right: 1000, fontPx: 11, rows: 3, gapPx: 6 };
const spans = (widthPx: number, names: string[]): BandSpan[] => names.map((text, i) => ({ x0: i * widthPx, x1: (i + 1) * widthPx, text }));

function assertNoOverlap(input: readonly BandSpan[], slots: readonly (LabelSlot | null)[]): void {
  const boxes = slots.flatMap((s, i) => (s ? [{ row: s.row, a: s.x - labelWidthPx(input[i]!.text, 11) / 2, b: s.x + labelWidthPx(input[i]!.text, 11) / 2 }] : []));
  for (const p of boxes) {
    assert.ok(p.a >= options.left && p.b <= options.right, 'inside the plot');
    for (const q of boxes) if (p !== q && p.row === q.row) assert.ok(p.b <= q.a || q.b <= p.a, `overlap in row ${p.row}`);
  }
}

test('labels that fit their band are centred on it, all in the top row', () => {
  const input = spans(200, ['warmup', 'clean', 'slowloris']);
  assert.deepEqual(placeBandLabels(input, options), [{ x: 100, row: 0 }, { x: 300, row: 0 }, { x: 500, row: 0 }]);
});

test('narrow bands stagger their labels over the rows, then leave the rest out; none overlap', () => {
  const input = spans(30, ['warmup', 'clean', 'slowloris', 'slow-body', 'slow-read', 'connection-flood', 'pipeline-flood', 'header-flood']);
  const slots = placeBandLabels(input, options);
  assertNoOverlap(input, slots);
  assert.ok(slots.some((s) => s?.row === 1) && slots.some((s) => s?.row === 2), 'staggered');
  assert.ok(slots.some((s) => s === null), 'some left out');
  assert.equal(slots[0]?.row, 0, 'the first label keeps the top row');
});

test('a label that fits keeps the top row even after a wide neighbour; labels near the edge stay inside the plot', () => {
  const input: BandSpan[] = [{ x0: 0, x1: 20, text: 'connection-flood' }, { x0: 20, x1: 200, text: 'clean' }];
  const slots = placeBandLabels(input, options);
  assert.deepEqual(slots[1], { x: 110, row: 0 });
  assert.equal(slots[0]?.row, 1);
  assertNoOverlap(input, slots);
});

test('an empty band gets no label', () => {
  assert.deepEqual(placeBandLabels([{ x0: 10, x1: 10, text: 'x' }], options), [null]);
});

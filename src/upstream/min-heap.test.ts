// Tests of the min-heap: pops in order, stable ties through a sequence key.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MinHeap } from './min-heap.js';
import { seededRandom } from './latency-sampler.js';

test('pops every pushed value in ascending order', () => {
  const random = seededRandom(3);
  const heap = new MinHeap<number>((a, b) => a < b);
  const values = Array.from({ length: 500 }, () => Math.floor(random() * 100));
  for (const v of values) heap.push(v);
  const out: number[] = [];
  for (let i = 0; i < values.length; i++) out.push(heap.pop()!);
  assert.deepEqual(out, [...values].sort((a, b) => a - b));
  assert.equal(heap.pop(), undefined);
  assert.equal(heap.size, 0);
});

test('ties keep insertion order when the comparison uses a sequence', () => {
  const heap = new MinHeap<{ dueUs: number; seq: number }>((a, b) => a.dueUs < b.dueUs || (a.dueUs === b.dueUs && a.seq < b.seq));
  for (let seq = 0; seq < 10; seq++) heap.push({ dueUs: seq % 2, seq });
  const order = Array.from({ length: 10 }, () => heap.pop()!.seq);
  assert.deepEqual(order, [0, 2, 4, 6, 8, 1, 3, 5, 7, 9]);
});

// RSS-vs-connections series per ladder and their aggregate over repetitions.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLadder } from './ladder.js';
import { aggregateMemory, memoryPerConnectionSeries } from './memory-series.js';
import { ladder, runWithLadders, step } from '../testing/ladder-records.js';

const fitted = (bytesPerConn: number, held: (n: number) => number = (n) => n) => {
  const steps = [0, 1000, 2000].map((n) => step(n, 10_000_000 + bytesPerConn * n, held(n)));
  return ladder('idle', steps, { ...fitLadder(steps), closedByProxy: steps.some((s) => s.held! < s.opened) });
};

const record = runWithLadders([
  { variant: 'direct', repetition: 1, ladders: [ladder('idle', [], { status: 'skipped', note: 'direct runs no proxy process' })] },
  { variant: 'nginx', repetition: 1, ladders: [fitted(480)] },
  { variant: 'nginx', repetition: 2, ladders: [fitted(520)] },
]);

test('each ladder of each cell becomes a series of (connections, RSS) points with its fit', () => {
  const series = memoryPerConnectionSeries(record);
  assert.equal(series.length, 3);
  const first = series[1]!;
  assert.deepEqual(
    { variant: first.variant, ladder: first.ladder, repetition: first.repetition, points: first.points, maxHeld: first.maxHeld },
    {
      variant: 'nginx', ladder: 'idle', repetition: 1, maxHeld: 2000,
      points: [{ connections: 0, rssBytes: 10_000_000 }, { connections: 1000, rssBytes: 10_480_000 }, { connections: 2000, rssBytes: 10_960_000 }],
    },
  );
  assert.equal(first.fit!.bytesPerConn, 480);
  assert.equal(series[0]!.fit, null);
  assert.deepEqual(memoryPerConnectionSeries(runWithLadders([{ variant: 'nginx', repetition: 1 }])), []);
});

test('repetitions aggregate to a median and spread per variant and ladder', () => {
  const [direct, nginx] = aggregateMemory(memoryPerConnectionSeries(record));
  assert.equal(direct!.bytesPerConn, undefined);
  assert.deepEqual(nginx!.bytesPerConn, { median: 500, min: 480, max: 520, n: 2 });
  assert.equal(nginx!.repetitions, 2);
});

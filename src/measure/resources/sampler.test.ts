// Unit tests of the sampler with a fake /proc: series per role, tree refresh when a process ends.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSampler } from './sampler.js';

test('records a series per role and re-reads the tree when one of its processes has gone', () => {
  let now = 0;
  let tree = [10, 11, 12];
  const lists: number[] = [];
  const sampler = startSampler(60_000, {
    nowMs: () => now,
    listTree: (root) => {
      lists.push(root);
      return tree;
    },
    read: (pids) => {
      const alive = pids.filter((p) => tree.includes(p));
      return { cpuTicks: now / 10, rssBytes: alive.length * 1000, processes: alive.length, threads: alive.length };
    },
  });
  sampler.watch({ role: 'proxy', pid: 10 });
  now = 100;
  sampler.sampleNow();
  tree = [10, 11]; // a worker exits
  now = 200;
  sampler.sampleNow();
  sampler.stop();
  const series = sampler.series('proxy');
  assert.deepEqual(series.map((p) => [p.tMs, p.rssBytes, p.processes]), [[0, 3000, 3], [100, 3000, 3], [200, 2000, 2]]);
  assert.equal(series[2]!.cpuSeconds, 0.2);
  assert.ok(lists.length >= 2, 'the tree was listed again after the process ended');
  assert.deepEqual(sampler.series('proxy', 150).map((p) => p.tMs), [200]);
  assert.deepEqual(sampler.series('nothing'), []);
});

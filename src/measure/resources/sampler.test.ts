// Unit tests of the sampler and the cached /proc tree source, with a fake /proc.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { startSampler } from './sampler.js';
import { procTreeSource } from './source.js';

test('records a series per role; the tree source re-reads membership when a process has gone', () => {
  let now = 0;
  let tree = [10, 11, 12];
  const lists: number[] = [];
  const source = procTreeSource(10, {
    listTree: (root) => {
      lists.push(root);
      return tree;
    },
    read: (pids) => {
      const alive = pids.filter((p) => tree.includes(p));
      return alive.length === 0 ? undefined : { cpuTicks: now / 10, rssBytes: alive.length * 1000, processes: alive.length, threads: alive.length };
    },
  });
  const sampler = startSampler(60_000, { nowMs: () => now });
  sampler.watch('proxy', source);
  now = 100;
  sampler.sampleNow();
  tree = [10, 11]; // a worker exits
  now = 200;
  sampler.sampleNow();
  tree = []; // the proxy is gone: no point
  now = 300;
  sampler.sampleNow();
  sampler.stop();
  const series = sampler.series('proxy');
  assert.deepEqual(series.map((p) => [p.tMs, p.rssBytes, p.processes]), [[0, 3000, 3], [100, 3000, 3], [200, 2000, 2]]);
  assert.equal(series[2]!.cpuSeconds, 0.2);
  assert.ok(lists.length >= 2, 'the tree was listed again after the process ended');
  assert.deepEqual(sampler.series('proxy', 150).map((p) => p.tMs), [200]);
  assert.deepEqual(sampler.series('nothing'), []);
});

// Noise warnings: when the gaps break the 1 ms rule, when other processes share the core, and when nothing is said.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseCpuStat, busyShare, parseTaskCpu, busiestOn } from './cpu-stat.js';
import { noiseWarnings, type CpuNoise } from './judge.js';

const limits = { limitUs: 1000, lateShareLimit: 0.01, othersShareLimit: 0.1 };
const cpu = (over: Partial<CpuNoise>): CpuNoise => ({ cpu: 0, gaps: 0, maxGapUs: 0, stalledShare: 0, lateShare: 0, othersBusyShare: 0, busiest: [], ...over });

test('a quiet CPU gets no warning; one whose gaps would make more than 1% of requests late does', () => {
  assert.deepEqual(noiseWarnings([cpu({ gaps: 3, maxGapUs: 120, stalledShare: 0.001, lateShare: 0 })], limits), []);
  const [w] = noiseWarnings([cpu({ cpu: 2, gaps: 70, maxGapUs: 4000, stalledShare: 0.48, lateShare: 0.4 })], limits);
  assert.match(w!, /^generator CPU 2: the spin check was not running 48\.0% of the time \(70 gaps, longest 4\.00 ms\), so ≈40\.0% of open-loop requests would be noticed due more than 1 ms late/);
});

test('other processes busy on the generator CPU are named', () => {
  const [w] = noiseWarnings([cpu({ othersBusyShare: 0.97, busiest: [{ pid: 42, comm: 'sh', share: 0.96 }] })], limits);
  assert.match(w!, /generator CPU 0: other processes kept it 97\.0% busy before the run: sh \(pid 42, 96\.0%\)/);
  assert.deepEqual(noiseWarnings([cpu({ othersBusyShare: null })], limits), [], 'unknown is no warning');
});

test('/proc/stat per CPU and /proc/<pid>/stat: busy share and the processes on a CPU', () => {
  const before = parseCpuStat('cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 5 0 5 50 0 0 0 0 0 0\ncpu1 5 0 5 50 0 0 0 0 0 0\nintr 1');
  const after = parseCpuStat('cpu  10 0 10 100 0 0 0 0 0 0\ncpu0 95 0 5 60 0 0 0 0 0 0\ncpu1 6 0 5 149 0 0 0 0 0 0\n');
  assert.equal(busyShare(before, after, 0), 0.9);
  assert.equal(busyShare(before, after, 1), 0.01);
  assert.equal(busyShare(before, after, 7), null);
  const stat = (ticks: number, processor: number) => `42 (a (b) c) R 1 42 42 0 -1 4194304 0 0 0 0 ${ticks} 0 0 0 20 0 1 0 100 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 ${processor} 0 0 0 0 0`;
  const t = parseTaskCpu(stat(10, 1))!;
  assert.deepEqual(t, { pid: 42, comm: 'a (b) c', ticks: 10, processor: 1 });
  const top = busiestOn(new Map([[42, t]]), new Map([[42, parseTaskCpu(stat(30, 1))!]]), 1, 200, 100, new Set());
  assert.deepEqual(top, [{ pid: 42, comm: 'a (b) c', share: 1 }]);
  assert.deepEqual(busiestOn(new Map([[42, t]]), new Map([[42, parseTaskCpu(stat(30, 0))!]]), 1, 200, 100, new Set()), [], 'it ran elsewhere');
});

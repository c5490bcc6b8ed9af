// The memory-per-connection section of report.md and report.html, built on the ladder series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLadder } from '../../analyze/ladder.js';
import { aggregateMemory, memoryPerConnectionSeries } from '../../analyze/memory-series.js';
import { memorySection } from '../html/sections/memory.js';
import { renderMemorySection } from './memory-section.js';
import { ladder, runWithLadders, step } from '../../testing/ladder-records.js';

const fitted = (bytesPerConn: number, held: (n: number) => number = (n) => n) => {
  const steps = [0, 1000, 2000].map((n) => step(n, 10_000_000 + bytesPerConn * n, held(n)));
  return ladder('idle', steps, { ...fitLadder(steps), closedByProxy: steps.some((s) => s.held! < s.opened) });
};

const record = runWithLadders([
  { variant: 'direct', repetition: 1, ladders: [ladder('idle', [], { status: 'skipped', note: 'direct runs no proxy process' })] },
  { variant: 'nginx', repetition: 1, ladders: [fitted(480)] },
  { variant: 'nginx', repetition: 2, ladders: [fitted(520)] },
]);

test('the report section: one row per variant and ladder, with R², base RSS, held/opened and the notes', () => {
  const text = renderMemorySection(record);
  assert.match(text, /^## Memory per connection/);
  assert.match(text, /\| nginx \| idle \| 500 B \[480 B–520 B\] \| 8\.0% \| 1\.000 \[1\.000–1\.000\] \| 9\.5 MiB \| 2000 \/ 2000 \|/, "the spread is (520 − 480) / 500");
  assert.match(text, /\| direct \| idle \| – \| – \| – \| – \| \? \/ 0 \|/);
  assert.match(text, /- direct `idle`: direct runs no proxy process/);
  assert.match(text, /- `idle`: one GET and a 1\.0 KiB response, then idle; steps 0, 1000, 2000\./);
});

test('a proxy that closed connections is flagged in its row, not shown as cheap', () => {
  const closing = runWithLadders([{ variant: 'nginx', repetition: 1, ladders: [fitted(480, (n) => n / 2)] }]);
  assert.match(renderMemorySection(closing), /\| nginx \| idle \| 960 B( \[[^\]]*\])? ⚠ proxy closed connections \|/);
});

test('a container run shows the kernel’s share per connection and names the cgroup working set as the memory', () => {
  const steps = [0, 1000, 2000].map((n) => ({ ...step(n, 6_000_000 + 2000 * n), kernelBytes: 500_000 + 1500 * n }));
  const docker = runWithLadders([{ variant: 'nginx', repetition: 1, ladders: [ladder('idle', steps, fitLadder(steps))] }]);
  docker.provenance.runtime = 'docker';
  const [nginx] = aggregateMemory(memoryPerConnectionSeries(docker));
  assert.equal(nginx!.kernelBytesPerConn!.median, 1500);
  const text = renderMemorySection(docker);
  assert.match(text, /\| variant \| ladder \| bytes\/conn \| spread \| of which kernel \| R² \|/);
  assert.match(text, /\| nginx \| idle \| 2,000 B \[2,000 B–2,000 B\] \| 0\.0% \| 1,500 B \| 1\.000/);
  assert.match(text, /cgroup’s working set/);
  assert.doesNotMatch(renderMemorySection(record), /of which kernel/, 'local runs have no kernel figure: no column');
  const html = memorySection(docker, new Map([['nginx', '#123456']]));
  assert.match(html, /<th[^>]*>of which kernel<\/th>/);
  assert.match(html, /1,500 B/);
  assert.match(html, /proxy cgroup working set \(settled\)/, 'the chart names the memory it plots');
  assert.doesNotMatch(memorySection(record, new Map()), /of which kernel|cgroup/);
});

// Unit tests of /proc/<pid>/stat parsing, and one read of this very process.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProcStat, sampleProcessTree } from './procfs.js';

test('parses a stat line whose command holds spaces and parentheses', () => {
  const line = '4242 (nginx: worker (x)) S 4241 4241 4241 0 -1 4194624 100 0 0 0 250 50 0 0 20 0 3 0 12345 1000000 2560 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0';
  const stat = parseProcStat(line);
  assert.equal(stat.pid, 4242);
  assert.equal(stat.ppid, 4241);
  assert.equal(stat.cpuTicks, 300);
  assert.equal(stat.threads, 3);
  assert.equal(stat.rssBytes, 2560 * 4096);
});

test('samples this process tree', () => {
  const sample = sampleProcessTree(process.pid);
  assert.ok(sample);
  assert.ok(sample.rssBytes > 1_000_000);
  assert.ok(sample.threads >= 1);
  assert.equal(sampleProcessTree(2 ** 22 + 7), undefined);
});

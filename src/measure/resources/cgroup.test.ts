// Tests the pure cgroup parsers on literal v1 and v2 files.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cgroupSample, countIds, parseKeyedCounts, parseProcCgroup } from './cgroup.js';

const id = 'b02f2acbecac675003cc21198363d8c3ee696d24de96be404dfe973d692f1466';

test('parseProcCgroup reads v1 controllers (named and combined) and the v2 line', () => {
  const text = `9:name=systemd:/docker/${id}\n4:memory:/docker/${id}\n2:cpu,cpuacct:/docker/${id}\n0::/system.slice/docker-${id}.scope\n`;
  const parsed = parseProcCgroup(text);
  assert.equal(parsed.v1.memory, `/docker/${id}`);
  assert.equal(parsed.v1.cpuacct, `/docker/${id}`);
  assert.equal(parsed.v1.cpu, `/docker/${id}`);
  assert.equal(parsed.v1.systemd, `/docker/${id}`);
  assert.equal(parsed.v2, `/system.slice/docker-${id}.scope`);
  assert.deepEqual(parseProcCgroup('0::/\n'), { v1: {}, v2: '/' });
});

test('parseKeyedCounts and countIds skip what is not a count', () => {
  assert.deepEqual(parseKeyedCounts('cache 20480\nrss 151552\n\nbogus\nhierarchical_memory_limit 9223372036854771712\n'), {
    cache: 20480,
    rss: 151552,
    hierarchical_memory_limit: 9223372036854771712,
  });
  assert.equal(countIds('2050\n2085\n'), 2);
  assert.equal(countIds(''), 0);
});

test('a v1 sample: CPU from cpuacct.usage (ns), working set = usage − total_inactive_file, kmem, tasks', () => {
  const s = cgroupSample({
    version: 1,
    cpuacctUsage: '28506524\n',
    memoryUsage: '10485760\n',
    memoryStat: 'cache 20480\nrss 151552\ninactive_file 4096\ntotal_rss 2097152\ntotal_inactive_file 1048576\n',
    kmemUsage: '413696\n',
    procs: '2050\n2085\n',
    tasks: '2050\n2085\n2086\n',
  });
  assert.equal(s.cpuNs, 28_506_524);
  assert.ok(Math.abs(s.cpuTicks - 2.8506524) < 1e-9, 'ticks of 1/100 s, fractional');
  assert.equal(s.rssBytes, 10_485_760 - 1_048_576);
  assert.equal(s.anonBytes, 2_097_152);
  assert.equal(s.usageBytes, 10_485_760);
  assert.equal(s.kernelBytes, 413_696);
  assert.equal(s.processes, 2);
  assert.equal(s.threads, 3);
});

test('a v2 sample: CPU from cpu.stat usage_usec, memory.current − inactive_file, kernel from memory.stat', () => {
  const s = cgroupSample({
    version: 2,
    cpuStat: 'usage_usec 1500000\nuser_usec 1000000\nsystem_usec 500000\nnr_periods 0\n',
    memoryCurrent: '8388608\n',
    memoryStat: 'anon 4194304\nfile 2097152\nkernel 524288\ninactive_file 1048576\nactive_file 1048576\n',
    procs: '7\n',
    threads: '7\n8\n9\n10\n',
  });
  assert.equal(s.cpuNs, 1_500_000_000);
  assert.equal(s.cpuTicks, 150);
  assert.equal(s.rssBytes, 8_388_608 - 1_048_576);
  assert.equal(s.anonBytes, 4_194_304);
  assert.equal(s.kernelBytes, 524_288);
  assert.equal(s.processes, 1);
  assert.equal(s.threads, 4);
});

test('a v2 kernel without the `kernel` key sums its parts; a working set never goes negative', () => {
  const s = cgroupSample({
    version: 2,
    cpuStat: 'usage_usec 0\n',
    memoryCurrent: '1000\n',
    memoryStat: 'anon 0\nkernel_stack 16384\npagetables 8192\nslab 4096\ninactive_file 5000\n',
    procs: '',
    threads: '',
  });
  assert.equal(s.kernelBytes, 16384 + 8192 + 4096);
  assert.equal(s.rssBytes, 0);
});

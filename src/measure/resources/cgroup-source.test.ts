// Tests finding a container's cgroup folders (v1 per controller, v2 unified) and reading a sample from them, on a fake tree.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { cgroupSource, findCgroupDirs } from './cgroup-source.js';

const id = 'c0ffee'.padEnd(64, '0');

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'pb-cgroup-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('v1: the folders named by /proc/<pid>/cgroup, CPU from cpuacct, memory and tasks from memory', () => {
  const root = tree({
    [`proc/42/cgroup`]: `4:memory:/docker/${id}\n2:cpuacct:/docker/${id}\n0::/docker/${id}\n`,
    [`cg/cpuacct/docker/${id}/cpuacct.usage`]: '2000000000\n',
    [`cg/memory/docker/${id}/memory.usage_in_bytes`]: '3000000\n',
    [`cg/memory/docker/${id}/memory.stat`]: 'total_rss 1000000\ntotal_inactive_file 500000\n',
    [`cg/memory/docker/${id}/cgroup.procs`]: '42\n43\n',
    [`cg/memory/docker/${id}/tasks`]: '42\n43\n44\n',
  });
  try {
    const dirs = findCgroupDirs({ containerId: id, pid: 42 }, join(root, 'cg'), join(root, 'proc'));
    assert.equal(dirs?.version, 1);
    const sample = cgroupSource('nginx', dirs!).read()!;
    assert.equal(sample.cpuTicks, 200);
    assert.equal(sample.rssBytes, 2_500_000);
    assert.deepEqual([sample.processes, sample.threads], [2, 3]);
    rmSync(join(root, 'cg', 'memory', 'docker', id), { recursive: true });
    assert.equal(cgroupSource('nginx', dirs!).read(), undefined, 'a removed container reads as gone');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('v2 under systemd found by the container id alone', () => {
  const dir = `cg/system.slice/docker-${id}.scope`;
  const root = tree({
    [`${dir}/cpu.stat`]: 'usage_usec 250000\n',
    [`${dir}/memory.current`]: '4096000\n',
    [`${dir}/memory.stat`]: 'anon 2048000\ninactive_file 96000\nkernel 100000\n',
    [`${dir}/cgroup.procs`]: '7\n',
    [`${dir}/cgroup.threads`]: '7\n8\n',
  });
  try {
    const dirs = findCgroupDirs({ containerId: id }, join(root, 'cg'), join(root, 'proc'));
    assert.deepEqual(dirs, { version: 2, dir: join(root, dir) });
    const sample = cgroupSource('caddy', dirs!).read()!;
    assert.equal(sample.cpuTicks, 25);
    assert.equal(sample.rssBytes, 4_000_000);
    assert.equal(sample.kernelBytes, 100_000);
    assert.equal(findCgroupDirs({ containerId: 'nope' }, join(root, 'cg'), join(root, 'proc')), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// IO faults as a user meets them: a results folder on a tiny full file system (exit 7, the path and the fix, no *.tmp, `latest` kept),
// and a runner killed with SIGKILL whose work folder `proxybench clean` then removes.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readlinkSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { binPath, startCli, tempDir, writeScenario } from '../../testing/cli.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { workRoot } from '../../run/work-dir.js';

const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)]));

/** A 36 KiB tmpfs: room for the first run.json, not for the outputs after the first cell. */
async function tinyFileSystem(): Promise<{ dir: string; unmount: () => Promise<void> } | string> {
  const dir = tempDir('tinyfs');
  const mounted = await execa('mount', ['-t', 'tmpfs', '-o', 'size=36k', 'tmpfs', dir], { reject: false });
  if (mounted.exitCode !== 0) return `cannot mount a tmpfs here (${mounted.stderr.trim() || 'not root'})`;
  return { dir, unmount: async () => void (await execa('umount', [dir], { reject: false })) };
}

test('disk full while writing the run folder: exit 7 naming the file and the fix, no *.tmp left, `latest` not moved', async (t) => {
  const fs = await tinyFileSystem();
  if (typeof fs === 'string') return t.skip(fs);
  try {
    symlinkSync('previous-run', join(fs.dir, 'latest'));
    const file = await writeScenario(tempDir('s'), { name: 'diskfull', variants: ['direct'], closed: '1s' });
    const result = await startCli(['run', file, '--out', fs.dir]);
    assert.equal(result.exitCode, ExitCode.outputWrite, result.all);
    assert.match(result.stderr, /proxybench: error: cannot write \/\S+: ENOSPC: no space left on device/);
    assert.match(result.stderr, /fix: the file system holding \S+ is full: free space \(df -h\) or write the results elsewhere with --out DIR/);
    assert.doesNotMatch(result.stderr, /internal error|at .*\.js:\d+/, 'no stack trace');
    assert.deepEqual(walk(fs.dir).filter((f) => f.endsWith('.tmp')), [], 'no *.tmp left');
    assert.equal(readlinkSync(join(fs.dir, 'latest')), 'previous-run', '`latest` still names the last run that was written');
  } finally {
    await fs.unmount();
  }
});

test('a runner killed with SIGKILL leaves its work folder; `proxybench clean` removes it', async () => {
  const file = await writeScenario(tempDir('s'), { name: 'sigkill', variants: ['direct'], closed: '30s' });
  const child = startCli(['run', file, '--out', tempDir('out')]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/\[1\/1\] direct/.test(seen)) resolve();
    });
    void child.then(() => resolve());
  });
  const runId = /run (\S+) →/.exec(seen)![1]!;
  const workDir = join(workRoot(), runId);
  assert.ok(existsSync(workDir), `the run works in ${workDir}`);
  child.kill('SIGKILL');
  await child;
  assert.ok(existsSync(workDir), 'a SIGKILL leaves it behind');
  // No container engine for this test (never the machine's own daemon): clean still removes the work folders.
  const clean = await execa(binPath, ['clean', '--json'], { reject: false, env: { DOCKER_HOST: 'unix:///nonexistent/pb-no-docker.sock' } });
  assert.equal(clean.exitCode, ExitCode.ok, clean.stderr);
  assert.ok((JSON.parse(clean.stdout) as { workDirs: string[] }).workDirs.includes(workDir), clean.stdout);
  assert.equal(existsSync(workDir), false);
});

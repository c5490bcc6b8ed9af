// End-to-end: SIGINT during the generator warm-up and during a proxy's start stops the real CLI at once: exit 130,
// run.json interrupted, and not one of the processes it started left.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { processTreePids } from '../../measure/resources/procfs.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { pidAlive } from '../../shared/pid-alive.js';
import { repoRoot, startCli, tempDir, writeScenario } from '../../testing/cli.js';
import { readRunFolder } from '../../record/read.js';

const fixtures = join(repoRoot, 'src', 'testing', 'fixtures');

const cmdline = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
  } catch {
    return '';
  }
};

/** Starts a run, sends SIGINT once stderr matches `moment` (and a process of the run matches `running`), and returns what is left once the CLI has exited. */
async function interruptAt(variants: string[], moment: RegExp, running?: RegExp) {
  const file = await writeScenario(tempDir('s'), { name: 'signals', variants, warmup: '300ms', closed: '1s' });
  const child = startCli(['run', file, '--out', tempDir('out'), '--variant-dir', fixtures]);
  let seen = '';
  const reached = await new Promise<boolean>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (moment.test(seen)) resolve(true);
    });
    void child.then(() => resolve(false));
  });
  assert.ok(reached, `the run never reached ${moment}: ${seen}`);
  for (let i = 0; running && i < 100 && !processTreePids(child.pid!).some((pid) => running.test(cmdline(pid))); i++) await sleep(100);
  const started = processTreePids(child.pid!).filter((pid) => pid !== child.pid);
  assert.ok(started.length > 0, 'the run had started processes');
  child.kill('SIGINT');
  const result = await child;
  // The processes were killed; give init a moment to reap orphans (bounded; nothing is timed).
  for (let i = 0; i < 100 && started.some(pidAlive); i++) await sleep(100);
  const runDir = /run (\S+) → (\S+)/.exec(seen)![2]!;
  const record = readRunFolder(runDir);
  return { result, record, left: started.filter(pidAlive) };
}

test('SIGINT during the generator warm-up: exit 130, run.json interrupted, nothing left running', { timeout: 120_000 }, async () => {
  const { result, record, left } = await interruptAt(['direct'], /warming the load generator/);
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  assert.match(result.stderr, /interrupted: 1 cell\(s\)/);
  assert.equal(record.status, 'interrupted');
  assert.deepEqual(record.cells.map((c) => [c.variant, c.status]), [['direct', 'interrupted']]);
  assert.ok(record.provenance.endedAt);
  assert.deepEqual(left, [], 'every process the run started is gone');
});

test('SIGINT while a proxy starts (it waits a minute before listening): exit 130, run.json interrupted, the proxy gone', { timeout: 120_000 }, async () => {
  const { result, record, left } = await interruptAt(['direct', 'slowstart'], /\[2\/2\] slowstart #1/, /slowstart\.mjs/);
  assert.doesNotMatch(result.stderr, /slowstart #1: did not start/, 'stopped, not failed');
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  assert.equal(record.status, 'interrupted');
  assert.deepEqual(record.cells.map((c) => [c.variant, c.status]), [['direct', 'ok'], ['slowstart', 'interrupted']], 'the finished cell is kept');
  assert.deepEqual(left, [], 'every process the run started is gone');
});

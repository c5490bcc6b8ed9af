// Liveness during phases, as a user meets it: the upstream SIGKILLed mid-phase, an nginx worker killed and respawned by its master.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { startCli, tempDir, writeScenario } from '../testing/cli.js';
import { ExitCode } from '../shared/exit-codes.js';
import { readRunFolder } from '../record/read.js';

/** Starts a run and resolves once `pattern` shows on its stderr, with what it printed so far. */
async function runUntil(file: string, out: string, pattern: RegExp) {
  const child = startCli(['run', file, '--out', out]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    void child.then(() => resolve());
  });
  return { child, seen: () => seen, runId: /run (\S+) →/.exec(seen)?.[1] ?? '' };
}

const pgrep = async (pattern: string) => (await execa('pgrep', ['-f', '--', pattern], { reject: false })).stdout.split('\n').filter(Boolean).map(Number);
const record = (stderr: string) => readRunFolder(/run (\S+) → (\S+)/.exec(stderr)![2]!);

test('the upstream SIGKILLed during a phase: the phase is invalid with "the upstream died at t = …", the cell fails, the next cell restarts it', async () => {
  const file = await writeScenario(tempDir('s'), { name: 'upstream-dies', variants: ['nginx', 'direct'], closed: '4s' });
  const run = await runUntil(file, tempDir('out'), /nginx #1 warm-up warm: /);
  await new Promise((resolve) => setTimeout(resolve, 1500)); // 1.5 s into the measured phase
  const [pid] = await pgrep(`--identity ${run.runId}\\.`);
  assert.ok(pid, 'the upstream process of the run');
  process.kill(pid, 'SIGKILL');
  const result = await run.child;
  assert.equal(result.exitCode, ExitCode.runIncomplete, result.all);
  assert.match(result.stderr, /the upstream died at t = [\d.]+ s into the phase \(code null, signal SIGKILL\)/);
  assert.match(result.stderr, /the upstream died at t = [\d.]+ s of the run \(code null, signal SIGKILL\); restarted it for direct #1/);
  const r = record(result.stderr);
  const nginx = r.cells.find((c) => c.variant === 'nginx')!;
  assert.equal(nginx.status, 'failed');
  const closed = nginx.phases.find((p) => p.name === 'closed')!;
  assert.equal(closed.validity.valid, false, 'never silently valid');
  assert.match(closed.validity.reasons.join('; '), /the upstream died at t = [\d.]+ s into the phase/);
  const direct = r.cells.find((c) => c.variant === 'direct')!;
  assert.equal(direct.status, 'ok', direct.failure?.message);
  assert.ok(direct.phases.every((p) => p.upstream !== null), 'the restarted upstream’s counters were read');
});

test('an nginx worker killed during a phase and respawned by its master: the phase is invalid, the cell records it, nginx’s error log lands in logs/', async () => {
  const file = await writeScenario(tempDir('s'), { name: 'worker-dies', variants: ['nginx'], closed: '10s' });
  const run = await runUntil(file, tempDir('out'), /nginx #1 warm-up warm: /);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // 2 s into the measured phase
  const [worker] = await pgrep(`nginx: worker process`);
  const masters = await pgrep(`nginx: master process nginx -p \\S*${run.runId}`);
  assert.ok(masters.length === 1 && worker, 'the run’s nginx master and a worker');
  const ours = (await pgrep('nginx: worker process')).find((pid) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[3] === String(masters[0]));
  assert.ok(ours, 'a worker of the run’s master');
  process.kill(ours, 'SIGKILL');
  const result = await run.child;
  const r = record(result.stderr);
  const cell = r.cells[0]!;
  const closed = cell.phases.find((p) => p.name === 'closed')!;
  assert.equal(closed.validity.valid, false);
  assert.match(closed.validity.reasons.join('; '), new RegExp(`a process of the proxy's tree ended during the phase \\(pid ${ours}\\) and pid \\d+ appeared \\(respawned by its master\\)`));
  assert.match((cell.processEvents ?? []).join('\n'), new RegExp(`phase closed: pid ${ours} ended, pid \\d+ appeared`));
  const errorLog = readFileSync(join(/run (\S+) → (\S+)/.exec(result.stderr)![2]!, 'logs', 'nginx-r1.error.log'), 'utf8');
  assert.match(errorLog, new RegExp(`worker process ${ours} exited on signal 9`));
  assert.equal(result.exitCode, ExitCode.noValidResult, result.all);
});

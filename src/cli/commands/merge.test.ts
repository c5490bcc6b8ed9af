// `proxybench merge` through the CLI: run folders as repetitions; workers' outputs into a run whose merge is exact.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createLatencyHistogram, decodeHistogram, encodeHistogram } from '../../measure/histogram.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { startCli, tempDir } from '../../testing/cli.js';
import { cellsFor, fixtureRecord } from '../../testing/record-fixture.js';
import { TrafficRecorder } from '../../traffic/recorder.js';
import { formatWorkerOutput } from '../../traffic/worker-output.js';
import { readRunFolder } from '../../record/read.js';

const runDirOf = (stdout: string) => (JSON.parse(stdout) as { runDir: string }).runDir;
const readRecord = (dir: string) => readRunFolder(dir);

test('merge RUN RUN: one run folder with every cell as a repetition, every output rendered', async () => {
  const dirs = ['a', 'b'].map((name, i) => {
    const dir = tempDir(`merge-${name}`);
    writeFileSync(join(dir, 'run.json'), JSON.stringify(fixtureRecord(`run-${name}`, cellsFor('nginx', [1000 + i * 100, 1050 + i * 100]))));
    return dir;
  });
  const run = await startCli(['merge', ...dirs, '--out', tempDir('merged'), '--json']);
  assert.equal(run.exitCode, ExitCode.ok, run.all);
  const dir = runDirOf(run.stdout);
  assert.deepEqual(readRecord(dir).cells.map((c) => c.repetition), [1, 2, 3, 4]);
  const rows = parse(readFileSync(join(dir, 'summary.csv')), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.repetition, r.p99_us]), [['1', '1000'], ['2', '1050'], ['3', '1100'], ['4', '1150']]);
  assert.match(readFileSync(join(dir, 'report.md'), 'utf8'), /\| nginx \|/);

  const bad = await startCli(['merge', dirs[0]!, '--out', tempDir('merged')]);
  assert.equal(bad.exitCode, ExitCode.config, bad.all);
  assert.match(bad.stderr, /at least two runs/);
});

/** A worker's output as it prints it: one result line per phase, among other log lines. */
function workerLog(index: number, count: number, latenciesUs: number[]): string {
  const recorder = new TrafficRecorder(true);
  latenciesUs.forEach((us, i) => {
    recorder.recordResponse(200, us, i * 1e6, us);
    recorder.recordSchedulerLag(20);
  });
  const result = recorder.result({ kind: 'open', startedAtMs: 1.7e12, endedAtMs: 1.7e12 + 1000, durationMs: 1000, targetRatePerSec: latenciesUs.length / 1, unsent: 0, generatorBusyFraction: 0.1, share: { index, count }, startLateMs: 0 });
  return [`worker ${index} starting`, formatWorkerOutput({ scenario: 'k8s', phase: 'load', share: { index, count }, result }), 'done', ''].join('\n');
}

test('merge --scenario: workers\' outputs become one run; the merged histogram is exactly all samples; a missing worker invalidates', async () => {
  const dir = tempDir('merge-workers');
  const scenario = join(dir, 'k8s.yaml');
  writeFileSync(scenario, 'name: k8s\nvariants: [nginx]\ngenerators: 2\nphases:\n  - { name: load, duration: 1s, traffic: { loop: open, rate: 2000/s, connections: 8 } }\n');
  const samples = [[100, 200, 300], [150, 250, 350, 4000]];
  mkdirSync(join(dir, 'logs'));
  samples.forEach((s, k) => writeFileSync(join(dir, 'logs', `w${k}.log`), workerLog(k, 2, s)));
  const run = await startCli(['merge', '--scenario', scenario, '--variant', 'nginx', '--out', join(dir, 'out'), '--json', ...samples.map((_, k) => join(dir, 'logs', `w${k}.log`))]);
  assert.equal(run.exitCode, ExitCode.ok, run.all);
  const out = runDirOf(run.stdout);
  const phase = readRecord(out).cells[0]!.phases[0]!;
  const all = createLatencyHistogram();
  for (const us of samples.flat()) all.recordValue(us);
  assert.equal(phase.traffic.latencyUs, encodeHistogram(all));
  assert.equal(phase.traffic.workers!.length, 2);
  assert.equal(decodeHistogram(phase.traffic.latencyUs).totalCount, 7);
  assert.ok(readdirSync(join(out, 'hlog')).length === 1);
  const rows = parse(readFileSync(join(out, 'summary.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(rows[0]!.generator_workers, '2');

  const one = await startCli(['merge', '--scenario', scenario, '--variant', 'nginx', '--out', join(dir, 'out'), '--json', join(dir, 'logs', 'w1.log')]);
  assert.equal(one.exitCode, ExitCode.ok, one.all);
  const missing = readRecord(runDirOf(one.stdout)).cells[0]!.phases[0]!;
  assert.equal(missing.validity.valid, false);
  assert.match(missing.validity.reasons.join('; '), /generator worker 1 of 2: no result/);
});

// End-to-end: a run with two generator workers merges them exactly and shows them in run.json, summary.csv, .hlog, report.md.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { decodeHistogram } from '../measure/histogram.js';
import { pidAlive } from '../shared/pid-alive.js';
import { ExitCode } from '../shared/exit-codes.js';
import { startCli, tempDir, writeScenario, assertRunDone } from '../testing/cli.js';
import { readRunFolder } from '../record/read.js';

test('cpus.generator "0-1": two pinned workers drive every phase, merged exactly, each visible', async () => {
  const file = await writeScenario(tempDir('workers-s'), {
    name: 'workers-e2e', variants: ['direct'], closed: '1500ms', open: { duration: '1500ms', rate: '400/s' },
    extra: 'cpus: { generator: "0-1", proxy: "1", upstream: "1" }',
  });
  const run = await startCli(['run', file, '--out', tempDir('workers'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRunFolder(runDir);
  assert.deepEqual(record.provenance.cpuLayout.generatorWorkers, ['0', '1']);
  const count = (e: string) => decodeHistogram(e).totalCount;
  for (const phase of record.cells[0]!.phases) {
    const t = phase.traffic;
    assert.deepEqual(t.workers?.map((w) => w.share), [{ index: 0, count: 2 }, { index: 1, count: 2 }], phase.name);
    assert.equal(t.requests, t.workers!.reduce((n, w) => n + w.requests, 0));
    assert.equal(count(t.latencyUs), t.workers!.reduce((n, w) => n + count(w.latencyUs), 0));
    assert.equal(count(t.latencyUs), t.requests);
  }
  const open = record.cells[0]!.phases.find((p) => p.name === 'open')!.traffic;
  assert.equal(open.requests + Object.values(open.errors).reduce((a, b) => a + b, 0) + open.unsent!, 600, 'the two shares are the one schedule');

  const rows = parse(readFileSync(join(runDir, 'summary.csv')), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.phase, r.generator_workers]), [['closed', '2'], ['open', '2']]);
  assert.match(readFileSync(join(runDir, 'report.md'), 'utf8'), /## Phase `open` — .*, driven by 2 generator workers/);

  const hlog = readdirSync(join(runDir, 'hlog')).find((f) => f.startsWith('direct.open.'))!;
  const reader = new hdr.HistogramLogReader(readFileSync(join(runDir, 'hlog', hlog), 'utf8'));
  const totals = new Map<string, number>();
  // The phase's own lines are untagged (what HistogramLogProcessor reads by default); each worker's carry its tag.
  const key = (t: string | undefined) => (t === undefined || t === 'NO TAG' ? '' : t);
  for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) totals.set(key(h.tag), (totals.get(key(h.tag)) ?? 0) + h.totalCount);
  const tag = hlog.replace(/\.hlog$/, '');
  assert.deepEqual([...totals.keys()].sort(), ['', `${tag}.w1`, `${tag}.w2`]);
  assert.equal(totals.get(''), totals.get(`${tag}.w1`)! + totals.get(`${tag}.w2`)!);
  assert.equal(totals.get(''), open.requests);
});

test('Ctrl-C while two workers drive a phase stops both and the run', async () => {
  const file = await writeScenario(tempDir('workers-int-s'), {
    name: 'workers-sigint', variants: ['direct'], open: { duration: '30s', rate: '200/s' },
    extra: 'cpus: { generator: "0-1", proxy: "1", upstream: "1" }',
  });
  const child = startCli(['run', file, '--out', tempDir('workers-int')]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/direct #1 warm-up warm:/.test(seen)) resolve(); // the open phase has begun
    });
    void child.then(() => resolve());
  });
  const pids = (/2 generator workers, pinned to CPUs 0, 1 \(pids (\d+), (\d+)\)/.exec(seen) ?? []).slice(1).map(Number);
  assert.equal(pids.length, 2, seen);
  assert.ok(pids.every(pidAlive), 'both workers run mid-run');
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  assert.deepEqual(pids.filter(pidAlive), [], 'no generator worker is left');
});

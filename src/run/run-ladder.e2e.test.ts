// End-to-end: `proxybench run` with a small connection ladder against real nginx (and direct, which is skipped).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { e2eGeneratorWarmup, startCli, tempDir, portsLine } from '../testing/cli.js';
import { readRunFolder } from '../record/read.js';

test('nginx holds every connection the ladder opens, and a positive bytes/conn with its R² is reported', async () => {
  const dir = tempDir('ladder');
  const file = join(dir, 'ladder.yaml');
  writeFileSync(file, [
    'name: ladder-e2e',
    e2eGeneratorWarmup,
    'variants: [direct, nginx]',
    await portsLine(),
    'phases:',
    '  - name: idle',
    '    duration: 30s',
    '    traffic: { loop: ladder, kind: idle, steps: [0, 100, 200, 400] }',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRunFolder(runDir);

  const [direct, nginx] = record.cells.map((c) => c.ladders?.[0]);
  assert.equal(direct?.status, 'skipped');
  assert.equal(nginx?.status, 'ok', nginx?.note ?? '');
  assert.deepEqual(nginx.steps.map((s) => s.target), [0, 100, 200, 400]);
  for (const s of nginx.steps) {
    assert.equal(s.opened, s.target, `step ${s.target}: every connection opened`);
    assert.equal(s.held, s.opened, `step ${s.target}: nginx holds every connection opened`);
    assert.ok(s.rssBytes > 1_000_000, 'RSS read');
  }
  assert.equal(nginx.closedByProxy, false);
  assert.equal(nginx.fitOn, 'held');
  assert.ok(nginx.fit && nginx.fit.bytesPerConn > 0, `bytes/conn ${nginx.fit?.bytesPerConn}`);
  assert.ok(nginx.fit.r2 >= 0 && nginx.fit.r2 <= 1);
  assert.ok(nginx.upstreamRequests !== null && nginx.upstreamRequests >= 400, 'the exchanges reached the upstream');

  const rows = parse(readFileSync(join(runDir, 'connections.csv')), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => [r.variant, r.step]), [['direct', ''], ['nginx', '0'], ['nginx', '1'], ['nginx', '2'], ['nginx', '3']]);
  assert.ok(Number(rows[4]!.bytes_per_conn) > 0 && rows[4]!.r2 !== '');
  const report = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(report, /## Memory per connection/);
  assert.match(report, /\| nginx \| idle \| [\d,]+ B \| [01]\.\d{3} \| [\d.]+ MiB \| 400 \/ 400 \|/);

  const before = readFileSync(join(runDir, 'connections.csv'), 'utf8');
  const again = await startCli(['report', runDir]);
  assert.equal(again.exitCode, 0, again.all);
  assert.equal(readFileSync(join(runDir, 'connections.csv'), 'utf8'), before, 'report re-renders connections.csv from run.json');
});

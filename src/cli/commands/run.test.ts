// End-to-end: `proxybench run` and `report` against real variants (direct, node, nginx) on loopback.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { startCli, tempDir, writeScenario, assertRunDone } from '../../testing/cli.js';
import { readRunFolder } from '../../record/read.js';

const out = tempDir('run');

test('run: direct, node and nginx give a summary with µs percentiles, CPU, RSS; report re-renders the same files', async () => {
  const dir = tempDir('scenario');
  const file = await writeScenario(dir, { name: 'e2e', variants: ['direct', 'node', 'nginx'], closed: '1500ms', open: { duration: '1500ms', rate: '300/s' } });
  const run = await startCli(['run', file, '--out', out, '--json']);
  assertRunDone(run);
  const { runs } = JSON.parse(run.stdout) as { runs: { runDir: string; status: string }[] };
  const runDir = runs[0]!.runDir;
  assert.equal(runs[0]!.status, 'complete');

  const record = readRunFolder(runDir);
  assert.equal(record.schemaVersion, 1);
  assert.equal(record.status, 'complete');
  assert.deepEqual(record.cells.map((c) => [c.variant, c.status]), [['direct', 'ok'], ['node', 'ok'], ['nginx', 'ok']]);
  assert.match(record.provenance.scenario.sha256, /^[0-9a-f]{64}$/);
  assert.ok(record.provenance.host.cores >= 1 && record.provenance.host.kernel.length > 0);
  assert.ok(record.provenance.endedAt);
  assert.ok(record.variants.find((v) => v.name === 'nginx')?.version);

  const rows = parse(readFileSync(join(runDir, 'summary.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, 6, 'one row per variant × measured phase (warm-up excluded)');
  assert.ok(!rows.some((r) => r.phase === 'warm'));
  for (const row of rows.filter((r) => r.variant !== 'direct')) {
    assert.equal(row.valid, 'TRUE', `${row.variant}/${row.phase}: ${row.invalid_reason}`);
    const [p50, p99, max] = [Number(row.p50_us), Number(row.p99_us), Number(row.max_us)];
    assert.ok(p50 > 0 && p50 <= p99 && p99 <= max, `${row.variant} percentiles ordered: ${p50} ${p99} ${max}`);
    assert.ok(Number(row.proxy_rss_peak_bytes) > 1_000_000, 'proxy RSS measured');
    assert.ok(Number(row.proxy_cpu_cores) > 0, 'proxy CPU measured');
    assert.ok(Number(row.upstream_requests) >= Number(row.requests) * 0.99, 'requests reached the upstream');
  }
  const open = rows.find((r) => r.variant === 'nginx' && r.phase === 'open')!;
  assert.equal(open.loop, 'open');
  assert.equal(Number(open.target_rps), 300);
  assert.ok(Number(open.uncorrected_p99_us) > 0);

  const series = parse(readFileSync(join(runDir, 'timeseries.csv')), { columns: true }) as Record<string, string>[];
  assert.ok(series.some((r) => r.variant === 'nginx' && r.role === 'proxy' && Number(r.rss_bytes) > 0));
  assert.ok(series.some((r) => r.role === 'generator'));

  const hlogs = readdirSync(join(runDir, 'hlog'));
  const hlog = hlogs.find((f) => f.startsWith('nginx.closed.'))!;
  const reader = new hdr.HistogramLogReader(readFileSync(join(runDir, 'hlog', hlog), 'utf8'));
  const first = reader.nextIntervalHistogram();
  assert.ok(first && first.totalCount > 0, '.hlog holds readable interval histograms');

  const before = ['summary.csv', 'timeseries.csv', 'report.md'].map((f) => readFileSync(join(runDir, f), 'utf8'));
  const report = await startCli(['report', runDir]);
  assert.equal(report.exitCode, 0, report.all);
  const after = ['summary.csv', 'timeseries.csv', 'report.md'].map((f) => readFileSync(join(runDir, f), 'utf8'));
  assert.deepEqual(after, before, 'report reproduces the same outputs from run.json');
  assert.match(after[2]!, /## Phase `closed`/);
});

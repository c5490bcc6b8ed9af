// The gate's files: JUnit XML valid (fast-xml-parser), compare.csv header pinned, compare.md names regressed cells.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { compareRuns } from './compare.js';
import { compareSpec } from './csv-spec.js';
import { renderCompareOutputs } from './outputs.js';
import { cellsFor, fixtureRecord } from '../testing/record-fixture.js';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../testing/cli.js';

/** xmllint (Debian libxml2-utils, installed by scripts/setup.sh) against the Jenkins xunit plugin's junit-10.xsd. */
function validateJunit(xml: string): { ok: boolean; output: string } {
  const file = join(mkdtempSync(join(tmpdir(), 'pb-junit-')), 'junit.xml');
  writeFileSync(file, xml);
  const r = spawnSync('xmllint', ['--noout', '--schema', join(repoRoot, 'src/testing/junit-10.xsd'), file], { encoding: 'utf8' });
  assert.ok(!r.error, `xmllint did not run (${r.error?.message}): install it with scripts/setup.sh (Debian libxml2-utils)`);
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

function failingResult() {
  const base = fixtureRecord('base-run', [...cellsFor('direct', [500, 505, 510]), ...cellsFor('nginx', [1000, 1010, 1005]), ...cellsFor('node', [2000])]);
  const cand = fixtureRecord('cand-run', [...cellsFor('direct', [500, 505, 510]), ...cellsFor('nginx', [3000, 3010, 3005]), ...cellsFor('node', [2600])]);
  return compareRuns({ baseline: { record: base, runDir: '/b' }, candidate: { record: cand, runDir: '/c' }, flags: {} });
}

test('compare.csv header is pinned: columns are only ever appended', () => {
  assert.deepEqual(compareSpec.columns.map((c) => c.name).slice(0, 19), [
    'baseline_run_id', 'candidate_run_id', 'variant', 'phase', 'traffic_class', 'metric', 'unit', 'verdict', 'worse_when',
    'baseline_median', 'candidate_median', 'change_pct', 'threshold_pct', 'p_value', 'baseline_n', 'candidate_n',
    'baseline_values', 'candidate_values', 'message',
  ]);
});

test('compare.csv: one row per check, figures in their unit', () => {
  const result = failingResult();
  const rows = parse(renderCompareOutputs(result).get('compare.csv')!, { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, result.checks.length);
  const p99 = rows.find((r) => r.variant === 'nginx' && r.metric === 'p99_us')!;
  assert.deepEqual([p99.unit, p99.verdict, p99.baseline_median, p99.candidate_median, p99.change_pct, p99.threshold_pct, p99.baseline_values],
    ['µs', 'fail', '1005', '3005', '199.005', '10', '[1000,1010,1005]']);
});

test('junit.xml is well-formed XML with one testcase per check and a failure per regression', () => {
  const result = failingResult();
  const xml = renderCompareOutputs(result).get('junit.xml')!;
  assert.equal(XMLValidator.validate(xml), true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
  const suites = [doc.testsuites.testsuite].flat();
  const cases = suites.flatMap((s: { testcase: unknown }) => [s.testcase].flat()) as { name: string; failure?: { message: string }; skipped?: unknown }[];
  assert.equal(cases.length, result.checks.length);
  assert.equal(Number(doc.testsuites.failures), result.checks.filter((c) => c.verdict === 'fail').length);
  const failure = cases.find((c) => c.name === 'closed benign p99' && c.failure)!;
  assert.match(failure.failure!.message, /p99 regressed: 1\.00 ms → 3\.00 ms/);
  assert.ok(cases.some((c) => c.skipped !== undefined), 'inconclusive checks are skipped testcases');
});

test('junit.xml validates against the Jenkins xunit junit-10.xsd (and the schema does reject a wrong one)', () => {
  const result = failingResult();
  const xml = renderCompareOutputs(result).get('junit.xml')!;
  const valid = validateJunit(xml);
  assert.ok(valid.ok, valid.output);
  const withSkippedOnSuites = xml.replace('<testsuites ', '<testsuites skipped="1" ');
  assert.equal(validateJunit(withSkippedOnSuites).ok, false, 'skipped on <testsuites> is what the schema rejects');
});

test('junit.xml escapes markup and drops characters XML cannot hold', () => {
  const result = failingResult();
  result.checks[0]!.message = 'a <b> & "c" \u0000 \u001b[31m';
  assert.equal(XMLValidator.validate(renderCompareOutputs(result).get('junit.xml')!), true);
});

test('compare.md: verdict first, every regressed cell with baseline, candidate and threshold', () => {
  const md = renderCompareOutputs(failingResult()).get('compare.md')!;
  assert.match(md, /^# proxybench compare: ❌ FAIL/);
  assert.match(md, /## Regressions \(2\)/);
  assert.match(md, /\| `nginx` · `closed` \| p99 \| 1\.00 ms \[1\.00 ms–1\.01 ms\] \| 3\.00 ms \[3\.00 ms–3\.01 ms\] \| \+199\.0% \| \+10% \| 0\.050 \|/);
  assert.match(md, /## Inconclusive/);
  assert.match(md, /`node` · `closed`: p99: 2\.00 ms → 2\.60 ms \(\+30\.0%\); n = 1\/1 repetitions cannot tell/);
});

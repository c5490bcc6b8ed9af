// End-to-end: the probe sweep over TLS (probes.tls) — nginx's smuggling verdicts over its TLS listener are its plaintext
// ones; the deliberately vulnerable fixture behind its own TLS terminator is still caught.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { e2eScenarioSettings, repoRoot, startCli, tempDir, assertRunDone } from '../testing/cli.js';
import type { RunRecord } from '../record/run.js';

type Row = Record<string, string>;

/** Runs a one-phase scenario with a probe sweep over `tls` or plaintext; its probes.csv rows and run record. */
async function sweep(variant: string, select: string, tls: boolean, extraArgs: string[] = []): Promise<{ rows: Row[]; record: RunRecord }> {
  const dir = tempDir(`probes-${tls ? 'tls' : 'plain'}`);
  const file = join(dir, 'sweep.yaml');
  writeFileSync(file, [
    `name: probes-${tls ? 'tls' : 'plain'}`,
    `variants: [${variant}]`,
    'ports: auto',
    e2eScenarioSettings,
    'phases:',
    '  - { name: clean, duration: 300ms, traffic: { loop: open, rate: 20/s, connections: 2 } }',
    'probes:',
    `  select: [${select}]`,
    '  confirm: 1',
    `  tls: ${tls}`,
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json', ...extraArgs]);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  return {
    rows: parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Row[],
    record: JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord,
  };
}

const verdicts = (rows: readonly Row[]) => Object.fromEntries(rows.map((r) => [r.probe!, `${r.verdict} ${r.pass}`]));

test('nginx: the smuggling family over TLS gives the verdicts it gives over plaintext, each row saying its transport', { timeout: 300_000 }, async () => {
  const plain = await sweep('nginx', 'smuggling', false);
  const tls = await sweep('nginx', 'smuggling', true);
  assert.ok(plain.rows.length >= 40, `${plain.rows.length} smuggling probes`);
  assert.deepEqual(new Set(plain.rows.map((r) => r.transport)), new Set(['plain']));
  assert.deepEqual(new Set(tls.rows.map((r) => r.transport)), new Set(['tls']));
  assert.equal(tls.rows.filter((r) => r.verdict === 'SKIPPED').length, 0, 'every probe ran over TLS');
  // The TLS listener was the run's own, verified: nothing was accepted unverified.
  assert.equal(tls.record.cells[0]!.tls?.negotiated.fingerprint256, tls.record.tls?.certificateFingerprint256);
  assert.deepEqual(verdicts(tls.rows), verdicts(plain.rows));
  assert.ok(tls.rows.some((r) => r.verdict === 'REJECT' && /closed \(fin\)/.test(r.evidence!)), 'a rejected probe’s close is seen through TLS');
});

test('the vulnerable fixture behind its own TLS listener: its CL.TE desyncs are caught over TLS too', { timeout: 120_000 }, async () => {
  const { rows, record } = await sweep('vulnerable', '01-cl-te, 02-te-cl, 10-cl-differing', true, ['--variant-dir', join(repoRoot, 'src', 'testing', 'fixtures')]);
  assert.equal(record.cells[0]!.tls?.negotiated.protocol, 'TLSv1.3');
  const byId = new Map(rows.map((r) => [r.probe!, r]));
  assert.equal(`${byId.get('01-cl-te')!.verdict} ${byId.get('01-cl-te')!.transport}`, 'DESYNC tls', byId.get('01-cl-te')!.reason);
  assert.match(byId.get('01-cl-te')!.reason!, /GET \/SMUG01\b/);
  for (const row of rows) assert.equal(row.pass, 'FALSE', `${row.probe}: ${row.verdict} ${row.reason}`);
});

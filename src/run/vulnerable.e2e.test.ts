// End-to-end: a full probe sweep against a deliberately vulnerable proxy (src/testing/fixtures/vulnerable/) reports DESYNC on every
// CL.TE-class probe, each for its own smuggled request — no verdict inherits what an earlier probe left behind.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { freePort, e2eScenarioSettings, repoRoot, startCli, tempDir, portsLine } from '../testing/cli.js';
import { catalogueFolder, loadCatalogue } from '../scenario/probes/load-catalogue.js';
import type { Probe } from '../scenario/probes/probe-schema.js';
import { lenientDialect, oracleDialect } from '../http1/dialect.js';
import { parseOne, parseStream } from '../http1/stream.js';

/** CL.TE class: a reader framing by Content-Length alone forwards, as one request, bytes the oracle frames the smuggled request from. */
function isClTe(probe: Probe): boolean {
  if (probe.steps.length !== 1 || !('send' in probe.steps[0]!)) return false;
  const bytes = probe.steps[0].send;
  const first = parseOne(bytes, 0, lenientDialect);
  if (first.kind !== 'request') return false;
  return parseStream(bytes.subarray(0, first.request.end), oracleDialect).requests.some((r) => r.target === probe.smuggleTarget);
}

test('a full sweep catches the vulnerable proxy (CL-only framing, one shared upstream connection) on every CL.TE-class probe', { timeout: 420_000 }, async () => {
  const catalogue = loadCatalogue([join(repoRoot, catalogueFolder)], repoRoot);
  const clTe = catalogue.filter(isClTe).map((p) => p.id);
  assert.ok(clTe.includes('01-cl-te') && clTe.length >= 8, `CL.TE-class probes: ${clTe.join(' ')}`);

  const dir = tempDir('vulnerable');
  const file = join(dir, 'vulnerable.yaml');
  writeFileSync(file, [
    'name: vulnerable-sweep',
    'variants: [vulnerable]',
    await portsLine(),
    e2eScenarioSettings,
    'phases:',
    '  - { name: clean, duration: 500ms, traffic: { loop: open, rate: 20/s, connections: 2 } }',
    'probes:',
    '  select: [all]', // the whole catalogue, in order, on one proxy: a verdict that inherited an earlier probe's poison would show
    `  oraclePort: ${await freePort()}`,
    '  confirm: 0',
    '  responseTimeout: 600ms',
    '  victimTimeout: 600ms',
    '  settle: 100ms',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--variant-dir', join(repoRoot, 'src', 'testing', 'fixtures'), '--out', join(dir, 'out'), '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const rows = parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, catalogue.length, 'every probe of the catalogue has its row');
  const byId = new Map(rows.map((r) => [r.probe!, r]));

  for (const id of clTe) {
    const row = byId.get(id)!;
    const marker = `/SMUG${id.slice(0, 2)}`;
    assert.equal(`${id} ${row.verdict} ${row.pass}`, `${id} DESYNC FALSE`, row.reason);
    assert.match(row.reason!, new RegExp(`GET ${marker}\\b`), `${id}: the DESYNC is its own smuggled request`);
  }
  for (const row of rows) {
    const foreign = /\/victim\/([^/\s]+)\//.exec(row.reason!)?.[1];
    assert.ok(foreign === undefined || foreign === row.probe, `${row.probe} is judged on what another probe left: ${row.reason}`);
  }
  // The proxy is no less broken elsewhere: no probe that sends a framing trick passes by accident of an earlier one.
  assert.equal(byId.get('02-te-cl')!.pass, 'FALSE', byId.get('02-te-cl')!.reason);
});

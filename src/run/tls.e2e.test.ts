// End-to-end: `proxybench run` over TLS against direct and node: listeners recorded, every mode verified, the figures
// and the TLS section written; a variant that cannot terminate TLS stops the run before anything starts.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { startCli, tempDir, assertRunDone } from '../testing/cli.js';
import { nginxWithoutResumption, tlsScenario } from '../testing/tls-scenario.js';
import { which } from '../runtime/local/which.js';
import { readRunFolder } from '../record/read.js';

test('run over TLS: one certificate, each listener verified and recorded, modes checked per connection, figures and report', async () => {
  const dir = tempDir('tls-e2e');
  const run = await startCli(['run', await tlsScenario(dir, ['direct', 'node']), '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRunFolder(runDir);
  assert.equal(record.tls?.keyType, 'ecdsa-p256');
  for (const cell of record.cells) {
    assert.equal(cell.status, 'ok', cell.failure?.message);
    assert.equal(cell.tls?.negotiated.protocol, 'TLSv1.3');
    assert.equal(cell.tls?.negotiated.keyType, 'ecdsa-p256');
    assert.equal(cell.tls?.negotiated.fingerprint256, record.tls?.certificateFingerprint256, 'the run’s own certificate was served');
    assert.match(cell.tls?.library ?? '', /OpenSSL/);
    const phase = (name: string) => cell.phases.find((p) => p.name === name)!;
    assert.equal(phase('plain').traffic.tls, undefined);
    assert.equal(phase('full').traffic.tls!.resumed, 0);
    assert.ok(phase('full').traffic.tls!.handshakes >= phase('full').traffic.requests);
    assert.equal(phase('resumed').traffic.tls!.resumed, phase('resumed').traffic.tls!.handshakes);
    assert.equal(phase('closed-tls').traffic.tls!.handshakes, 4);
    assert.equal(phase('closed-tls').traffic.tls!.unauthorized, 0);
  }
  const rows = parse(readFileSync(join(runDir, 'summary.csv')), { columns: true }) as Record<string, string>[];
  const nodeFull = rows.find((r) => r.variant === 'node' && r.phase === 'full')!;
  assert.equal(nodeFull.tls_mode, 'full');
  if (nodeFull.valid === 'TRUE') {
    assert.ok(Number(nodeFull.proxy_cpu_us_per_handshake) > 0, 'CPU per handshake measured');
    assert.match(nodeFull.handshakes_per_core_basis!, /^(observed|estimate)$/);
  }
  assert.equal(rows.find((r) => r.variant === 'direct' && r.phase === 'full')!.proxy_cpu_us_per_handshake, '', 'direct runs no proxy');
  const md = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(md, /## TLS/);
  assert.match(md, /\| node \| OpenSSL \(bundled with Node\.js\) \d/);
  assert.match(readFileSync(join(runDir, 'report.html'), 'utf8'), /<h2 id="tls">TLS<\/h2>/);
});

test('TLS asked of a variant without a tls section: exit 3 naming it, before anything starts', async () => {
  const dir = tempDir('tls-e2e-bad');
  const variantDir = join(dir, 'variants');
  mkdirSync(join(variantDir, 'plainonly'), { recursive: true });
  writeFileSync(join(variantDir, 'plainonly', 'variant.yaml'), [
    'name: plainonly', 'language: JavaScript', 'description: node without TLS', 'local:', '  install: none',
    '  version: { command: ["{{node}}", "--version"], pattern: "v(\\\\S+)" }',
    '  command: ["{{node}}", "-e", "0"]', '',
  ].join('\n'));
  const run = await startCli(['run', await tlsScenario(dir, ['direct', 'plainonly']), '--out', join(dir, 'out'), '--variant-dir', variantDir]);
  assert.equal(run.exitCode, 3, run.all);
  assert.match(run.all, /plainonly cannot terminate TLS: its variant\.yaml has no tls section/);
  assert.doesNotMatch(run.all, /\[1\/2\]/, 'no cell started');
});

test('an nginx with session tickets and session cache off makes a resumed phase invalid, with the reason', { skip: which('nginx') === undefined ? 'nginx is not installed' : false }, async () => {
  const dir = tempDir('tls-e2e-noresume');
  const run = await startCli(['run', await tlsScenario(dir, ['nginx']), '--variant-dir', nginxWithoutResumption(dir), '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const cell = readRunFolder(runDir).cells[0]!;
  assert.equal(cell.status, 'ok', cell.failure?.message);
  const resumed = cell.phases.find((p) => p.name === 'resumed')!;
  assert.equal(resumed.traffic.tls!.resumed, 0);
  assert.equal(resumed.validity.valid, false);
  assert.ok(resumed.validity.reasons.some((r) => /mode resumed, but \d+ of \d+ connections did a full handshake/.test(r)), resumed.validity.reasons.join('; '));
});

// A run whose measured phase has no valid result says so: its own exit code, the summary line, --json validity, a badge that is not green.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { e2eGeneratorWarmup, startCli, tempDir, freePorts } from '../../testing/cli.js';
import { ExitCode } from '../../shared/exit-codes.js';

test('an open-loop phase the target cannot sustain: exit 6, "1 of 2 measured phases have no valid result" (the direct reference row listed, not counted), --json carries validity and reasons', async () => {
  const dir = tempDir('outcome');
  const [proxy, upstream] = await freePorts(2);
  // 2 connections to an upstream that answers after 20 ms carry at most 100 requests/s: 400/s cannot be achieved. A
  // target that cannot keep up is a valid (saturated) result, so the phase is made invalid by the generator: a
  // scheduler-lag limit of 1 µs no generator meets (the closed phase has no such rule).
  const file = join(dir, 'unsustainable.yaml');
  writeFileSync(file, [
    'name: unsustainable',
    'variants: [direct, nginx]',
    `ports: { proxy: ${proxy}, upstream: ${upstream} }`,
    'upstream: { responseBody: 256, latency: { distribution: fixed, value: 20ms } }',
    'validity: { maxSendLagP99: 1us, maxGeneratorBusy: 1 }',
    e2eGeneratorWarmup,
    'phases:',
    '  - { name: closed, duration: 1s, traffic: { loop: closed, connections: 4 } }',
    '  - { name: open, duration: 1s, traffic: { loop: open, rate: 400/s, connections: 2 } }',
    '',
  ].join('\n'));
  const result = await startCli(['run', file, '--out', join(dir, 'results'), '--json']);
  assert.equal(result.exitCode, ExitCode.noValidResult, result.stderr);
  assert.match(result.stderr, /complete: 2 cell\(s\), 0 not ok; 1 of 2 measured phases have no valid result/);
  assert.match(result.stderr, /no valid result: nginx open: generator fell behind its schedule.*achieved \d+\/s of the 400\/s target/);
  assert.match(result.stderr, /no valid result \(reference row, not counted\): direct open: generator fell behind/);
  const json = JSON.parse(result.stdout) as { runs: { runDir: string; measuredPhases: number; phasesWithoutResult: number; cells: { variant: string; phases: { phase: string; valid: boolean; reasons: string[]; figures: { p99Us: number } | null }[] }[] }[] };
  const [run] = json.runs;
  assert.deepEqual([run!.measuredPhases, run!.phasesWithoutResult], [2, 1]);
  const nginxCell = run!.cells.find((c) => c.variant === 'nginx')!;
  const phases = Object.fromEntries(nginxCell.phases.map((p) => [p.phase, p]));
  assert.equal(phases.open!.valid, false);
  assert.match(phases.open!.reasons.join(';'), /of the 400\/s target/);
  assert.equal(phases.open!.figures, null, 'an invalid phase carries no figures');
  assert.equal(phases.closed!.valid, true);
  assert.ok(phases.closed!.figures!.p99Us >= 20_000, 'the valid phase carries its figures (20 ms injected)');
  const html = readFileSync(join(run!.runDir, 'report.html'), 'utf8');
  assert.match(html, /status-other">complete — 1 of 2 measured phases have no valid result/);
  assert.match(readFileSync(join(run!.runDir, 'report.md'), 'utf8'), /1 of 2 measured phases have no valid result/);
});

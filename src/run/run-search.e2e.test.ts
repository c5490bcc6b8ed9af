// A rate search end to end (bin/proxybench run): an upstream with a scripted knee is found within one search step.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { e2eScenarioSettings, startCli, tempDir, portsLine } from '../testing/cli.js';
import { readRunFolder } from '../record/read.js';

test('search: the upstream turns 500 ms slow past 1000/s arriving; the rate at SLO brackets 1000/s within the 20% resolution', async () => {
  const dir = tempDir('search');
  const file = join(dir, 'knee.yaml');
  // 300, 600, 1200 (beyond), 900, 1050 (beyond) → [900, 1050]: the nearest steps are 10% below and 5% above the knee,
  // so stalls of a loaded test machine (timers 100–200 ms late seen while the whole suite runs) cannot flip a step: the
  // knee counts arrivals over 2 s, so a stalled upstream that catches up reads less than 5% too many. The SLO (250 ms)
  // is above such stalls and below 500 ms. The knee remembers its 2 s, so a step after a beyond step is slow for up to
  // 2.5 s: settle 3 s.
  writeFileSync(file, [
    'name: knee',
    e2eScenarioSettings,
    'variants: [direct]',
    await portsLine(),
    'upstream: { responseBody: 256, latency: { distribution: knee, rate: 1000/s, below: 0ms, above: 500ms, window: 2s } }',
    'phases:',
    '  - name: warm',
    '    warmup: true',
    '    duration: 500ms',
    '    traffic: { loop: closed, connections: 8 }',
    '  - name: capacity',
    '    duration: 4s',
    '    traffic: { loop: search, slo: { p99: 250ms }, from: 300/s, to: 2400/s, connections: 512, settle: 3s, maxSteps: 8, resolutionPct: 20 }',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', dir, '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRunFolder(runDir);
  const search = record.cells[0]!.searches![0]!;
  const { result } = search;
  const steps = search.steps.map((s) => `${s.ratePerSec}/s ${s.outcome} (${s.reason})`).join('; ');
  assert.equal(result.status, 'found', steps);
  assert.ok(result.rateAtSloPerSec! <= 1000 && 1000 < result.beyondPerSec!, `bracket ${result.rateAtSloPerSec}–${result.beyondPerSec}: ${steps}`);
  assert.ok((result.beyondPerSec! - result.rateAtSloPerSec!) / result.rateAtSloPerSec! <= 0.2, `one step: ${steps}`);
  assert.ok(search.steps.length <= 8);
  for (const s of search.steps) assert.ok(s.phase.traffic.latencyUs.length > 0 && s.phase.traffic.intervals.length > 0, 'every step keeps its own histograms');
  const md = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(md, /## Rate at SLO — search `capacity`/);
  assert.match(md, new RegExp(`\\*\\*${result.rateAtSloPerSec}/s \\(beyond at ${result.beyondPerSec}/s\\)\\*\\*`));
  process.stderr.write(`# e2e search: ${result.text}; ${steps}\n`);
});

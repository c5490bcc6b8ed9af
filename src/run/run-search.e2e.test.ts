// A rate search end to end (bin/proxybench run): an upstream with a scripted knee is found within one search step.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { freePort, relaxedValidity, startCli, tempDir } from '../testing/cli.js';
import type { RunRecord } from '../record/run.js';

test('search: the upstream turns 200 ms slow past 940/s arriving; the rate at SLO brackets 940/s within the 10% resolution', async () => {
  const dir = tempDir('search');
  const file = join(dir, 'knee.yaml');
  // 300, 600, 1200 (beyond), 900, 1050 (beyond), 975 (beyond) → [900, 975]: no step within 3% of the knee, so a
  // stall of the loaded test machine cannot flip a step. The SLO (100 ms) is far above such stalls and far below 200 ms.
  // The knee counts arrivals over 2 s, so that an upstream stalled (and then catching up) for 80 ms still reads 4% too
  // few; it remembers them, so a step after a beyond step is slow for up to 2.2 s: settle 3 s.
  writeFileSync(file, [
    'name: knee',
    relaxedValidity,
    'variants: [direct]',
    `ports: { proxy: ${await freePort()}, upstream: ${await freePort()} }`,
    'upstream: { responseBody: 256, latency: { distribution: knee, rate: 940/s, below: 0ms, above: 200ms, window: 2s } }',
    'phases:',
    '  - name: warm',
    '    warmup: true',
    '    duration: 500ms',
    '    traffic: { loop: closed, connections: 8 }',
    '  - name: capacity',
    '    duration: 4s',
    '    traffic: { loop: search, slo: { p99: 100ms }, from: 300/s, to: 2400/s, connections: 512, settle: 3s, maxSteps: 8, resolutionPct: 10 }',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', dir, '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;
  const search = record.cells[0]!.searches![0]!;
  const { result } = search;
  const steps = search.steps.map((s) => `${s.ratePerSec}/s ${s.outcome} (${s.reason})`).join('; ');
  assert.equal(result.status, 'found', steps);
  assert.ok(result.rateAtSloPerSec! <= 940 && 940 < result.beyondPerSec!, `bracket ${result.rateAtSloPerSec}–${result.beyondPerSec}: ${steps}`);
  assert.ok((result.beyondPerSec! - result.rateAtSloPerSec!) / result.rateAtSloPerSec! <= 0.1, `one step: ${steps}`);
  assert.ok(search.steps.length <= 8);
  for (const s of search.steps) assert.ok(s.phase.traffic.latencyUs.length > 0 && s.phase.traffic.intervals.length > 0, 'every step keeps its own histograms');
  const md = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(md, /## Rate at SLO — search `capacity`/);
  assert.match(md, new RegExp(`\\*\\*${result.rateAtSloPerSec}/s \\(beyond at ${result.beyondPerSec}/s\\)\\*\\*`));
  process.stderr.write(`# e2e search: ${result.text}; ${steps}\n`);
});

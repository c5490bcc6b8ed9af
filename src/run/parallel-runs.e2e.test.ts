// Two runs started at the same time on one machine never measure each other: own ports (ports: auto) and identity, or refused with exit 4 naming the other run.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { assertRunDone, e2eScenarioSettings, startCli, tempDir, portsLine } from '../testing/cli.js';
import { ExitCode } from '../shared/exit-codes.js';
import { readRunFolder } from '../record/read.js';

function scenario(dir: string, name: string, ports: string): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, [
    `name: ${name}`, 'variants: [direct, nginx]', ports, 'upstream: { responseBody: 256 }',
    e2eScenarioSettings,
    'phases:', '  - { name: closed, duration: 2s, traffic: { loop: closed, connections: 8 } }', '',
  ].join('\n'));
  return file;
}

const runDirOf = (stderr: string) => /run (\S+) → (\S+)/.exec(stderr)![2]!;
const record = (runDir: string) => readRunFolder(runDir);

test('ports: auto — two runs at once get their own ports and identity, and every response each counted reached its own upstream', async () => {
  const dir = tempDir('parallel');
  const [a, b] = await Promise.all(['para-a', 'para-b'].map((name) => startCli(['run', scenario(dir, name, ''), '--out', join(dir, name)])));
  assertRunDone(a!);
  assertRunDone(b!);
  const [ra, rb] = [record(runDirOf(a!.stderr)), record(runDirOf(b!.stderr))];
  assert.ok(ra.identity && rb.identity && ra.identity !== rb.identity, 'each run has its own identity');
  assert.equal(ra.scenario.ports.auto, true);
  const ports = [ra.scenario.ports.proxy, ra.scenario.ports.upstream, rb.scenario.ports.proxy, rb.scenario.ports.upstream];
  assert.equal(new Set(ports).size, 4, `four distinct ports: ${ports.join(', ')}`);
  for (const r of [ra, rb]) {
    for (const cell of r.cells) {
      assert.equal(cell.status, 'ok', `${r.runId} ${cell.variant}: ${cell.failure?.message}`);
      for (const phase of cell.phases) {
        // The upstream counts what reached it; the counters were read with the run's identity, so they are its own.
        assert.ok(phase.upstream, `${r.runId} ${cell.variant} ${phase.name}: upstream counters read`);
        assert.ok(phase.upstream.requests >= phase.traffic.requests * 0.99 && phase.upstream.requests <= phase.traffic.requests + 64,
          `${r.runId} ${cell.variant} ${phase.name}: upstream ${phase.upstream.requests} vs responses ${phase.traffic.requests}`);
      }
    }
  }
});

test('the same explicit ports in two runs at once: one runs, the other is refused with exit 4 naming the run that holds them', async () => {
  const dir = tempDir('parallel');
  const ports = await portsLine();
  const first = startCli(['run', scenario(dir, 'same-a', ports), '--out', join(dir, 'a')]);
  let seen = '';
  await new Promise<void>((resolve) => {
    first.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/\[1\/2\] direct/.test(seen)) resolve();
    });
    void first.then(() => resolve());
  });
  const second = await startCli(['run', scenario(dir, 'same-b', ports), '--out', join(dir, 'b')]);
  const firstRunId = /run (\S+) →/.exec(seen)![1]!;
  assert.equal(second.exitCode, ExitCode.environment, second.all);
  assert.match(second.stderr, new RegExp(`port \\d+ on 127\\.0\\.0\\.1 is already in use by proxybench run ${firstRunId}`));
  assert.match(second.stderr, /fix: wait for that run to end, or let each run pick free ports with `ports: auto`/);
  const done = await first;
  assertRunDone(done);
  const r = record(runDirOf(done.stderr));
  assert.ok(r.cells.every((c) => c.status === 'ok' && c.phases.every((p) => p.upstream && p.upstream.requests >= p.traffic.requests * 0.99)), 'the first run measured only itself');
});

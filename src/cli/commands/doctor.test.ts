// `proxybench doctor`: the noise check on every CPU is among its checks, with what it measured.
import assert from 'node:assert/strict';
import { cpus } from 'node:os';
import { test } from 'node:test';
import { startCli } from '../../testing/cli.js';

test('doctor --json has a noise check per CPU: the gaps a pinned spin loop saw and others\' load', { timeout: 120_000 }, async () => {
  const result = await startCli(['doctor', '--json']);
  assert.equal(result.exitCode, 0, result.all);
  const { checks } = JSON.parse(result.stdout) as { checks: { name: string; ok: boolean; detail: string; fix?: string }[] };
  const noise = checks.filter((c) => c.name.startsWith('noise'));
  assert.deepEqual(noise.map((c) => c.name), cpus().map((_, i) => `noise CPU ${i}`));
  for (const c of noise) {
    assert.match(c.detail, /^\d+ gaps > 50 µs in 300 ms \(longest [\d.]+ ms, not running [\d.]+% of the time, ≈[\d.]+% of requests would be > 1 ms late\)/);
    if (!c.ok) assert.match(c.fix ?? '', /pin cpus\.generator to a quieter CPU/);
  }
});

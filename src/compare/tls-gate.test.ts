// The gate judges proxy CPU per TLS handshake like the other figures; phases without handshakes get no such check.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from './compare.js';
import { tlsRecord } from '../testing/tls-record.js';
import type { RunRecord } from '../record/run.js';

/** Three repetitions of a plaintext phase and a full-handshake phase whose proxy CPU is `cpuSeconds[i]`. */
function run(runId: string, cpuSeconds: number[]): { record: RunRecord; runDir: string } {
  const phases = (cpu: number) => tlsRecord('nginx', [
    { name: 'plain', latencyUs: 300, rps: 1000, proxyCpuSeconds: 1 },
    { name: 'full', latencyUs: 2500, rps: 100, proxyCpuSeconds: cpu, tls: { mode: 'full' } },
  ]);
  const base = phases(cpuSeconds[0]!);
  const cells = cpuSeconds.map((cpu, i) => ({ ...phases(cpu).cells[0]!, repetition: i + 1 }));
  return { record: { ...base, runId, scenario: { ...base.scenario, repetitions: cpuSeconds.length }, cells }, runDir: `/runs/${runId}` };
}

test('CPU per handshake 50% higher in every repetition fails the gate for that phase; the plaintext phase has no handshake check', () => {
  const result = compareRuns({ baseline: run('base', [1.2, 1.21, 1.19]), candidate: run('cand', [1.8, 1.82, 1.79]), flags: {} });
  const check = result.checks.find((c) => c.phase === 'full' && c.metric === 'proxy_cpu_us_per_handshake')!;
  assert.equal(check.verdict, 'fail');
  assert.equal(check.thresholdPct, 10);
  assert.ok(!result.checks.some((c) => c.phase === 'plain' && c.metric === 'proxy_cpu_us_per_handshake'));
  assert.equal(compareRuns({ baseline: run('base', [1.2, 1.21, 1.19]), candidate: run('same', [1.2, 1.21, 1.19]), flags: {} }).verdict, 'pass');
});

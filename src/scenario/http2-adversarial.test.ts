// The shipped HTTP/2 attack scenario loads, runs every h2 attack once by ALPN h2 beside benign h2 traffic, bounded, and sweeps the h2 probes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { repoRoot } from '../testing/cli.js';
import { h2AttackKinds } from './adversarial-schema.js';
import { loadScenarioFile } from './load.js';

test('scenarios/http2-adversarial.yaml: each h2 attack once, over TLS, beside benign h2 as in its clean phase, with a frame budget; the h2 probes', async () => {
  const { scenario } = await loadScenarioFile(join(repoRoot, 'scenarios', 'http2-adversarial.yaml'));
  const attacks = scenario.phases.flatMap((p) => (p.attack ? [{ phase: p, attack: p.attack }] : []));
  assert.deepEqual(attacks.map((a) => a.attack.kind).sort(), [...h2AttackKinds].sort());
  for (const { phase, attack } of attacks) {
    assert.equal(attack.h2, 'tls', `${phase.name}: every variant serves h2 by ALPN (not all serve h2c)`);
    assert.ok(attack.frames <= 200_000, phase.name);
    const clean = scenario.phases.find((p) => p.name === attack.clean)!;
    assert.deepEqual(phase.traffic, clean.traffic, `${phase.name}: benign traffic as in its clean phase`);
    assert.equal(phase.protocol, clean.protocol, `${phase.name}: benign protocol as in its clean phase`);
  }
  // Benign h2 beside every h2 attack: the attack shares the proxy's HTTP/2 implementation with the benign clients.
  assert.ok(attacks.every((a) => a.phase.protocol === 'h2'), attacks.map((a) => `${a.phase.name}: ${a.phase.protocol ?? 'http1'}`).join(', '));
  assert.deepEqual(scenario.probes?.select, ['h2']);
});

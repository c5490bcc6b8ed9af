// Tests for the phase `tls` block: defaults, YAML's numeric version, and the cross-phase and per-loop rules.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioText } from './parse.js';

const scenario = (phases: string) => `
name: t
variants: [direct, nginx]
phases:
${phases}`;

test('a tls block gets its defaults, and version 1.2 written as a YAML number means TLS 1.2', () => {
  const r = parseScenarioText(scenario(`
  - { name: ka, duration: 5s, traffic: { loop: closed, connections: 4 }, tls: { mode: keepalive } }
  - { name: full, duration: 5s, traffic: { loop: open, rate: 100/s }, tls: { mode: full, version: 1.3, requestsPerConnection: 2 } }
`), 's.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  assert.deepEqual(r.value.scenario.phases[0]!.tls, { mode: 'keepalive', version: '1.3', key: 'rsa2048', requestsPerConnection: 1 });
  assert.deepEqual(r.value.scenario.phases[1]!.tls, { mode: 'full', version: '1.3', key: 'rsa2048', requestsPerConnection: 2 });
  const v12 = parseScenarioText(scenario(`  - { name: a, duration: 5s, traffic: { loop: open, rate: 10/s }, tls: { mode: resumed, version: 1.2, key: ecdsa-p256 } }\n`), 's.yaml');
  assert.ok(v12.ok);
  assert.equal(v12.value.scenario.phases[0]!.tls!.version, '1.2');
});

test('an unknown mode, version or key is refused with its line and the allowed values', () => {
  const r = parseScenarioText(scenario(`
  - { name: a, duration: 5s, traffic: { loop: open, rate: 10/s }, tls: { mode: zero-rtt, version: 1.1, key: dsa } }
`), 's.yaml');
  assert.ok(!r.ok);
  const text = r.problems.join('\n');
  assert.match(text, /s\.yaml:6:\d+ phases\[0\]\.tls\.mode: .*keepalive.*full.*resumed/);
  assert.match(text, /phases\[0\]\.tls\.version: .*1\.3.*1\.2/);
  assert.match(text, /phases\[0\]\.tls\.key: .*rsa2048.*ecdsa-p256/);
});

test('TLS phases share one version and key; closed loop is keepalive only; ports must all differ', () => {
  const r = parseScenarioText(`${scenario(`
  - { name: a, duration: 5s, traffic: { loop: open, rate: 10/s }, tls: { mode: full } }
  - { name: b, duration: 5s, traffic: { loop: open, rate: 10/s }, tls: { mode: full, version: 1.2, key: ecdsa-p256 } }
  - { name: c, duration: 5s, traffic: { loop: closed, connections: 2 }, tls: { mode: resumed } }
  - { name: d, duration: 5s, traffic: { loop: open, rate: 10/s }, tls: { mode: keepalive, requestsPerConnection: 3 } }
`)}ports: { proxy: 20000, proxyTls: 20000 }\n`, 's.yaml');
  assert.ok(!r.ok);
  const text = r.problems.join('\n');
  assert.match(text, /phases\[1\]\.tls\.version: every TLS phase .* phases\[0\] uses 1\.3/);
  assert.match(text, /phases\[1\]\.tls\.key: every TLS phase .* rsa2048/);
  assert.match(text, /phases\[2\]\.tls\.mode: closed loop .* only mode: keepalive/);
  assert.match(text, /phases\[3\]\.tls\.requestsPerConnection: only for mode: full or resumed/);
  assert.match(text, /ports\.proxyTls: must differ from ports\.proxy \(20000\)/);
});

test('a listener is wanted by TLS phases, a sweep over TLS or a TLS attack; the phases’ version and key win', async () => {
  const { scenarioTls } = await import('./tls-schema.js');
  const parsed = (text: string) => {
    const r = parseScenarioText(text, 's.yaml');
    assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
    return r.value.scenario;
  };
  const plain = `  - { name: clean, duration: 6s, traffic: { loop: open, rate: 10/s } }\n`;
  assert.equal(scenarioTls(parsed(scenario(plain))), undefined);
  assert.equal(parsed(scenario(plain)).probes, undefined);
  assert.deepEqual(scenarioTls(parsed(`${scenario(plain)}probes: { tls: true }\n`)), { version: '1.3', key: 'rsa2048' });
  assert.equal(scenarioTls(parsed(`${scenario(plain)}probes: { select: [smuggling] }\n`)), undefined, 'probes.tls defaults to false');
  const tlsPhase = `  - { name: ka, duration: 6s, traffic: { loop: open, rate: 10/s }, tls: { mode: keepalive, version: 1.2, key: ecdsa-p256 } }\n`;
  assert.deepEqual(scenarioTls(parsed(`${scenario(plain + tlsPhase)}probes: { tls: true }\n`)), { version: '1.2', key: 'ecdsa-p256' });
  const flood = `  - { name: flood, duration: 6s, traffic: { loop: open, rate: 10/s }, attack: { kind: tls-handshake-flood, clean: clean } }\n`;
  assert.deepEqual(scenarioTls(parsed(scenario(plain + flood))), { version: '1.3', key: 'rsa2048' });
});

test('an attack phase’s tls block must be its clean phase’s, so the benign traffic is the same', () => {
  const r = parseScenarioText(scenario(`
  - { name: clean, duration: 6s, traffic: { loop: open, rate: 10/s }, tls: { mode: keepalive } }
  - { name: same, duration: 6s, traffic: { loop: open, rate: 10/s }, tls: { mode: keepalive }, attack: { kind: tls-hello-dribble, clean: clean } }
  - { name: other, duration: 6s, traffic: { loop: open, rate: 10/s }, attack: { kind: slowloris, clean: clean } }
`), 's.yaml');
  assert.ok(!r.ok);
  assert.equal(r.problems.length, 1, r.problems.join('\n'));
  assert.match(r.problems[0]!, /phases\[2\]\.tls: must be the tls block of phase "clean" \(mode keepalive\)/);
});

test('the shipped scenarios/tls-adversarial.yaml loads: a sweep over TLS and both TLS attacks beside keep-alive TLS traffic', async () => {
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { repoRoot } = await import('../testing/cli.js');
  const r = parseScenarioText(readFileSync(join(repoRoot, 'scenarios', 'tls-adversarial.yaml'), 'utf8'), 'tls-adversarial.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  const s = r.value.scenario;
  assert.equal(s.probes?.tls, true);
  assert.deepEqual(s.phases.flatMap((p) => (p.attack ? [p.attack.kind] : [])), ['tls-handshake-flood', 'tls-hello-dribble']);
  assert.ok(s.phases.filter((p) => !p.warmup).every((p) => p.tls?.mode === 'keepalive'));
});

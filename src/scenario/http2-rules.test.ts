// Tests for the phase `protocol` and `streams`: what goes with h2 and h2c, which loops speak HTTP/2, and the listeners needed.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScenarioText } from './parse.js';
import { scenarioHttp2 } from './http2-schema.js';
import { scenarioTls } from './tls-schema.js';

const scenario = (phases: string) => `
name: t
variants: [nginx]
phases:
${phases}`;

test('h2 and h2c phases load; h2 asks for the TLS listener (TLS 1.3 by default), h2c for the h2c listener', () => {
  const r = parseScenarioText(scenario(`
  - { name: a, duration: 5s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 4, streams: 20 } }
  - { name: b, duration: 5s, protocol: h2c, traffic: { loop: closed, connections: 4, streams: 8 } }
  - { name: c, duration: 5s, traffic: { loop: open, rate: 100/s } }
`), 's.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  const phases = r.value.scenario.phases;
  assert.equal(phases[0]!.protocol, 'h2');
  assert.equal(phases[2]!.protocol, undefined);
  assert.deepEqual(scenarioTls({ phases }), { version: '1.3', key: 'rsa2048' });
  assert.deepEqual(scenarioHttp2(phases), { h2: true, h2c: true, traffic: true });
  assert.equal(scenarioHttp2([phases[2]!]), undefined);
});

test('what cannot go together is refused at load, each with its field and the fix', () => {
  const r = parseScenarioText(scenario(`
  - { name: a, duration: 5s, traffic: { loop: open, rate: 100/s, streams: 4 } }
  - { name: b, duration: 5s, protocol: h2c, tls: { mode: keepalive }, traffic: { loop: open, rate: 100/s } }
  - { name: c, duration: 5s, protocol: h2, tls: { mode: full }, traffic: { loop: open, rate: 100/s } }
  - { name: d, duration: 5s, protocol: h2, traffic: { loop: ladder, kind: idle, steps: [0, 10] } }
  - { name: e, duration: 5s, protocol: h2, traffic: { loop: open, rate: 100/s, request: { method: POST, body: 32KiB } } }
`), 's.yaml');
  assert.ok(!r.ok);
  const text = r.problems.join('\n');
  assert.match(text, /phases\[0\]\.traffic\.streams: streams are HTTP\/2 streams per connection: add protocol: h2/);
  assert.match(text, /phases\[1\]\.tls: h2c is cleartext HTTP\/2: remove tls/);
  assert.match(text, /phases\[2\]\.tls\.mode: HTTP\/2 phases keep their connections/);
  assert.doesNotMatch(text, /phases\[3\]/, 'an HTTP/2 ladder is allowed');
  assert.match(text, /phases\[4\]\.traffic\.request\.body: an HTTP\/2 phase sends its body in one DATA frame/);
  const h3 = parseScenarioText(scenario(`  - { name: f, duration: 5s, protocol: h3, traffic: { loop: open, rate: 100/s } }\n`), 's.yaml');
  assert.ok(!h3.ok && /phases\[0\]\.protocol: .*"http1"\|"h2"\|"h2c"/.test(h3.problems.join()), h3.ok ? '' : h3.problems.join());
});

test('the shipped scenarios/http2.yaml loads: h2 and h2c phases and ladders, no direct, both HTTP/2 listeners asked', async () => {
  const { readFileSync } = await import('node:fs');
  const text = readFileSync(new URL('../../../scenarios/http2.yaml', import.meta.url), 'utf8');
  const r = parseScenarioText(text, 'http2.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.join('\n'));
  const s = r.value.scenario;
  assert.ok(!s.variants.includes('direct'));
  assert.deepEqual(scenarioHttp2(s.phases), { h2: true, h2c: true, traffic: true });
  assert.deepEqual(s.phases.filter((p) => p.traffic.loop === 'ladder').map((p) => p.protocol ?? 'http1'), ['http1', 'h2', 'h2c']);
});

test('an attack phase carries h2 or h2c benign traffic; its clean phase must speak the same protocol with the same streams', () => {
  const clean = `
  - { name: clean-h1, duration: 6s, traffic: { loop: open, rate: 100/s, connections: 8 } }
  - { name: clean-h2, duration: 6s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 8, streams: 10 } }`;
  const ok = parseScenarioText(scenario(`${clean}
  - { name: rr-h2, duration: 6s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 8, streams: 10 }, attack: { kind: h2-rapid-reset, clean: clean-h2 } }
  - { name: rr-h1, duration: 6s, traffic: { loop: open, rate: 100/s, connections: 8 }, attack: { kind: h2-rapid-reset, clean: clean-h1 } }
`), 's.yaml');
  assert.ok(ok.ok, ok.ok ? '' : ok.problems.join('\n'));
  assert.deepEqual(ok.value.scenario.phases.map((p) => p.protocol ?? 'http1'), ['http1', 'h2', 'h2', 'http1']);
  assert.deepEqual(scenarioHttp2(ok.value.scenario.phases), { h2: true, h2c: false, traffic: true });

  const bad = parseScenarioText(scenario(`${clean}
  - { name: h2-vs-h1, duration: 6s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 8, streams: 10 }, attack: { kind: h2-rapid-reset, clean: clean-h1 } }
  - { name: h1-vs-h2, duration: 6s, traffic: { loop: open, rate: 100/s, connections: 8 }, attack: { kind: h2-ping-flood, clean: clean-h2 } }
  - { name: h2c-vs-h2, duration: 6s, protocol: h2c, traffic: { loop: open, rate: 100/s, connections: 8, streams: 10 }, attack: { kind: h2-ping-flood, clean: clean-h2 } }
  - { name: streams, duration: 6s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 8, streams: 20 }, attack: { kind: h2-ping-flood, clean: clean-h2 } }
`), 's.yaml');
  assert.ok(!bad.ok);
  const text = bad.problems.join('\n');
  assert.equal(bad.problems.length, 4, text);
  assert.match(text, /phases\[2\]\.protocol: must be the protocol of phase "clean-h1" \(http1\).*benign h2 under attack is compared with benign h2 clean/);
  assert.match(text, /phases\[3\]\.protocol: must be the protocol of phase "clean-h2" \(h2\)/);
  assert.match(text, /phases\[4\]\.protocol: must be the protocol of phase "clean-h2" \(h2\)/);
  assert.match(text, /phases\[5\]\.traffic\.streams: must be the streams of phase "clean-h2" \(10\)/);
});

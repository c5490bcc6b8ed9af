// End-to-end: the TLS handshake attacks against real nginx and haproxy beside keep-alive TLS traffic — a flood of full
// handshakes and a slow ClientHello dribble, judged like the other attacks in attacks.csv and report.md.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { e2eScenarioSettings, startCli, tempDir, assertRunDone } from '../testing/cli.js';

test('nginx and haproxy: a full-handshake flood and a ClientHello dribble on the TLS listener, figures in attacks.csv', { timeout: 240_000 }, async () => {
  const dir = tempDir('tls-attacks');
  const file = join(dir, 'tls-attacks.yaml');
  const traffic = 'traffic: { loop: open, rate: 100/s, connections: 8 }, tls: { mode: keepalive }';
  writeFileSync(file, [
    'name: tls-attacks-e2e',
    'variants: [nginx, haproxy]',
    'ports: auto',
    e2eScenarioSettings,
    'cpus: { generator: "0", proxy: "1", upstream: "1", attacker: "0" }',
    'phases:',
    `  - { name: clean, duration: 1500ms, ${traffic} }`,
    `  - { name: flood, duration: 2400ms, ${traffic}, attack: { kind: tls-handshake-flood, clean: clean, connections: 60, rate: 50/s } }`,
    `  - { name: dribble, duration: 2400ms, ${traffic}, attack: { kind: tls-hello-dribble, clean: clean, connections: 30, rate: 100/s, interval: 300ms, dribbleBytes: 2 } }`,
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const rows = parse(readFileSync(join(runDir, 'attacks.csv')), { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((r) => `${r.variant} ${r.attack} ${r.attack_transport}`), [
    'nginx tls-handshake-flood tls', 'nginx tls-hello-dribble tls', 'haproxy tls-handshake-flood tls', 'haproxy tls-hello-dribble tls',
  ]);
  for (const r of rows) {
    const what = `${r.variant} ${r.attack}: ${JSON.stringify(r)}`;
    assert.equal(r.tls_handshake_errors, '', what);
    assert.ok(Number(r.clean_p99_us) > 0, what);
    if (r.attack === 'tls-handshake-flood') {
      // Every connection the attacker got out completed a verified full handshake, or was still in it at the end (the
      // attacker runs at idle priority: on a loaded machine its TLS client falls behind, which the note says).
      assert.equal(Number(r.tls_handshakes) + Number(r.tls_handshakes_in_progress_at_end), Number(r.attack_connections_opened), what);
      if (r.tls_handshakes_in_progress_at_end !== '0') assert.match(r.note!, /still in their handshake when the attack ended/, what);
      else assert.ok(Number(r.tls_handshakes) > 0, what);
      assert.equal(r.attack_hold, 'FALSE', what);
      assert.equal(r.attack_closed_by_proxy, '0', 'the attacker closes its own connections');
    } else {
      assert.ok(Number(r.attack_connections_opened) > 0, what);
      assert.ok(Number(r.client_hello_bytes) > 100, what);
      assert.equal(r.helloes_completed, '0', 'a few bytes a step: no hello is finished within the attack');
      assert.equal(r.attack_dribble_bytes, '2', what);
      // The dribbling connections are held by the proxy (neither cuts a handshake within a second or two).
      assert.ok(Number(r.proxy_connections_peak) >= Number(r.attack_connections_opened) / 2, what);
    }
  }
  const md = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(md, /\| nginx \| tls-handshake-flood \|/);
  assert.match(md, /\| haproxy \| tls-hello-dribble \|/);
});

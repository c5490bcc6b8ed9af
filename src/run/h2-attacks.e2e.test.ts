// End-to-end: `proxybench run` against real nginx and haproxy — HTTP/2 rapid reset (ALPN h2) beside benign h2 and a CONTINUATION
// flood (h2c) beside benign HTTP/1.1, then the h2 probes; h2-attacks.csv, probes.csv, report.md and the gate on the run against itself.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { freePort, e2eScenarioSettings, startCli, tempDir, assertRunDone } from '../testing/cli.js';
import { createLocalRuntime } from '../runtime/local/local-runtime.js';
import { discoverVariants } from '../runtime/variants.js';
import { repoRoot } from '../testing/cli.js';

const installed = async (name: string) => {
  const variant = discoverVariants(join(repoRoot, 'docker')).find((v) => v.manifest.name === name)!;
  const a = await createLocalRuntime().availability(variant);
  return a.available ? undefined : a.reason;
};

for (const variant of ['nginx', 'haproxy']) {
  test(`${variant}: h2 rapid reset and CONTINUATION flood beside benign traffic, the h2 probes judged`, { timeout: 240_000 }, async (t) => {
    const missing = await installed(variant);
    if (missing) return t.skip(`${variant} cannot run here: ${missing}`);
    const dir = tempDir(`h2-attacks-${variant}`);
    const file = join(dir, 'h2.yaml');
    writeFileSync(file, [
      `name: h2-attacks-e2e-${variant}`,
      `variants: [${variant}]`,
      e2eScenarioSettings,
      'phases:',
      '  - { name: clean, duration: 2s, traffic: { loop: open, rate: 100/s, connections: 8 } }',
      '  - { name: clean-h2, duration: 2s, protocol: h2, traffic: { loop: open, rate: 100/s, connections: 2, streams: 4 } }',
      '  - name: rapid-reset',
      '    duration: 4500ms',
      '    protocol: h2',
      '    traffic: { loop: open, rate: 100/s, connections: 2, streams: 4 }',
      '    attack: { kind: h2-rapid-reset, clean: clean-h2, h2: tls, connections: 2, rate: 1000/s, frames: 4000 }',
      '  - name: continuation',
      '    duration: 4500ms',
      '    traffic: { loop: open, rate: 100/s, connections: 8 }',
      '    attack: { kind: h2-continuation-flood, clean: clean, h2: h2c, connections: 2, rate: 1000/s, depth: 1000, frames: 2000 }',
      'probes:',
      '  select: [30-h2-cl, 32-h2-crlf-injection, 32c-h2-nul-value]',
      `  oraclePort: ${await freePort()}`,
      '  confirm: 0',
      '',
    ].join('\n'));
    const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json']);
    assertRunDone(run);
    const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;

    const rows = parse(readFileSync(join(runDir, 'h2-attacks.csv')), { columns: true }) as Record<string, string>[];
    assert.deepEqual(rows.map((r) => `${r.attack} ${r.h2}`), ['h2-rapid-reset tls', 'h2-continuation-flood h2c']);
    const [rr, cont] = rows as [Record<string, string>, Record<string, string>];
    // The benign traffic beside rapid reset is h2 on the same TLS listener (every connection negotiated it), beside the flood HTTP/1.1.
    assert.deepEqual(rows.map((r) => `${r.benign_protocol} ${r.benign_streams}`), ['h2 4', 'http1 '], JSON.stringify(rows.map((r) => r.missing_figures)));
    const summary = parse(readFileSync(join(runDir, 'summary.csv')), { columns: true }) as Record<string, string>[];
    const benign = summary.find((r) => r.phase === 'rapid-reset')!;
    assert.equal(benign.protocol, 'h2');
    assert.match(benign.h2_negotiated!, /^h2:[12]$/, 'every benign connection negotiated h2 by ALPN (the engine opens a second only when the first has no free stream)');
    assert.ok(rr.p99_ratio !== '' || /p99_ratio: /.test(rr.missing_figures!), `a missing p99 ratio says why: ${JSON.stringify(rr)}`);
    // The attacker is bounded: never more frames than the budget; each reset stream was opened and reset by it.
    assert.ok(Number(rr.attack_connections_opened) > 0, `rapid reset: ${rr.verdict} ${rr.error}`);
    assert.ok(Number(rr.frames_sent) > 0 && Number(rr.frames_sent) <= 4000, rr.frames_sent);
    assert.equal(Number(rr.streams_opened), Number(rr.streams_reset_by_client));
    assert.ok(rr.upstream_attack_requests !== '' && Number(rr.upstream_attack_requests) <= Number(rr.streams_opened), JSON.stringify(rr));
    assert.ok(rr.forwarded_reset_pct !== '', 'rapid reset: the share of reset streams forwarded is a figure');
    assert.ok(Number(cont.frames_sent) <= 2000 && Number(cont.streams_opened) >= 1, JSON.stringify(cont));
    // A header block that never ends is never a complete request: nothing of it reaches the upstream.
    assert.equal(cont.upstream_attack_requests, '0', cont.verdict);

    const probes = parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Record<string, string>[];
    assert.deepEqual(probes.map((r) => r.probe), ['30-h2-cl', '32-h2-crlf-injection', '32c-h2-nul-value']);
    assert.ok(probes.every((r) => r.verdict !== 'SKIPPED' && r.verdict !== 'CRASH'), JSON.stringify(probes.map((r) => [r.probe, r.verdict, r.reason])));
    // CR/LF inside an h2 value is a header injection every proxy must refuse (RFC 9113 §8.2.1).
    assert.equal(probes.find((r) => r.probe === '32-h2-crlf-injection')!.pass, 'TRUE', JSON.stringify(probes[1]));

    const report = readFileSync(join(runDir, 'report.md'), 'utf8');
    assert.match(report, new RegExp(`## HTTP/2 attacks[\\s\\S]*\\| ${variant} \\| h2-rapid-reset \\(tls\\) \\| h2 2×4 \\|`));
    const gate = await startCli(['compare', runDir, runDir, '--json']);
    const checks = (JSON.parse(gate.stdout) as { checks: { metric: string; verdict: string }[] }).checks.filter((c) => c.metric.startsWith('attack_') || c.metric === 'forwarded_reset_pct');
    assert.ok(checks.some((c) => c.metric === 'attack_findings') && checks.every((c) => c.verdict !== 'fail'), JSON.stringify(checks));
  });
}

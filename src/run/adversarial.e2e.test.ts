// End-to-end: `proxybench run` against real nginx — a slowloris beside benign traffic, then a probe sweep with known verdicts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { execa } from 'execa';
import { ExitCode } from '../shared/exit-codes.js';
import { freePort, e2eScenarioSettings, startCli, tempDir, assertRunDone, portsLine } from '../testing/cli.js';

test('nginx: probe verdicts with evidence in probes.csv, slowloris clean vs under attack in attacks.csv and report.md', async () => {
  const dir = tempDir('adversarial');
  const file = join(dir, 'adversarial.yaml');
  writeFileSync(file, [
    'name: adversarial-e2e',
    'variants: [nginx]',
    await portsLine(),
    e2eScenarioSettings,
    'phases:',
    '  - { name: clean, duration: 1500ms, traffic: { loop: open, rate: 100/s, connections: 8 } }',
    '  - name: slowloris',
    '    duration: 1500ms',
    '    traffic: { loop: open, rate: 100/s, connections: 8 }',
    '    attack: { kind: slowloris, clean: clean, connections: 20, rate: 100/s, interval: 300ms }',
    'probes:',
    '  select: [01-cl-te, 13-cl-on-get, 21e-ctl-x01-in-value, 26a-fragment-in-target, 30-h2-cl]',
    `  oraclePort: ${await freePort()}`,
    '  confirm: 1',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;

  const probes = parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Record<string, string>[];
  const verdicts = Object.fromEntries(probes.map((r) => [r.probe, `${r.verdict} ${r.pass}`]));
  assert.deepEqual(verdicts, {
    '01-cl-te': 'REJECT TRUE', // nginx: 400 and close for Content-Length with Transfer-Encoding
    '13-cl-on-get': 'NORMALIZE TRUE', // the body forwarded with its length
    '21e-ctl-x01-in-value': 'FORWARD-AMBIGUOUS TRUE', // \x01 forwarded as is: acceptable, but not canonical
    '26a-fragment-in-target': 'FORWARD-AMBIGUOUS FALSE', // '#x' forwarded; the oracle refuses it
    '30-h2-cl': 'REJECT TRUE', // over ALPN h2 on the TLS listener the sweep started for it: 400 ending the stream, nothing forwarded
  });
  assert.match(probes.find((r) => r.probe === '01-cl-te')!.evidence!, /client 400, closed/);
  assert.match(probes.find((r) => r.probe === '13-cl-on-get')!.evidence!, /upstream GET \/p13 length:33/);

  const attacks = parse(readFileSync(join(runDir, 'attacks.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(attacks.length, 1);
  assert.equal(attacks[0]!.attack, 'slowloris');
  assert.equal(attacks[0]!.attack_connections_opened, '20');
  assert.ok(Number(attacks[0]!.clean_p99_us) > 0 && Number(attacks[0]!.attack_p99_us) > 0, JSON.stringify(attacks[0]));
  const report = readFileSync(join(runDir, 'report.md'), 'utf8');
  assert.match(report, /## Probe verdicts/);
  assert.match(report, /\| `26a-fragment-in-target` \| FORWARD-AMBIGUOUS ✘ \|/);
  assert.match(report, /## Benign latency: clean vs under attack\n[\s\S]*\| nginx \| slowloris \|/);
});

test('Ctrl-C while an attack runs stops the attacker and the runner, and keeps the run record', { timeout: 90_000 }, async () => {
  const dir = tempDir('adversarial-sigint');
  const file = join(dir, 'sigint.yaml');
  writeFileSync(file, [
    'name: adversarial-sigint',
    'variants: [nginx]',
    await portsLine(),
    e2eScenarioSettings,
    'phases:',
    '  - { name: clean, duration: 500ms, traffic: { loop: open, rate: 50/s, connections: 4 } }',
    '  - name: slowloris',
    '    duration: 30s',
    '    traffic: { loop: open, rate: 50/s, connections: 4 }',
    '    attack: { kind: slowloris, clean: clean, connections: 50, rate: 50/s, interval: 1s }',
    '',
  ].join('\n'));
  const child = startCli(['run', file, '--out', join(dir, 'out')]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/nginx #1 clean:/.test(seen)) setTimeout(resolve, 1500); // the attack phase is under way
    });
    void child.then(() => resolve());
  });
  // This run's attacker only (a child of this runner): other runs on the machine may have attackers of their own.
  const attackers = await execa('pgrep', ['-P', String(child.pid), '-f', 'attacker-worker'], { reject: false });
  const pids = attackers.stdout.trim().split(/\s+/).filter(Boolean);
  assert.notEqual(pids.length, 0, `an attacker runs before Ctrl-C:\n${seen}`);
  child.kill('SIGINT');
  const result = await child; // before the fix the runner never exited: the attack's sampling timer kept it alive
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  const runDir = /run (\S+) → (\S+)/.exec(seen)![2]!;
  assert.equal((JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as { status: string }).status, 'interrupted');
  const left = pids.filter((pid) => existsSync(`/proc/${pid}`));
  assert.deepEqual(left, [], 'no attacker process of this run is left');
});

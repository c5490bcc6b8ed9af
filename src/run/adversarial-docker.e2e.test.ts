// End-to-end in containers: three probes and a slowloris against nginx on the run's own bridge network, at its vouched address.
// Skips (saying why) without a docker engine or the images; PROXYBENCH_REQUIRE_DOCKER=1 (CI) turns the skip into a failure.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { docker } from '../runtime/docker/docker-cli.js';
import { runLabelKey } from '../runtime/docker/naming.js';
import { ExitCode } from '../shared/exit-codes.js';
import { freePort, e2eScenarioSettings, startCli, tempDir, assertRunDone, portsLine } from '../testing/cli.js';
import { dockerSkip } from '../testing/docker.js';

const skip = await dockerSkip('adversarial-docker.e2e');

test('docker bridge: probe verdicts with evidence and a slowloris row for nginx, sent to its container on the run network', { skip }, async () => {
  const dir = tempDir('adversarial-docker');
  const file = join(dir, 'adversarial-docker.yaml');
  writeFileSync(file, [
    'name: adversarial-docker-e2e',
    'variants: [nginx]',
    await portsLine(),
    e2eScenarioSettings,
    'phases:',
    '  - { name: clean, duration: 1s, traffic: { loop: open, rate: 100/s, connections: 8 } }',
    '  - name: slowloris',
    '    duration: 1500ms',
    '    traffic: { loop: open, rate: 100/s, connections: 8 }',
    '    attack: { kind: slowloris, clean: clean, connections: 20, rate: 100/s, interval: 300ms }',
    'probes:',
    '  select: [01-cl-te, 13-cl-on-get, 21e-ctl-x01-in-value]',
    `  oraclePort: ${await freePort()}`,
    '  confirm: 1',
    '',
  ].join('\n'));
  const run = await startCli(['run', file, '--runtime', 'docker', '--network', 'bridge', '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  assert.match(run.stderr, /probes go to its container at \d+\.\d+\.\d+\.\d+:\d+ on network pb-/, 'the runtime vouched for the container address');
  const { runDir, runId } = (JSON.parse(run.stdout) as { runs: { runDir: string; runId: string }[] }).runs[0]!;

  const probes = parse(readFileSync(join(runDir, 'probes.csv')), { columns: true }) as Record<string, string>[];
  const verdicts = Object.fromEntries(probes.map((r) => [r.probe, `${r.verdict} ${r.pass}`]));
  assert.deepEqual(verdicts, { '01-cl-te': 'REJECT TRUE', '13-cl-on-get': 'NORMALIZE TRUE', '21e-ctl-x01-in-value': 'FORWARD-AMBIGUOUS TRUE' }, 'the same verdicts as the local runtime');
  assert.match(probes.find((r) => r.probe === '01-cl-te')!.evidence!, /client 400, closed/);
  assert.match(probes.find((r) => r.probe === '13-cl-on-get')!.evidence!, /upstream GET \/p13 length:33/);

  const attacks = parse(readFileSync(join(runDir, 'attacks.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(attacks.length, 1);
  const row = attacks[0]!;
  assert.equal(row.attack, 'slowloris');
  assert.equal(row.attack_connections_opened, '20', JSON.stringify(row));
  assert.ok(Number(row.proxy_connections_peak) >= 20, `connections counted in the container's namespace: ${JSON.stringify(row)}`);
  assert.ok(Number(row.clean_p99_us) > 0 && Number(row.attack_p99_us) > 0, JSON.stringify(row));
  assert.equal((await docker(['ps', '--all', '--quiet', '--filter', `label=${runLabelKey}=${runId}`])).stdout, '', 'no container of the run is left');
});

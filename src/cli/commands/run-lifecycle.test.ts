// End-to-end: crashes, Ctrl-C and bad input each end as a clear record or message, with nothing left running.
import assert from 'node:assert/strict';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { ExitCode } from '../../shared/exit-codes.js';
import { binPath, isListening, repoRoot, startCli, tempDir, writeScenario } from '../../testing/cli.js';
import { readRunFolder } from '../../record/read.js';

const fixtures = join(repoRoot, 'src', 'testing', 'fixtures');
const readRecord = (runDir: string) => readRunFolder(runDir);
const portsOf = (file: string) => {
  const m = /ports: \{ proxy: (\d+), upstream: (\d+) \}/.exec(readFileSync(file, 'utf8'))!;
  return [Number(m[1]), Number(m[2])];
};

test('a proxy that dies mid-run is recorded with its exit status and log, and the run goes on', async () => {
  const out = tempDir('crash');
  const file = await writeScenario(tempDir('s'), { name: 'crash', variants: ['crashy', 'ghost', 'direct'], warmup: '300ms', closed: '2s' });
  const run = await startCli(['run', file, '--out', out, '--variant-dir', fixtures, '--json']);
  assert.equal(run.exitCode, ExitCode.runIncomplete, run.all);
  assert.match(run.stderr, /skipping ghost: not installed: no-such-proxy-binary-for-tests not found \(fix: apt-get install -y ghost-proxy\)/);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRecord(runDir);
  assert.equal(record.status, 'complete');
  // The pre-flight noise check ran on the generator's CPU (or says why it could not).
  assert.ok(record.machineCheck?.error !== undefined || record.machineCheck?.cpus[0]?.cpu === Number(record.scenario.cpus.generator), JSON.stringify(record.machineCheck));
  assert.match(run.stderr, /noise check(, generator CPU \d+: \d+ gaps|: not made)/);
  const crashed = record.cells.find((c) => c.variant === 'crashy')!;
  assert.equal(crashed.status, 'crashed');
  assert.equal(crashed.failure?.exit?.code, 3);
  assert.match(crashed.failure!.logTail, /exiting with code 3 as designed/);
  assert.match(readFileSync(crashed.failure!.logFile!, 'utf8'), /exiting with code 3/);
  assert.equal(record.cells.find((c) => c.variant === 'direct')?.status, 'ok', 'the next cell ran');
  const ghost = record.variants.find((v) => v.name === 'ghost')!;
  assert.deepEqual([ghost.status, ghost.fix], ['skipped', 'apt-get install -y ghost-proxy']);
  const summary = readFileSync(join(runDir, 'summary.csv'), 'utf8');
  assert.match(summary, /crashy,[^\n]*,crashed,FALSE,/);
  assert.match(readFileSync(join(runDir, 'report.md'), 'utf8'), /\*\*crashy\*\* #1 crashed/);
});

test('Ctrl-C mid-run stops every process, keeps finished cells and leaves a valid run.json', async () => {
  const out = tempDir('sigint');
  const file = await writeScenario(tempDir('s'), { name: 'sigint', variants: ['direct', 'nginx', 'node'], warmup: '300ms', closed: '1s', open: { duration: '4s', rate: '200/s' } }); // signalled as nginx's open phase begins
  const [proxyPort, upstreamPort] = portsOf(file) as [number, number];
  const child = startCli(['run', file, '--out', out]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/\[2\/3\] nginx/.test(seen) && /nginx #1 closed:/.test(seen)) resolve(); // first cell done, nginx mid-phase
    });
    void child.then(() => resolve());
  });
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  const runDir = /run (\S+) → (\S+)/.exec(seen)![2]!;
  const record = readRecord(runDir);
  assert.equal(record.status, 'interrupted');
  assert.equal(record.cells[0]?.variant, 'direct');
  assert.equal(record.cells[0]?.status, 'ok');
  assert.ok(record.provenance.endedAt);
  assert.equal(await isListening(proxyPort), false, 'the proxy is gone');
  assert.equal(await isListening(upstreamPort), false, 'the upstream is gone');
  const leftovers = await execa('pgrep', ['-f', `--port ${upstreamPort}|${record.runId}`], { reject: false });
  assert.equal(leftovers.stdout.trim(), '', 'no process of the run is left');
});

test('a scenario with three mistakes gets three clear errors and exit code 3', async () => {
  const dir = tempDir('bad');
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, 'name: bad\nvariants: [direct]\nupstream: { responseBody: 1KiBB }\nphases:\n  - name: steady\n    duration: 5 seconds\n    trafic: { loop: closed, connections: 1 }\n');
  const run = await startCli(['run', file]);
  assert.equal(run.exitCode, ExitCode.config);
  assert.match(run.stderr, /bad\.yaml has 3 problems/);
  assert.match(run.stderr, /bad\.yaml:3:\d+ upstream\.responseBody: expected a size like/);
  assert.match(run.stderr, /bad\.yaml:6:\d+ phases\[0\]\.duration: expected a duration like 30s/);
  assert.match(run.stderr, /bad\.yaml:7:\d+ phases\[0\]\.trafic: unknown key "trafic"; did you mean "traffic"\?/);
  assert.doesNotMatch(run.stderr, /is required and missing/, 'the misspelt key is reported once');
});

test('a port in use, an unknown variant and an unwritable results folder each get a clear message and non-zero exit', async () => {
  const file = await writeScenario(tempDir('s'), { name: 'env', variants: ['direct'], closed: '500ms' });
  const [, upstreamPort] = portsOf(file) as [number, number];
  const blocker = createServer().listen(upstreamPort, '127.0.0.1');
  await new Promise((r) => blocker.once('listening', r));
  try {
    const busy = await startCli(['run', file, '--out', tempDir('o')]);
    assert.equal(busy.exitCode, ExitCode.environment);
    assert.match(busy.stderr, new RegExp(`port ${upstreamPort} on 127.0.0.1 is already in use[\\s\\S]*fix: .*ports\\.upstream`));
  } finally {
    blocker.close();
  }
  const unknown = await startCli(['run', file, '--variants', 'direct,envoyy']);
  assert.equal(unknown.exitCode, ExitCode.usage);
  assert.match(unknown.stderr, /unknown variant: envoyy[\s\S]*known variants: .*nginx/);

  const readOnly = tempDir('ro');
  chmodSync(readOnly, 0o500);
  const target = process.getuid?.() === 0 ? '/proc/proxybench-results' : join(readOnly, 'results');
  const unwritable = await startCli(['run', file, '--out', target]);
  assert.equal(unwritable.exitCode, ExitCode.environment);
  assert.match(unwritable.stderr, /cannot write the results folder[\s\S]*fix: .*--out DIR/);
  void binPath;
});

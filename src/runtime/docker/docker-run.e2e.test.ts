// End-to-end in containers: a docker run records cgroup CPU and memory, and leaves no container behind — also after Ctrl-C.
// Skips (saying why) without a docker engine or the images; PROXYBENCH_REQUIRE_DOCKER=1 (CI) turns the skip into a failure.
import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ExitCode } from '../../shared/exit-codes.js';
import { startCli, tempDir, writeScenario, assertRunDone } from '../../testing/cli.js';
import { dockerSkip } from '../../testing/docker.js';
import { docker } from './docker-cli.js';
import { baseImage, ownerLabelKey, ownerValue, runLabelKey } from './naming.js';
import { readRunFolder } from '../../record/read.js';

const skip = await dockerSkip('docker-run.e2e');

const readRecord = (runDir: string) => readRunFolder(runDir);
const labelled = async (runId: string) => (await docker(['ps', '--all', '--quiet', '--filter', `label=${runLabelKey}=${runId}`])).stdout;

test('a docker run measures each proxy container from its cgroup and removes every container', { skip }, async () => {
  const file = await writeScenario(tempDir('docker-s'), { name: 'docker-e2e', variants: ['direct', 'nginx', 'haproxy'], warmup: '300ms', closed: '1500ms' });
  const run = await startCli(['run', file, '--runtime', 'docker', '--out', tempDir('docker'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRecord(runDir);
  assert.equal(record.provenance.runtime, 'docker');
  assert.equal(record.provenance.docker?.network, 'host');
  for (const name of ['nginx', 'haproxy']) {
    const cell = record.cells.find((c) => c.variant === name)!;
    assert.equal(cell.status, 'ok', `${name}: ${cell.failure?.message}`);
    const series = cell.timeseries.proxy!;
    assert.ok(series.length >= 3, `${name}: the proxy is sampled through the cell (got ${series.length})`);
    assert.ok(series.every((p, i) => i === 0 || p.tMs > series[i - 1]!.tMs), `${name}: samples in time order`);
    assert.ok(series.at(-1)!.cpuSeconds > series[0]!.cpuSeconds, `${name}: cgroup CPU grows under load`);
    assert.ok(series.every((p) => p.rssBytes > 0), `${name}: cgroup memory is read`);
    assert.match(record.variants.find((v) => v.name === name)!.imageId ?? '', /^sha256:/);
    const closed = cell.phases.find((p) => p.name === 'closed')!;
    assert.ok(closed.validity.valid, `${name}: ${closed.validity.reasons.join('; ')}`);
  }
  assert.ok(record.cells.find((c) => c.variant === 'direct')!.timeseries.upstream!.length > 0, 'the upstream container is measured too');
  assert.equal(await labelled(record.runId), '', 'no container of the run is left');
});

test('bridge networking: the run gets a network of its own, published on loopback, removed afterwards', { skip }, async () => {
  const file = await writeScenario(tempDir('docker-s'), { name: 'docker-bridge', variants: ['nginx'], warmup: '300ms', closed: '1s' });
  const run = await startCli(['run', file, '--runtime', 'docker', '--network', 'bridge', '--out', tempDir('docker-bridge'), '--json']);
  assertRunDone(run);
  const record = readRecord((JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir);
  assert.equal(record.provenance.docker?.network, 'bridge');
  const closed = record.cells[0]!.phases.find((p) => p.name === 'closed')!;
  assert.ok(closed.upstream && closed.upstream.requests > 0, 'requests crossed the bridge to the upstream container');
  assert.equal((await docker(['network', 'ls', '--quiet', '--filter', `label=${runLabelKey}=${record.runId}`])).stdout, '', 'the network is gone');
  assert.equal(await labelled(record.runId), '');
});

test('Ctrl-C during a docker run removes every container of the run', { skip }, async () => {
  const file = await writeScenario(tempDir('docker-s'), { name: 'docker-sigint', variants: ['nginx', 'haproxy'], warmup: '300ms', closed: '20s' });
  const child = startCli(['run', file, '--runtime', 'docker', '--out', tempDir('docker-int')]);
  let seen = '';
  await new Promise<void>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (/nginx #1 warm-up/.test(seen)) resolve(); // nginx's container is up and under load
    });
    void child.then(() => resolve());
  });
  const runId = /run (\S+) →/.exec(seen)?.[1];
  assert.ok(runId, seen);
  assert.notEqual(await labelled(runId), '', 'containers run mid-phase');
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  assert.equal(readRecord(/run \S+ → (\S+)/.exec(seen)![1]!).status, 'interrupted');
  assert.equal(await labelled(runId), '', 'no container of the run is left');
});

test('`proxybench clean` removes containers a crashed run left behind, and spares a live run’s until --all', { skip }, async () => {
  const label = `${runLabelKey}=e2e-clean-${process.pid}`;
  const started = await docker(['run', '--detach', '--label', label, baseImage, 'sleep', '60']);
  assert.equal(started.exitCode, 0, started.stderr);
  // Owned by this test process, which is alive: a run in progress as far as clean can tell.
  const liveLabel = `${runLabelKey}=e2e-live-${process.pid}`;
  const live = await docker(['run', '--detach', '--label', liveLabel, '--label', `${ownerLabelKey}=${ownerValue(hostname(), process.pid)}`, baseImage, 'sleep', '60']);
  assert.equal(live.exitCode, 0, live.stderr);
  const clean = await startCli(['clean', '--json']);
  assert.equal(clean.exitCode, 0, clean.stderr);
  const cleaned = JSON.parse(clean.stdout) as { containers: string[]; spared: string[] };
  assert.ok(cleaned.containers.length >= 1);
  assert.ok(cleaned.spared.includes(live.stdout.trim()), clean.stdout);
  assert.equal(await labelled(`e2e-clean-${process.pid}`), '');
  assert.notEqual(await labelled(`e2e-live-${process.pid}`), '', 'a live run keeps its containers');
  const all = await startCli(['clean', '--all', '--json']);
  assert.equal(all.exitCode, 0, all.stderr);
  assert.equal(await labelled(`e2e-live-${process.pid}`), '', '--all removes them too');
});

// End-to-end on a one-node Docker Swarm: `--generators swarm:3` merges the tasks' results exactly, shows each worker, leaves nothing behind (also after Ctrl-C).
// Only on a docker engine of its own (PROXYBENCH_DOCKERD_OWNED=1, CI's private dockerd): it may `docker swarm init` it,
// and leaves the swarm again if it did. Elsewhere it skips with the reason (PROXYBENCH_REQUIRE_DOCKER=1: fails instead).
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import * as hdr from 'hdr-histogram-js';
import { createLatencyHistogram, decodeHistogram } from '../../../measure/histogram.js';
import type { RunRecord } from '../../../record/run.js';
import { ExitCode } from '../../../shared/exit-codes.js';
import { assertRunDone, freePort, startCli, tempDir, writeScenario } from '../../../testing/cli.js';
import { dockerSkip } from '../../../testing/docker.js';
import { docker } from '../docker-cli.js';
import { imageRef, ownerLabelKey, ownerValue, runLabelKey } from '../naming.js';

const images = ['upstream', 'nginx', 'generator-worker'];

async function swarmSkip(): Promise<string | false> {
  if (process.env.PROXYBENCH_DOCKERD_OWNED !== '1') {
    const reason = 'PROXYBENCH_DOCKERD_OWNED is not 1: this test makes a docker engine a swarm only when the engine is its own (CI\'s private dockerd)';
    if (process.env.PROXYBENCH_REQUIRE_DOCKER === '1') throw new Error(`docker tests required here, but ${reason}`);
    process.stderr.write(`swarm-run.e2e: skipping: ${reason}\n`);
    return reason;
  }
  return dockerSkip('swarm-run.e2e', images);
}

const skip = await swarmSkip();
let initialized = false;

before(async () => {
  if (skip) return;
  const state = (await docker(['info', '--format', '{{.Swarm.LocalNodeState}} {{.Swarm.ControlAvailable}}'])).stdout;
  if (state === 'active true') return; // already a manager: use it as it is
  assert.equal(state.split(' ')[0], 'inactive', `the engine is in a swarm it does not manage (${state})`);
  // Loopback only: the one-node swarm listens nowhere else and its data path port is one no other swarm here uses.
  const port = await freePort();
  const init = await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--listen-addr', `127.0.0.1:${port}`, '--data-path-port', String(await freePort())]);
  assert.equal(init.exitCode, 0, init.stderr);
  initialized = true;
});

after(async () => {
  if (initialized) await docker(['swarm', 'leave', '--force']);
});

const readRecord = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;

/** Everything of the run still in docker: services, containers, networks. */
async function leftovers(runId: string): Promise<string> {
  const label = `label=${runLabelKey}=${runId}`;
  const lists = await Promise.all([
    docker(['service', 'ls', '--quiet', '--filter', label]),
    docker(['ps', '--all', '--quiet', '--filter', label]),
    docker(['network', 'ls', '--quiet', '--filter', label]),
  ]);
  return lists.map((r, i) => (r.stdout ? `${['services', 'containers', 'networks'][i]}: ${r.stdout.replace(/\n/g, ' ')}` : '')).filter(Boolean).join('; ');
}

test('--generators swarm:3: three tasks drive each phase against the run\'s nginx container, merged exactly, each visible; nothing left', { skip, timeout: 240_000 }, async () => {
  const file = await writeScenario(tempDir('swarm-s'), { name: 'swarm-e2e', variants: ['nginx'], warmup: '300ms', open: { duration: '2s', rate: '300/s' } });
  const run = await startCli(['run', file, '--generators', 'swarm:3', '--out', tempDir('swarm'), '--json']);
  assertRunDone(run);
  const runDir = (JSON.parse(run.stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
  const record = readRecord(runDir);
  assert.equal(record.provenance.runtime, 'docker');
  assert.equal(record.provenance.docker?.network, 'overlay');
  assert.equal(record.provenance.swarm?.replicas, 3);
  assert.match(record.provenance.swarm?.imageId ?? '', /^sha256:/);
  const cell = record.cells[0]!;
  assert.equal(cell.status, 'ok', cell.failure?.message);
  for (const phase of cell.phases) {
    const t = phase.traffic;
    assert.deepEqual(t.workers?.map((w) => w.share), [0, 1, 2].map((index) => ({ index, count: 3 })), phase.name);
    // The merge is exact: the phase's histogram is the one histogram of every worker's samples, bucket by bucket.
    const all = createLatencyHistogram();
    for (const w of t.workers!) all.add(decodeHistogram(w.latencyUs));
    const merged = decodeHistogram(t.latencyUs);
    assert.equal(merged.totalCount, all.totalCount, phase.name);
    for (const q of [50, 90, 99, 99.9, 100]) assert.equal(merged.getValueAtPercentile(q), all.getValueAtPercentile(q), `${phase.name} p${q}`);
    assert.equal(t.requests, t.workers!.reduce((n, w) => n + w.requests, 0));
    assert.equal(merged.totalCount, t.requests);
  }
  const open = cell.phases.find((p) => p.name === 'open')!;
  const errors = Object.values(open.traffic.errors).reduce((a, b) => a + b, 0);
  assert.equal(open.traffic.requests + errors + open.traffic.unsent!, 600, 'the three shares are the one schedule (300/s for 2 s)');
  assert.ok(open.traffic.requests > 0 && open.upstream!.requests >= open.traffic.requests, 'the requests went through nginx to the run\'s upstream');

  const rows = parse(readFileSync(join(runDir, 'summary.csv')), { columns: true }) as Record<string, string>[];
  assert.equal(rows.find((r) => r.phase === 'open')?.generator_workers, '3');
  const hlog = readdirSync(join(runDir, 'hlog')).find((f) => f.startsWith('nginx.open.'))!;
  const reader = new hdr.HistogramLogReader(readFileSync(join(runDir, 'hlog', hlog), 'utf8'));
  const totals = new Map<string, number>();
  const key = (t: string | undefined) => (t === undefined || t === 'NO TAG' ? '' : t);
  for (let h = reader.nextIntervalHistogram(); h; h = reader.nextIntervalHistogram()) totals.set(key(h.tag), (totals.get(key(h.tag)) ?? 0) + h.totalCount);
  const tag = hlog.replace(/\.hlog$/, '');
  assert.deepEqual([...totals.keys()].sort(), ['', `${tag}.w1`, `${tag}.w2`, `${tag}.w3`]);
  assert.equal(totals.get(''), [1, 2, 3].reduce((n, k) => n + totals.get(`${tag}.w${k}`)!, 0), 'the untagged lines are the exact merge of the three');
  assert.equal(await leftovers(record.runId), '', 'no service, container or network of the run is left');
});

test('Ctrl-C while Swarm tasks drive a phase removes the service, the containers and the network', { skip, timeout: 240_000 }, async () => {
  const file = await writeScenario(tempDir('swarm-int-s'), { name: 'swarm-sigint', variants: ['nginx'], warmup: '300ms', open: { duration: '30s', rate: '100/s' } });
  const child = startCli(['run', file, '--generators', 'swarm:2', '--out', tempDir('swarm-int')]);
  let seen = '';
  const service = await new Promise<string | undefined>((resolve) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      // The measured phase's service (the second: the warm-up had the first) has been created.
      const created = [...seen.matchAll(/Swarm generator workers \((\S+)\) →/g)];
      if (/nginx #1 warm-up warm:/.test(seen) && created.length >= 2) resolve(created[1]![1]);
    });
    void child.then(() => resolve(undefined));
  });
  assert.ok(service, seen);
  const runId = /run (\S+) →/.exec(seen)?.[1];
  assert.ok(runId, seen);
  // Mid-phase: both tasks running (bounded wait).
  for (let i = 0; i < 60; i++) {
    const ps = await docker(['service', 'ps', '--format', '{{.CurrentState}}', service]);
    if (ps.stdout.split('\n').filter((s) => s.startsWith('Running')).length === 2) break;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  assert.match((await docker(['service', 'ps', '--format', '{{.CurrentState}}', service])).stdout, /Running[^]*Running/, 'both workers run when the signal comes');
  child.kill('SIGINT');
  const result = await child;
  assert.equal(result.exitCode, ExitCode.interrupted, result.all);
  assert.equal(readRecord(/run \S+ → (\S+)/.exec(seen)![1]!).status, 'interrupted');
  assert.equal(await leftovers(runId), '', 'no service, container or network of the run is left');
});

test('`proxybench clean` removes a Swarm service a dead run left behind, and its tasks\' containers', { skip, timeout: 120_000 }, async () => {
  const runId = `e2e-swarm-clean-${process.pid}`;
  // Owned by a runner that is gone (no such pid): a leftover as far as clean can tell.
  const created = await docker(['service', 'create', '--detach', '--no-resolve-image', '--restart-condition', 'none', '--label', `${runLabelKey}=${runId}`,
    '--container-label', `${runLabelKey}=${runId}`, '--label', `${ownerLabelKey}=${ownerValue(hostname(), 2 ** 22 + 1)}`, '--name', `pb-${runId}`, imageRef('generator-worker'), 'sleep', '60']);
  assert.equal(created.exitCode, 0, created.stderr);
  const clean = await startCli(['clean', '--json']);
  assert.equal(clean.exitCode, 0, clean.stderr);
  assert.ok((JSON.parse(clean.stdout) as { services: string[] }).services.length >= 1, clean.stdout);
  // The tasks' containers go with the service, a moment later (bounded wait).
  for (let i = 0; i < 40 && (await leftovers(runId)) !== ''; i++) await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(await leftovers(runId), '');
});

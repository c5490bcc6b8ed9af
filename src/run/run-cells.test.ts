// The orchestration with a fake runtime, generator, ladder worker and probe runner: order, restarts, failures, stops.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { parseScenarioText } from '../scenario/parse.js';
import { BenchError, TargetStartError } from '../shared/errors.js';
import { emit, fakeGenerator, laggingTraffic, saturatedTraffic, fakeLadderDeps, fakeProbe, fakeRuntime, fakeSampler, fakeUpstream, fakeVariant, fakeWorld, type Hook } from '../testing/fake-run.js';
import { tempDir } from '../testing/cli.js';
import { pickProbes } from './run-sweep.js';
import { generatorSupply } from './generator-supply.js';
import { warmGenerator } from './generator-warmup.js';
import type { RunRecord } from '../record/run.js';
import type { TrafficResult, TrafficSpec } from '../traffic/types.js';
import type { CellEnv } from './run-cell.js';
import { runCells } from './run-cells.js';

const scenarioText = (extra = '', repetitions = 2, retries?: number) => `name: t
variants: [direct, nginx]
repetitions: ${repetitions}${retries === undefined ? '' : `\nretries: ${retries}`}
ports: { proxy: 18080, upstream: 18090 }
probes: { select: [01-cl-te, 13-cl-on-get], confirm: 0${extra} }
phases:
  - name: warm
    warmup: true
    duration: 1s
    traffic: { loop: closed, connections: 8 }
  - name: closed
    duration: 2s
    traffic: { loop: closed, connections: 32 }
  - name: open
    duration: 2s
    traffic: { loop: open, rate: 500/s }
  - name: idle
    duration: 30s
    traffic: { loop: ladder, kind: idle, steps: [0, 10], settle: { interval: 10ms, window: 2, maxWait: 1s } }
`;

interface HarnessOptions {
  hook?: Hook;
  fail?: (spec: TrafficSpec) => Error | undefined;
  traffic?: (spec: TrafficSpec, result: TrafficResult) => TrafficResult;
  crashProbes?: string[];
  sweep?: string;
  repetitions?: number;
  retries?: number;
}

const probes = (() => {
  const parsed = parseScenarioText(scenarioText(), 't.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  return pickProbes(parsed.value.scenario.probes!);
})();

function harness(o: HarnessOptions = {}) {
  const parsed = parseScenarioText(scenarioText(o.sweep, o.repetitions, o.retries), 't.yaml');
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  const scenario = parsed.value.scenario;
  const controller = new AbortController();
  const world = fakeWorld(o.hook);
  const upstream = fakeUpstream(world, 'upstream');
  const generator = generatorSupply({
    start: fakeGenerator(world, { ...(o.fail ? { fail: o.fail } : {}), ...(o.traffic ? { traffic: o.traffic } : {}) }),
    warm: (g) => warmGenerator(g, upstream.address, scenario),
    signal: controller.signal,
  });
  const dir = tempDir('cells');
  const t0 = performance.now();
  const lines: string[] = [];
  const env: CellEnv = {
    scenario, runtime: fakeRuntime(world), upstream, generator, sampler: fakeSampler(world), workDir: dir, runDir: dir,
    nowMs: () => performance.now() - t0, log: (line) => void lines.push(line), signal: controller.signal, probes,
    ladderDeps: fakeLadderDeps(world), runProbe: fakeProbe(world, new Set(o.crashProbes)), freshHealth: async () => ({ fresh: true }), tls: undefined, identity: undefined,
    upstreamSupervisor: { current: () => upstream, death: () => undefined, ensureAlive: async () => undefined },
  };
  const record = {
    schemaVersion: 1, runId: 'r', status: 'running', scenario, cells: [],
    variants: ['direct', 'nginx'].map((name) => ({ name, language: 'C', role: 'proxy', status: 'available', version: '1.0', skipReason: null, fix: null })),
  } as unknown as RunRecord;
  const plan = { record, variants: [fakeVariant('direct', 'direct'), fakeVariant('nginx')], persist: () => void emit(world, 'persist') };
  const run = async () => {
    try {
      await runCells(env, plan);
    } finally {
      await generator.stop();
    }
    return record;
  };
  return { world, controller, run, record, lines };
}

const between = (events: string[], from: number, until: string) => events.slice(from, events.indexOf(until, from) + 1);

test('phases run in order after one generator warm-up; a ladder gets a fresh proxy, the sweep one in front of the oracle', { timeout: 30_000 }, async () => {
  const h = harness();
  const record = await h.run();
  assert.equal(record.status, 'complete');
  assert.deepEqual(record.cells.map((c) => `${c.variant}#${c.repetition} ${c.status}`), ['direct#1 ok', 'nginx#1 ok', 'direct#2 ok', 'nginx#2 ok'], JSON.stringify(record.cells.map((c) => c.failure?.message)));
  const e = h.world.events;
  assert.deepEqual(between(e, 0, 'persist'), [
    'start direct',
    'generator start', 'generator run closed 16 → upstream', 'generator run open 1000/s → upstream', // the warm-up, before any phase
    'generator run closed 8 → upstream', 'generator run closed 32 → upstream', 'generator run open 500/s → upstream',
    // direct: nothing to stop, no ladder restart, no worker, probes skipped without an oracle
    'persist',
  ]);
  assert.deepEqual(between(e, e.indexOf('start nginx'), 'persist'), [
    'start nginx', 'watch proxy',
    'generator run closed 8 → proxy', 'generator run closed 32 → proxy', 'generator run open 500/s → proxy',
    'unwatch proxy', 'stop nginx', 'start nginx', 'watch proxy', // the ladder's fresh proxy
    'ladder worker start', 'ladder open 16', 'ladder open 0', 'ladder open 10',
    'oracle start', 'unwatch proxy', 'stop nginx', 'start nginx (oracle)', 'watch proxy', // the sweep's proxy
    'probe 01-cl-te', 'probe 13-cl-on-get', 'oracle stop',
    'unwatch proxy', 'stop nginx', 'persist',
  ]);
  assert.equal(e.filter((x) => x === 'generator start').length, 1, 'one generator for the whole run');
  assert.equal(e.filter((x) => x.startsWith('probe ')).length, 2, 'the sweep runs in the first repetition only');
  assert.deepEqual(record.cells.map((c) => c.probes?.map((p) => p.verdict).join(',') ?? '-'), ['SKIPPED,SKIPPED', 'REJECT,REJECT', '-', '-']);
  assert.deepEqual(record.cells.map((c) => c.ladders?.[0]?.status), ['skipped', 'ok', 'skipped', 'ok']);
  assert.equal(h.world.live.size, 0, 'every proxy stopped');
});

test('a generator that died is started and warmed again before the next phase', { timeout: 30_000 }, async () => {
  const h = harness({ hook: (event) => void (event === 'persist' && (h.world.generatorAlive = false)) });
  await h.run();
  const e = h.world.events;
  const second = e.indexOf('generator start', e.indexOf('generator start') + 1);
  assert.ok(second > e.indexOf('persist'));
  assert.deepEqual(e.slice(second, second + 3), ['generator start', 'generator run closed 16 → upstream', 'generator run open 1000/s → upstream']);
});

test('failures become cell data and the run goes on: a start failure, a crash, a generator error, a failed restart', { timeout: 30_000 }, async () => {
  let starts = 0;
  const h = harness({
    hook: (event) => {
      if (event === 'start nginx' && ++starts === 1) throw new TargetStartError('nginx did not start: exited during start-up (code 1, signal null)', 'bind() failed');
      if (event === 'start nginx' && starts === 2) h.world.crashing.add('nginx');
      if (event === 'start nginx' && starts === 4) throw new TargetStartError('nginx did not start again');
    },
    fail: (spec) => (spec.kind === 'open' && spec.ratePerSec === 500 && h.world.events.filter((x) => x === 'persist').length === 2 ? new BenchError('GENERATOR', 'the open loop broke') : undefined),
  });
  const record = await h.run();
  assert.equal(record.status, 'complete');
  assert.deepEqual(record.cells.map((c) => [c.variant, c.status, c.failure?.message ?? null]), [
    ['direct', 'ok', null],
    ['nginx', 'start-failed', 'nginx did not start: exited during start-up (code 1, signal null)'],
    ['direct', 'failed', 'the open loop broke'],
    ['nginx', 'crashed', 'nginx exited during phase warm (code 3, signal null)'],
  ]);
  assert.equal(record.cells[1]!.failure!.logTail, 'bind() failed');
  assert.equal(h.world.live.size, 0);

  let again = 0;
  const restart = harness({ hook: (event) => { if (event === 'start nginx' && ++again === 2) throw new TargetStartError('nginx did not start again'); } });
  const r = await restart.run();
  assert.deepEqual(r.cells.map((c) => c.status), ['ok', 'failed', 'ok', 'ok']);
  assert.equal(r.cells[1]!.failure!.message, 'nginx did not start again');
  assert.deepEqual(r.cells[1]!.phases.map((p) => p.name), ['warm', 'closed', 'open'], 'the phases before the failed ladder restart are kept');
});

test('a bug (not a BenchError) is no failed cell: it surfaces, after the proxy is stopped', { timeout: 30_000 }, async () => {
  const h = harness({ fail: (spec) => (spec.kind === 'closed' && spec.connections === 32 && h.world.events.includes('start nginx') ? new TypeError('x is undefined') : undefined) });
  await assert.rejects(h.run(), (e: unknown) => e instanceof TypeError && e.message === 'x is undefined');
  assert.deepEqual(h.record.cells.map((c) => c.status), ['ok'], 'the finished cell is kept');
  assert.equal(h.world.live.size, 0, 'the proxy was stopped');
  assert.ok(h.world.events.includes('generator stop'));
});

test('a probe that kills the proxy gets it restarted in front of the oracle for the next probe', { timeout: 30_000 }, async () => {
  const h = harness({ crashProbes: ['01-cl-te'] });
  await h.run();
  const e = h.world.events;
  const crash = e.indexOf('probe 01-cl-te');
  assert.deepEqual(e.slice(crash, crash + 6), ['probe 01-cl-te', 'stop nginx', 'unwatch proxy', 'stop nginx', 'start nginx (oracle)', 'watch proxy']);
  assert.equal(e[crash + 6], 'probe 13-cl-on-get');
});

test('the sweep\'s time limit cuts a probe that is still running: SKIPPED with the reason, the rest not run', { timeout: 30_000 }, async () => {
  const h = harness({ sweep: ', maxDuration: 1s', hook: (event) => (event === 'probe 01-cl-te' ? 'hang' : undefined) });
  const record = await h.run();
  const probes = record.cells[1]!.probes!;
  assert.deepEqual(probes.map((p) => p.verdict), ['SKIPPED', 'SKIPPED']);
  assert.match(probes[0]!.reason, /cut during the probe at the sweep's time limit \(probes\.maxDuration 1s\); not judged/);
  assert.match(probes[1]!.reason, /time limit \(probes\.maxDuration 1s\) was reached/);
  assert.equal(record.cells[1]!.status, 'ok');
});

/** Events during which a stop may arrive while the call is still waiting (a start, a phase, a step, a probe). */
const waits = /^(start |generator start|generator run|ladder open|probe |oracle start)/;

test('a stop at any moment ends the run at once: finished cells kept and persisted, nothing left running, nothing started after', { timeout: 120_000 }, async () => {
  const full = harness({ repetitions: 1 });
  await full.run();
  const events = full.world.events;
  for (const [at, event] of events.entries()) {
    for (const hang of waits.test(event) ? [false, true] : [false]) {
      let seen = 0;
      const h = harness({
        repetitions: 1,
        hook: (e) => {
          if (seen++ !== at) return undefined;
          h.controller.abort('SIGINT');
          return hang ? 'hang' : undefined;
        },
      });
      const record = await h.run();
      const what = `stop at event ${at} "${event}"${hang ? ' while it waits' : ''}`;
      const e = h.world.events;
      const after = e.slice(at + 1);
      assert.ok(!after.some((x) => /^(start |generator start|generator run|ladder open|probe |oracle start)/.test(x)), `${what}: nothing starts after it (${after.join(' | ')})`);
      const finished = record.cells.filter((c) => c.status !== 'interrupted');
      assert.ok(record.cells.slice(0, -1).every((c) => c.status !== 'interrupted'), `${what}: only the last cell may be interrupted`);
      assert.equal(record.status, finished.length === 2 ? 'complete' : 'interrupted', what);
      assert.equal(e.filter((x) => x === 'persist').length, record.cells.length, `${what}: persisted after every cell`);
      assert.deepEqual([...h.world.live], [], `${what}: every proxy and the oracle stopped`);
      assert.ok(!h.world.generatorAlive || !e.includes('generator start'), `${what}: the generator stopped`);
    }
  }
});

const openToProxy = (spec: TrafficSpec) => spec.kind === 'open' && spec.ratePerSec === 500 && spec.target.port !== 18_090;
const nginxCell = (record: RunRecord) => record.cells.find((c) => c.variant === 'nginx')!;
const openPhase = (record: RunRecord) => nginxCell(record).phases.find((p) => p.name === 'open')!;

test('a phase invalid for the generator\'s lag is run again: the first valid attempt is the figures, the invalid one kept with its reason', { timeout: 30_000 }, async () => {
  let runs = 0;
  const h = harness({ repetitions: 1, traffic: (spec, result) => (openToProxy(spec) && ++runs === 1 ? laggingTraffic(result, 5000) : result) });
  const record = await h.run();
  const open = openPhase(record);
  assert.equal(runs, 2, 'run twice');
  assert.equal(open.validity.valid, true);
  assert.equal(open.attempt, 2);
  assert.equal(open.retriedAttempts?.length, 1);
  assert.equal(open.retriedAttempts![0]!.attempt, 1);
  assert.equal(open.retriedAttempts![0]!.validity.generatorSide, true);
  assert.match(open.retriedAttempts![0]!.validity.reasons.join('; '), /generator fell behind its schedule/);
  assert.equal(open.retriedAttempts![0]!.retriedAttempts, undefined, 'attempts are not nested');
  assert.equal(nginxCell(record).phases.filter((p) => p.name === 'open').length, 1, 'one phase record, its attempts inside');
  assert.ok(h.lines.some((l) => /nginx #1 open: attempt 1 invalid for the generator's own reason .*running it again \(attempt 2 of at most 3\)/.test(l)), h.lines.join('\n'));
  assert.equal(nginxCell(record).phases.find((p) => p.name === 'closed')!.attempt, 1);
});

test('retries are bounded: a generator that always lags gets retries + 1 attempts, the last one kept invalid', { timeout: 30_000 }, async () => {
  for (const retries of [0, 1, 3]) {
    let runs = 0;
    const h = harness({ repetitions: 1, retries, traffic: (spec, result) => (openToProxy(spec) ? (++runs, laggingTraffic(result, 5000)) : result) });
    const record = await h.run();
    const open = openPhase(record);
    assert.equal(runs, retries + 1, `retries: ${retries}`);
    assert.equal(open.validity.valid, false);
    assert.equal(open.attempt, retries + 1);
    assert.equal(open.retriedAttempts?.length ?? 0, retries);
    assert.ok(h.lines.some((l) => /nginx #1 open: attempt \d+ invalid .*not retried: /.test(l)), h.lines.join('\n'));
    assert.equal(nginxCell(record).status, 'ok', 'an invalid phase is no failed cell');
  }
});

test('a saturated target (a valid result) and a lag beside a dead proxy are not retried', { timeout: 30_000 }, async () => {
  let runs = 0;
  const saturated = harness({ repetitions: 1, traffic: (spec, result) => (openToProxy(spec) ? (++runs, saturatedTraffic(result)) : result) });
  const record = await saturated.run();
  assert.equal(runs, 1);
  assert.equal(openPhase(record).validity.valid, true);
  assert.ok(openPhase(record).saturation, 'saturated, valid');
  assert.equal(openPhase(record).retriedAttempts, undefined);

  let crashRuns = 0;
  const crash = harness({
    repetitions: 1,
    traffic: (spec, result) => {
      if (!openToProxy(spec)) return result;
      crashRuns += 1;
      crash.world.dying.add('nginx'); // the proxy died during the phase the generator also lagged in
      return laggingTraffic(result, 5000);
    },
  });
  const crashed = await crash.run();
  assert.equal(crashRuns, 1, 'not retried');
  assert.equal(nginxCell(crashed).status, 'crashed');
  assert.equal(openPhase(crashed).validity.generatorSide, undefined);
  assert.match(openPhase(crashed).validity.reasons.join('; '), /the proxy exited during the phase/);
});

test('a stop during a retry ends the run at once, keeping the attempt before it', { timeout: 30_000 }, async () => {
  let runs = 0;
  const h = harness({
    repetitions: 1,
    traffic: (spec, result) => (openToProxy(spec) ? laggingTraffic(result, 5000) : result),
    hook: (event) => {
      if (event !== 'generator run open 500/s → proxy' || ++runs !== 2) return undefined;
      h.controller.abort('SIGINT');
      return 'hang';
    },
  });
  const record = await h.run();
  assert.equal(record.status, 'interrupted');
  assert.equal(nginxCell(record).status, 'interrupted');
  const open = openPhase(record);
  assert.equal(open.attempt, 1);
  assert.equal(open.validity.generatorSide, true);
  const after = h.world.events.slice(h.world.events.lastIndexOf('generator run open 500/s → proxy') + 1);
  assert.ok(!after.some((x) => waits.test(x)), `nothing starts after the stop (${after.join(' | ')})`);
  assert.deepEqual([...h.world.live], []);
});

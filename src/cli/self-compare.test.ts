// Every shipped scenario, run on the fake runtime with realistic figures, compared with itself by the real gate: PASS, and
// `direct` (context, generator-bound in its closed loop) never what makes it inconclusive.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { performance } from 'node:perf_hooks';
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { ResourcePoint, Sampler } from '../measure/resources/sampler.js';
import type { RunRecord } from '../record/run.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { generatorSupply } from '../run/generator-supply.js';
import { warmGenerator } from '../run/generator-warmup.js';
import type { CellEnv } from '../run/run-cell.js';
import { runCells } from '../run/run-cells.js';
import { pickProbes } from '../run/run-sweep.js';
import { scenarioHttp2 } from '../scenario/http2-schema.js';
import { loadScenarioFile } from '../scenario/load.js';
import { scenarioTls } from '../scenario/tls-schema.js';
import { ExitCode } from '../shared/exit-codes.js';
import { repoRoot, startCli, tempDir } from '../testing/cli.js';
import {
  emit, fakeAttack, fakeGenerator, fakeLadderDeps, fakeProbe, fakeRuntime, fakeTlsInfo, fakeTlsListen, fakeUpstream, fakeVariant, fakeWorld, oracleAddress, upstreamAddress,
} from '../testing/fake-run.js';
import type { TrafficResult, TrafficSpec } from '../traffic/types.js';

const scenariosDir = join(repoRoot, 'scenarios');
const scenarioFiles = readdirSync(scenariosDir).filter((f) => f.endsWith('.yaml')).sort();

/** Where a proxy's latency turns bad (what a rate search finds); direct's lies beyond every search's ceiling. */
const proxyKneePerSec = 6000;

/** A histogram of `count` requests around `baseUs`: 98% at it, 1.9% at 3×, 0.1% at 10× (a tail, so p99 and p99.9 differ). */
function latencies(baseUs: number, count: number): string {
  const h = createLatencyHistogram();
  const tail = Math.max(1, Math.round(count * 0.001));
  const slow = Math.max(1, Math.round(count * 0.019));
  h.recordValueWithCount(Math.round(baseUs), Math.max(1, count - slow - tail));
  h.recordValueWithCount(Math.round(baseUs * 3), slow);
  h.recordValueWithCount(Math.round(baseUs * 10), tail);
  return encodeHistogram(h);
}

/**
 * What a run on a quiet machine would measure: per-second intervals, a little spread between runs of a phase, a proxy
 * slower than direct and past its knee when a search pushes it there, TLS handshakes as each mode makes them, and
 * direct's closed loop bound by the generator's core (as it is by construction).
 */
/** What the last phase did beyond its traffic: requests the upstream saw, the generator's share of its core. */
interface PhaseSide {
  requests: number;
  generatorCores: number;
}

/**
 * CPU and RSS series as the sampler reads them, a point at every sample the run takes (phase edges): the proxy at 0.6
 * of a core, the upstream at 0.3, the generator at what the traffic left (its whole core in direct's closed loop).
 */
function realisticSampler(side: PhaseSide, nowMs: () => number): Sampler {
  const cores: Record<string, () => number> = { proxy: () => 0.6, upstream: () => 0.3, generator: () => side.generatorCores };
  const points = new Map<string, ResourcePoint[]>(Object.keys(cores).map((role) => [role, []]));
  return {
    watch: () => undefined,
    unwatch: () => undefined,
    series: (role, fromMs = 0) => (points.get(role) ?? []).filter((p) => p.tMs >= fromMs),
    sampleNow: () => {
      const tMs = nowMs();
      for (const [role, series] of points) {
        const last = series.at(-1);
        const cpuSeconds = last ? last.cpuSeconds + (cores[role]!() * (tMs - last.tMs)) / 1000 : 0;
        series.push({ tMs, cpuSeconds, rssBytes: 20_000_000, processes: 1, threads: 2 });
      }
    },
    stop: () => undefined,
  };
}

function realisticTraffic(upstreamSaw: PhaseSide) {
  let call = 0;
  return (spec: TrafficSpec, plain: TrafficResult): TrafficResult => {
    const direct = spec.target.port === upstreamAddress.port || spec.target.port === 18_453;
    const seconds = Math.max(1, Math.round(spec.durationMs / 1000));
    const jitter = 1 + ((call++ * 7) % 5) / 100;
    const rate = spec.kind === 'open' ? spec.ratePerSec : direct ? 40_000 : 12_000;
    const beyondKnee = spec.kind === 'open' && !direct && spec.ratePerSec > proxyKneePerSec;
    const baseUs = (direct ? 150 : 400) * jitter * (beyondKnee ? 80 : 1);
    const perSecond = Math.max(1, Math.round(rate));
    const requests = perSecond * seconds;
    const intervals = Array.from({ length: seconds }, (_, i) => ({ startMs: i * 1000, endMs: (i + 1) * 1000, latencyUs: latencies(baseUs, perSecond) }));
    upstreamSaw.requests = requests;
    upstreamSaw.generatorCores = spec.kind === 'closed' && direct ? 0.97 : 0.4;
    const tls = spec.transport?.kind === 'tls' ? spec.transport : undefined;
    const handshakes = tls === undefined ? 0 : tls.mode === 'keepalive' ? (spec.kind === 'open' ? spec.maxConnections : spec.connections) : requests;
    return {
      ...plain,
      requests, statusCounts: { 200: requests }, latencyUs: latencies(baseUs, requests), intervals, achievedRatePerSec: rate, endedAtMs: spec.durationMs,
      bytesRead: requests * 1200, bytesWritten: requests * 80,
      ...(spec.kind === 'open' ? { uncorrectedLatencyUs: latencies(baseUs, requests), targetRatePerSec: spec.ratePerSec, queuePeakRequests: 1 } : {}),
      generatorBusyFraction: upstreamSaw.generatorCores,
      ...(tls ? {
        tls: {
          mode: tls.mode, version: tls.version, requestsPerConnection: tls.mode === 'keepalive' ? null : tls.requestsPerConnection, handshakes,
          resumed: tls.mode === 'resumed' ? handshakes : 0, unauthorized: 0, protocols: { 'TLSv1.3': handshakes }, ciphers: { TLS_AES_128_GCM_SHA256: handshakes },
          handshakeUs: latencies(direct ? 900 : 1500, Math.max(1, handshakes)),
        },
      } : {}),
    };
  };
}

/** The scenario as `proxybench run` would record it, every cell run on the fakes (each variant a fake proxy). */
async function fakeRun(file: string): Promise<RunRecord> {
  const { scenario } = await loadScenarioFile(file);
  // What the run does before its cells: `ports: auto` picks free ports (the fakes' own here), the oracle's among them.
  scenario.ports = { auto: true, proxy: 18_080, upstream: upstreamAddress.port, proxyTls: 18_443, upstreamTls: 18_453, proxyH2c: 18_444 };
  if (scenario.probes) scenario.probes.oraclePort = oracleAddress.port;
  // The fake RSS settles at once: ladders read it every millisecond rather than wait out real settle windows.
  for (const p of scenario.phases) if (p.traffic.loop === 'ladder') p.traffic.settle = { ...p.traffic.settle, interval: 1, window: 2 };
  const world = fakeWorld();
  const upstreamSaw: PhaseSide = { requests: 0, generatorCores: 0 };
  const controller = new AbortController();
  const http2 = scenarioHttp2(scenario.phases);
  const tlsPhases = scenarioTls(scenario) !== undefined || http2?.h2 === true;
  const upstream = {
    ...fakeUpstream(world, 'upstream'),
    stats: async () => ({ requests: upstreamSaw.requests, connectionsOpened: 8, connectionsOpen: 8 }),
    ...(tlsPhases ? { tls: { address: { host: '127.0.0.1', port: 18_453 }, info: fakeTlsInfo(18_453) } } : {}),
  };
  const generator = generatorSupply({
    start: fakeGenerator(world, { traffic: realisticTraffic(upstreamSaw) }),
    warm: (g) => warmGenerator(g, upstream.address, scenario),
    signal: controller.signal,
  });
  const dir = tempDir('self-compare');
  const t0 = performance.now();
  const env: CellEnv = {
    scenario, runtime: fakeRuntime(world, { bytesPerConnection: 20_000 }), upstream, generator, sampler: realisticSampler(upstreamSaw, () => performance.now() - t0), workDir: dir, runDir: dir,
    nowMs: () => performance.now() - t0, log: () => undefined, signal: controller.signal, probes: scenario.probes ? pickProbes(scenario.probes) : [],
    ladderDeps: fakeLadderDeps(world), runProbe: fakeProbe(world), freshHealth: async () => ({ fresh: true }), identity: undefined,
    tls: tlsPhases ? fakeTlsListen(18_443) : undefined, startAttack: fakeAttack(world),
    http2: http2 ? { overTls: http2.h2, ...(http2.h2c ? { h2cListenPort: 18_444 } : {}) } : undefined,
    upstreamSupervisor: { current: () => upstream, death: () => undefined, ensureAlive: async () => undefined },
  };
  const variants = scenario.variants.map((name) => fakeVariant(name, name === 'direct' ? 'direct' : 'proxy'));
  const record: RunRecord = {
    schemaVersion: 1, runId: `self-${scenario.name}`, status: 'running',
    provenance: {
      tool: { name: 'proxybench', version: '0.1.0', gitRevision: null, gitDirty: null }, node: process.version,
      scenario: { file, sha256: '0'.repeat(64), name: scenario.name, quick: false },
      host: { hostname: 'fake', kernel: '6', os: 'Debian', cpuModel: 'fake', cores: 2, memoryBytes: 1e9, fdLimit: 20_000 },
      runtime: 'local', cpuLayout: { generator: scenario.cpus.generator, proxy: scenario.cpus.proxy, upstream: scenario.cpus.upstream }, command: ['run', file],
      startedAt: new Date(0).toISOString(), endedAt: null,
    },
    scenario, upstream: { version: '0.1.0', bodyBytes: scenario.upstream.responseBody, latency: scenario.upstream.latency },
    variants: variants.map((v) => ({ name: v.manifest.name, language: 'C', role: v.manifest.role, status: 'available', version: '1.0', skipReason: null, fix: null })),
    cells: [],
  };
  try {
    await runCells(env, { record, variants, persist: () => void emit(world, 'persist') });
  } finally {
    await generator.stop();
  }
  record.provenance.endedAt = new Date(0).toISOString();
  return record;
}

for (const file of scenarioFiles) {
  test(`scenarios/${file}: a run compared with itself passes; direct is never what leaves a check inconclusive`, { timeout: 120_000 }, async () => {
    const record = await fakeRun(join(scenariosDir, file));
    assert.equal(record.status, 'complete');
    assert.deepEqual(record.cells.filter((c) => c.status !== 'ok').map((c) => `${c.variant}#${c.repetition}: ${c.failure?.message}`), []);
    // What would trip a naive gate is there: direct's closed loop invalid (generator-bound), searches that found a knee.
    const directClosed = record.cells.filter((c) => c.variant === 'direct').flatMap((c) => c.phases.filter((p) => p.loop === 'closed' && !p.warmup));
    assert.ok(directClosed.every((p) => !p.validity.valid), 'direct closed loop is generator-bound');
    for (const search of record.cells.filter((c) => c.variant !== 'direct').flatMap((c) => c.searches ?? [])) {
      assert.equal(search.result.status, 'found', search.result.text);
      assert.ok(search.result.rateAtSloPerSec! <= proxyKneePerSec && search.result.beyondPerSec! > proxyKneePerSec, search.result.text);
    }
    const runDir = tempDir(`self-${file}`);
    writeRunOutputs(runDir, record);
    const result = await startCli(['compare', runDir, runDir, '--json', '--out', join(runDir, 'compare')]);
    const out = JSON.parse(result.stdout) as { verdict: string; checks: { variant: string; phase: string; metric: string; verdict: string; message: string }[] };
    const notPassing = out.checks.filter((c) => c.verdict !== 'pass');
    assert.deepEqual(notPassing.filter((c) => c.variant === 'direct'), [], 'direct is context, never judged');
    assert.deepEqual(notPassing.map((c) => `${c.variant} ${c.phase} ${c.metric}: ${c.verdict} — ${c.message}`), []);
    assert.equal(out.verdict, 'pass');
    assert.equal(result.exitCode, ExitCode.ok, result.stderr);
    assert.ok(out.checks.length > 0, 'the gate judged something');
  });
}

// Test doubles for the orchestration: a runtime, a load generator, a ladder worker and a probe runner that start nothing.
import { createLatencyHistogram, encodeHistogram } from '../measure/histogram.js';
import type { ResourcePoint, Sampler } from '../measure/resources/sampler.js';
import type { ResourceSource } from '../measure/resources/source.js';
import type { ExitInfo } from '../record/run.js';
import type { Http2Negotiated } from '../record/http2.js';
import type { TlsListenerInfo } from '../record/tls.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import type { TlsMaterial } from '../tls/certificates.js';
import type { PhaseEnv } from '../run/run-phase.js';
import type { Runtime, RunningUpstream } from '../runtime/runtime.js';
import { directTarget, type RunningTarget } from '../runtime/target.js';
import type { Variant } from '../runtime/variants.js';
import { BenchError } from '../shared/errors.js';
import type { LadderWorker } from '../traffic/ladder/client.js';
import type { HolderStatus } from '../traffic/ladder/protocol.js';
import type { TrafficResult, TrafficSpec } from '../traffic/types.js';
import type { LoadGenerator } from '../run/generator-supply.js';
import type { LadderDeps } from '../run/run-ladder.js';
import type { ProbeFn } from '../run/run-sweep.js';

/**
 * What a hook may do at an event: nothing, 'hang' (the call never returns by itself: only a stop ends it), or throw.
 * Events are plain strings: "start nginx", "start nginx (oracle)", "stop nginx", "generator run closed 16 → upstream", …
 */
export type Hook = (event: string) => 'hang' | void;

export interface FakeWorld {
  events: string[];
  hook: Hook;
  /** Proxies (and the oracle) running now: started, not stopped. */
  live: Set<string>;
  /** Names of the variants whose next target exits right after it is started (a crash during the next phase). */
  crashing: Set<string>;
  /** Names of the variants whose running target is found dead (SIGKILL) the next time anyone looks. */
  dying: Set<string>;
  generatorAlive: boolean;
  /** Connections the fake ladder worker holds now (a proxy's RSS may grow with them: fakeRuntime's bytesPerConnection). */
  held: number;
}

export function fakeWorld(hook: Hook = () => undefined): FakeWorld {
  return { events: [], hook, live: new Set(), crashing: new Set(), dying: new Set(), generatorAlive: false, held: 0 };
}

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/** Records an event and asks the hook what to do. */
export function emit(world: FakeWorld, event: string): 'hang' | void {
  world.events.push(event);
  return world.hook(event);
}

const fakeSource = (rssBytes = 10_000_000): ResourceSource => ({ describe: 'fake', read: () => ({ cpuTicks: 0, processes: 1, threads: 1, rssBytes }) });

export const upstreamAddress = { host: '127.0.0.1', port: 18_090 };
export const oracleAddress = { host: '127.0.0.1', port: 18_091 };

export function fakeUpstream(world: FakeWorld, name: 'upstream' | 'oracle'): RunningUpstream {
  return {
    address: name === 'oracle' ? oracleAddress : upstreamAddress,
    resources: fakeSource(),
    stats: async () => ({ requests: 1000, connectionsOpened: 1, connectionsOpen: 1 }),
    resetStats: async () => undefined,
    stop: async () => void (world.live.delete(name), emit(world, `${name} stop`)),
  };
}

/** What a verified h2 request on a fake listener saw. */
const fakeH2: Http2Negotiated = {
  alpn: 'h2', connectionWindowBytes: 65_535,
  remoteSettings: { maxConcurrentStreams: 128, initialWindowSize: 65_535, maxFrameSize: 16_384, maxHeaderListSize: null, headerTableSize: 4096, enablePush: false },
};

/** A TLS listener as a verified handshake would record it. */
export function fakeTlsInfo(port: number): TlsListenerInfo {
  return { port, library: 'fake TLS', libraryVersion: '1.0', resumption: 'tickets', negotiated: { protocol: 'TLSv1.3', cipher: 'TLS_AES_128_GCM_SHA256', keyType: 'rsa2048', fingerprint256: 'AA:BB' } };
}

/** A run's TLS listener options for the fakes (no certificate on disk: nothing reads it). */
export function fakeTlsListen(listenPort: number): TlsListenOptions {
  const none = '/nonexistent/tls';
  return { listenPort, version: '1.3', material: { keyType: 'rsa2048', caFile: none, certFile: none, keyFile: none, certKeyFile: none, caPem: 'fake CA', fingerprint256: 'AA:BB' } as TlsMaterial };
}

/** An attack that sends nothing: its record says the attacker opened its connections and the proxy held them. */
export function fakeAttack(world: FakeWorld): NonNullable<PhaseEnv['startAttack']> {
  return async (_scenario, _target, phase) => {
    const a = phase.attack!;
    emit(world, `attack ${a.kind}`);
    const durationMs = Math.min(a.duration ?? Infinity, Math.floor((phase.duration * 2) / 3));
    return {
      abort: () => undefined,
      finish: async () => ({
        kind: a.kind, clean: a.clean, params: { connections: a.connections, ratePerSec: a.rate, intervalMs: a.interval, depth: a.depth, durationMs },
        window: { startMs: 0, endMs: durationMs }, proxyConnectionsPeak: a.connections, proxyFdsPeak: a.connections + 10, error: null,
        attacker: {
          kind: a.kind, durationMs, connectionsOpened: a.connections, connectionsFailed: 0, maxOpen: a.connections, closedByProxy: 0, firstCutMs: null,
          medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0,
        },
      }),
    };
  };
}

/** `bytesPerConnection`: each connection the fake ladder holds adds this much to a proxy's RSS (default 0: flat). */
export function fakeRuntime(world: FakeWorld, options: { bytesPerConnection?: number } = {}): Runtime {
  let started = 0;
  const proxySource: ResourceSource = { describe: 'fake', read: () => ({ cpuTicks: 0, processes: 1, threads: 1, rssBytes: 10_000_000 + world.held * (options.bytesPerConnection ?? 0) }) };
  return {
    name: 'local',
    availability: async () => ({ available: true, version: '1.0' }),
    startVariant: async (variant, options) => {
      const name = variant.manifest.name;
      const oracle = options.upstream.port === oracleAddress.port;
      if (emit(world, `start ${name}${oracle ? ' (oracle)' : ''}`) === 'hang') return never();
      if (variant.manifest.role === 'direct') return directTarget(name, options);
      const id = `${name}#${++started}`;
      let exit: ExitInfo | undefined = world.crashing.delete(name) ? { code: 3, signal: null } : undefined;
      world.live.add(id);
      const tls = options.tls ? { tls: { address: { host: '127.0.0.1', port: options.tls.listenPort }, info: fakeTlsInfo(options.tls.listenPort) } } : {};
      const h2cPort = options.http2?.h2cListenPort;
      const http2 = options.http2 ? { http2: { info: { settings: 'fake', ...(h2cPort !== undefined ? { h2c: { ...fakeH2, alpn: 'h2c', port: h2cPort } } : {}), ...(options.http2.overTls && options.tls ? { tls: { ...fakeH2, port: options.tls.listenPort } } : {}) } } } : {};
      const h2c = h2cPort !== undefined ? { h2c: { address: { host: '127.0.0.1', port: h2cPort } } } : {};
      const target: RunningTarget = {
        ...tls, ...http2, ...h2c,
        variant: name, address: { host: '127.0.0.1', port: options.listenPort }, version: '1.0', logFile: undefined,
        resources: proxySource,
        exit: () => (exit ??= world.dying.delete(name) ? { code: null, signal: 'SIGKILL' } : undefined),
        stop: async () => {
          world.live.delete(id);
          emit(world, `stop ${name}`);
          exit ??= { code: 0, signal: 'SIGTERM' };
          return exit;
        },
      };
      return target;
    },
    startUpstream: async (options) => {
      const name = options.oracle ? 'oracle' : 'upstream';
      if (emit(world, `${name} start`) === 'hang') return never();
      if (name === 'oracle') world.live.add('oracle');
      return fakeUpstream(world, name);
    },
    close: async () => void emit(world, 'runtime close'),
    killAllNow: () => undefined,
  };
}

/** A phase's result as the generator reports it: `requests` answers of 200 µs each. */
export function fakeTraffic(spec: TrafficSpec, requests = 1000): TrafficResult {
  const h = createLatencyHistogram();
  h.recordValueWithCount(200, requests);
  const latencyUs = encodeHistogram(h);
  const ratePerSec = spec.kind === 'open' ? spec.ratePerSec : requests / (spec.durationMs / 1000);
  return {
    kind: spec.kind, startedAtMs: 0, endedAtMs: spec.durationMs, requests, non2xx: 0, errors: {}, statusCounts: { 200: requests },
    latencyUs, intervals: [], achievedRatePerSec: ratePerSec, bytesRead: 0, bytesWritten: 0,
    ...(spec.kind === 'open' ? { uncorrectedLatencyUs: latencyUs, targetRatePerSec: spec.ratePerSec, sendLagUs: encodeHistogram(createLatencyHistogram()), schedulerLagUs: encodeHistogram(createLatencyHistogram()), unsent: 0 } : {}),
  };
}

/** An open-loop result whose generator noticed 2% of its requests due `lagUs` late (over the 1 ms rule when above 1000). */
export function laggingTraffic(result: TrafficResult, lagUs: number): TrafficResult {
  const h = createLatencyHistogram();
  h.recordValueWithCount(10, Math.max(1, Math.round(result.requests * 0.98)));
  h.recordValueWithCount(lagUs, Math.max(1, Math.round(result.requests * 0.02)));
  return { ...result, schedulerLagUs: encodeHistogram(h), sendLagUs: encodeHistogram(h) };
}

/** An open-loop result the target could not keep up with while the generator kept its schedule (a valid, saturated result). */
export function saturatedTraffic(result: TrafficResult): TrafficResult {
  return { ...result, achievedRatePerSec: result.achievedRatePerSec * 0.5, unsent: 100, queuePeakRequests: 100 };
}

export interface FakeGeneratorBehaviour {
  fail?: (spec: TrafficSpec) => Error | undefined;
  /** What a run returns instead of the plain result (lag, saturation). */
  traffic?: (spec: TrafficSpec, result: TrafficResult) => TrafficResult;
}

/** Like the real one: stop() ends a pending run with GENERATOR_EXITED. */
export function fakeGenerator(world: FakeWorld, behaviour: FakeGeneratorBehaviour = {}): () => Promise<LoadGenerator> {
  return async () => {
    if (emit(world, 'generator start') === 'hang') return never();
    world.generatorAlive = true;
    const pending = new Set<(error: Error) => void>();
    let stopped = false;
    return {
      pids: [process.pid],
      alive: () => !stopped && world.generatorAlive,
      run: (spec) => {
        if (stopped) return Promise.reject(new BenchError('GENERATOR_EXITED', 'the generator process is not running'));
        const to = spec.target.port === upstreamAddress.port ? 'upstream' : 'proxy';
        const load = spec.kind === 'open' ? `${spec.ratePerSec}/s` : `${spec.connections}`;
        const hang = emit(world, `generator run ${spec.kind} ${load} → ${to}`);
        if (stopped) return Promise.reject(new BenchError('GENERATOR_EXITED', 'the generator process exited during a run'));
        const failure = behaviour.fail?.(spec);
        if (failure) return Promise.reject(failure);
        if (hang !== 'hang') return Promise.resolve(behaviour.traffic ? behaviour.traffic(spec, fakeTraffic(spec)) : fakeTraffic(spec));
        return new Promise<TrafficResult>((_, reject) => pending.add(reject));
      },
      stop: async () => {
        stopped = true;
        world.generatorAlive = false;
        emit(world, 'generator stop');
        for (const reject of pending) reject(new BenchError('GENERATOR_EXITED', 'the generator process exited during a run'));
        pending.clear();
      },
    };
  };
}

/** A sampler that keeps nothing: it records what it is told to watch. */
export function fakeSampler(world: FakeWorld): Sampler {
  return {
    watch: (role) => void (role === 'proxy' && emit(world, 'watch proxy')),
    unwatch: (role) => void (role === 'proxy' && emit(world, 'unwatch proxy')),
    series: (): ResourcePoint[] => [],
    sampleNow: () => undefined,
    stop: () => undefined,
  };
}

/** The ladder's machine access: a worker that holds what it is asked to, a proxy that holds every connection. */
export function fakeLadderDeps(world: FakeWorld): LadderDeps {
  let open = 0;
  const pending = new Set<(error: Error) => void>();
  let stopped = false;
  const status = (): HolderStatus => ({ open, opened: open, failed: 0, closedByPeer: 0, responses: open, non2xx: 0, errors: {}, fdLimit: 20_000 });
  const worker: LadderWorker = {
    pid: process.pid,
    init: async () => status(),
    open: async (n) => {
      const hang = emit(world, `ladder open ${n}`) === 'hang';
      if (stopped) throw new BenchError('LADDER_WORKER', 'the ladder worker exited');
      if (hang) return new Promise<HolderStatus>((_, reject) => pending.add(reject));
      open = n;
      world.held = n;
      return status();
    },
    status: async () => status(),
    close: async () => ((open = 0), (world.held = 0), status()),
    stop: async () => { // like the real worker: a pending call rejects
      stopped = true;
      for (const reject of pending) reject(new BenchError('LADDER_WORKER', 'the ladder worker exited'));
      pending.clear();
    },
  };
  return {
    startWorker: async () => (emit(world, 'ladder worker start'), (stopped = false), worker),
    countConnections: () => ({ established: open, closeWait: 0, synRecv: 0 }),
    proxyFdLimit: () => 20_000,
  };
}

/** Each probe passes (REJECT), unless the hook says 'hang'; `crash` names probes after which the proxy is dead. */
export function fakeProbe(world: FakeWorld, crash: ReadonlySet<string> = new Set()): ProbeFn {
  return async (probe, runner) => {
    if (emit(world, `probe ${probe.id}`) === 'hang') {
      await new Promise((resolve) => runner.signal?.addEventListener('abort', resolve, { once: true }));
      throw new Error('abandoned');
    }
    if (crash.has(probe.id)) {
      const target = runner.target();
      await target.stop(); // as if the probe had killed it
    }
    return { probe: probe.id, category: probe.category, tier: probe.tier, title: probe.title, verdict: 'REJECT', pass: true, reason: 'fake', attempts: ['REJECT'], evidence: null, durationMs: 1 };
  };
}

export function fakeVariant(name: string, role: 'proxy' | 'direct' = 'proxy'): Variant {
  return { manifest: { name, language: 'C', description: name, role, healthPath: '/__pb/health' }, dir: `/nonexistent/${name}` };
}

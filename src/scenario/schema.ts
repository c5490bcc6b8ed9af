// The scenario file's schema: what a scenario may say, with defaults; unknown keys are errors.
import { z } from 'zod';
import { cpuList, durationMs, ratePerSec, sizeBytes } from './fields.js';
import { ladderTrafficSchema } from './ladder-schema.js';
import { searchTrafficSchema } from './search-schema.js';
import { attackSchema, probeSweepSchema } from './adversarial-schema.js';
import { phaseTlsSchema } from './tls-schema.js';

/** Most repetitions of every cell (the scenario's `repetitions` and the --repeat flag). */
export const maxRepetitions = 100;
/** Most re-runs of a phase that was invalid for a generator-side reason (the scenario's `retries` and the --retries flag). */
export const maxRetries = 10;

const latencySchema = z.discriminatedUnion('distribution', [
  z.strictObject({ distribution: z.literal('none') }),
  z.strictObject({ distribution: z.literal('fixed'), value: durationMs }),
  z.strictObject({ distribution: z.literal('uniform'), min: durationMs, max: durationMs }),
  z.strictObject({ distribution: z.literal('exponential'), mean: durationMs }),
  z.strictObject({ distribution: z.literal('lognormal'), median: durationMs, sigma: z.number().positive().max(5) }),
  /** A scripted capacity knee (tests, demos): `below` while the upstream receives at most `rate` over the last `window`, `above` past it. */
  z.strictObject({ distribution: z.literal('knee'), rate: ratePerSec, below: durationMs, above: durationMs, window: durationMs.default(1000) }),
]);

const requestSchema = z.strictObject({
  method: z.enum(['GET', 'POST']).default('GET'),
  path: z.string().startsWith('/').default('/'),
  body: sizeBytes.optional(),
  headers: z.record(z.string(), z.string()).default({}),
});

const closedTrafficSchema = z.strictObject({
  loop: z.literal('closed'),
  connections: z.number().int().min(1).max(10_000),
  /** HTTP/2 phases (`protocol: h2 | h2c`, run by h2load): concurrent streams per connection (default 10). */
  streams: z.number().int().min(1).max(1000).optional(),
  request: requestSchema.optional(),
});

const openTrafficSchema = z.strictObject({
  loop: z.literal('open'),
  rate: ratePerSec,
  /** Most connections the generator may open; beyond that, due requests queue (and count late). */
  connections: z.number().int().min(1).max(10_000).default(64),
  /** HTTP/2 phases (`protocol: h2 | h2c`): concurrent streams per connection (default 10); a request queues when none is free. */
  streams: z.number().int().min(1).max(1000).optional(),
  request: requestSchema.optional(),
});

/** `ladder`: the connection ladder (memory per connection), see ladder-schema.ts; `search`: the rate search, search-schema.ts. */
export const trafficSchema = z.discriminatedUnion('loop', [closedTrafficSchema, openTrafficSchema, ladderTrafficSchema, searchTrafficSchema]);

export const phaseSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
  /** Warm-up phases run first; their histograms are kept apart and never reported as results. */
  warmup: z.boolean().default(false),
  duration: durationMs,
  traffic: trafficSchema,
  /** Traffic over TLS to the proxy's TLS listener, with its declared handshake mode (src/scenario/tls-schema.ts). */
  tls: phaseTlsSchema.optional(),
  /**
   * The benign traffic's protocol: http1 (the default), h2 (HTTP/2 by ALPN on the TLS listener; `tls` optional, TLS 1.3
   * keepalive by default) or h2c (cleartext HTTP/2 with prior knowledge on the proxy's h2c listener). The upstream
   * side stays HTTP/1.1. See src/scenario/http2-rules.ts for what each loop supports.
   */
  protocol: z.enum(['http1', 'h2', 'h2c']).optional(),
  /** An attack beside this phase's (open-loop) benign traffic (src/scenario/adversarial-schema.ts). */
  attack: attackSchema.optional(),
});

const sloSchema = z.strictObject({
  p50: durationMs.optional(),
  p99: durationMs.optional(),
  p999: durationMs.optional(),
  errorRatePct: z.number().min(0).max(100).optional(),
  /** Release-gate thresholds used by `proxybench compare` (percent; defaults in src/compare/thresholds.ts). */
  p99RegressionPct: z.number().min(0).optional(),
  p999RegressionPct: z.number().min(0).optional(),
  rpsDropPct: z.number().min(0).optional(),
  /** Proxy CPU seconds per 1,000 requests may grow by at most this percentage. */
  cpuPer1kRegressionPct: z.number().min(0).optional(),
  /** Memory per connection (connection ladder slope) may grow by at most this percentage. */
  bytesPerConnRegressionPct: z.number().min(0).optional(),
  /** TLS full / resumed phases: proxy CPU per handshake may grow by at most this percentage. */
  cpuPerHandshakeRegressionPct: z.number().min(0).optional(),
});

const validitySchema = z.strictObject({
  /** Open loop: the achieved rate must reach this fraction of the target. */
  minAchievedRatio: z.number().gt(0).max(1).default(0.99),
  /** Open loop: 99% of sends may leave at most this late. */
  maxSendLagP99: durationMs.default(1),
  /** The generator may use at most this fraction of its core (busy time or CPU). */
  maxGeneratorBusy: z.number().gt(0).max(1).default(0.9),
  /** Every response must have reached the upstream: upstream requests / client responses ≥ this. */
  minUpstreamRatio: z.number().gt(0).max(1).default(0.99),
});

/** The validity rules when a scenario says none (also what `doctor`'s noise check judges against). */
export const defaultValidity = { minAchievedRatio: 0.99, maxSendLagP99: 1, maxGeneratorBusy: 0.9, minUpstreamRatio: 0.99 };

/** The docker runtime: host networking (default, the proxy on the scenario's loopback port) or a network of the run's own. */
const dockerSchema = z.strictObject({
  network: z.enum(['host', 'bridge']).default('host'),
  /** Hard memory limit of every container (proxy and upstream), e.g. 512MiB; none by default. */
  memory: sizeBytes.optional(),
});

export const scenarioSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected lower-case letters, digits and dashes'),
  description: z.string().default(''),
  runtime: z.enum(['local', 'docker']).default('local'),
  /** Docker runtime settings (ignored by the local runtime). */
  docker: dockerSchema.optional(),
  variants: z.array(z.string().min(1)).min(1),
  repetitions: z.number().int().min(1).max(maxRepetitions).default(1),
  /** Re-runs of a phase invalid only for a generator-side reason (its lag, its busy core): at most this many per phase of a cell, within the run's retry time budget. */
  retries: z.number().int().min(0).max(maxRetries).default(2),
  /**
   * How long a freshly started generator is warmed against the upstream before anything is measured (a third closed
   * loop, two thirds open loop at the scenario's open-loop rate; results discarded): a cold Node process sends late for its
   * first seconds. --quick caps it at `quick.generatorWarmup`.
   */
  generatorWarmup: durationMs.default(6000),
  cpus: z
    .strictObject({
      generator: cpuList.default('0'),
      proxy: cpuList.default('1'),
      upstream: cpuList.default('1'),
      /** The attacker process of attack phases (default: the generator's CPUs). */
      attacker: cpuList.optional(),
    })
    .default({ generator: '0', proxy: '1', upstream: '1' }),
  /**
   * Generator worker processes (default: one per CPU of cpus.generator), each pinned to one of those CPUs; or
   * "swarm:N": N workers as the tasks of a Docker Swarm service (docker runtime, the run's own overlay network).
   */
  generators: z.union([
    z.number().int().min(1).max(64),
    z.string().regex(/^swarm:([1-9]|[1-5][0-9]|6[0-4])$/, 'a worker count (1..64) or "swarm:N" (N in 1..64)'),
  ]).optional(),
  proxy: z
    .strictObject({
      workers: z.number().int().min(1).max(64).default(1),
      upstreamPoolSize: z.number().int().min(1).max(10_000).default(64),
    })
    .default({ workers: 1, upstreamPoolSize: 64 }),
  // `auto` (the default): the run picks free loopback ports and records them in run.json (`auto: true` there).
  ports: z
    .union([
      z.literal('auto'),
      z.strictObject({
        proxy: z.number().int().min(1024).max(65_535).default(18_080),
        upstream: z.number().int().min(1024).max(65_535).default(18_090),
        /** The proxy's TLS listener (scenarios with TLS phases; the plaintext listener stays on `proxy`). */
        proxyTls: z.number().int().min(1024).max(65_535).default(18_443),
        /** The upstream's TLS listener: what `direct` is measured on in TLS phases. */
        upstreamTls: z.number().int().min(1024).max(65_535).default(18_453),
        /** The proxy's h2c listener (cleartext HTTP/2 with prior knowledge; scenarios with h2c traffic or attacks). */
        proxyH2c: z.number().int().min(1024).max(65_535).default(18_444),
        /** Recorded in run.json: the run picked these (`ports: auto`). */
        auto: z.boolean().optional(),
      }),
    ])
    .default('auto')
    .transform((p) => (p === 'auto'
      ? { auto: true, proxy: 0, upstream: 0, proxyTls: 0, upstreamTls: 0, proxyH2c: 0 }
      : { auto: p.auto ?? false, proxy: p.proxy, upstream: p.upstream, proxyTls: p.proxyTls, upstreamTls: p.upstreamTls, proxyH2c: p.proxyH2c })),
  upstream: z
    .strictObject({ responseBody: sizeBytes.default(1024), latency: latencySchema.default({ distribution: 'none' }) })
    .default({ responseBody: 1024, latency: { distribution: 'none' } }),
  request: requestSchema.default({ method: 'GET', path: '/', headers: {} }),
  sampleInterval: durationMs.default(100),
  requestTimeout: durationMs.default(10_000),
  phases: z.array(phaseSchema).min(1),
  quick: z
    .strictObject({ phaseDuration: durationMs.default(3000), warmupDuration: durationMs.default(1000), generatorWarmup: durationMs.default(2000) })
    .default({ phaseDuration: 3000, warmupDuration: 1000, generatorWarmup: 2000 }),
  validity: validitySchema.default(defaultValidity),
  slo: sloSchema.default({}),
  /** The adversarial probe sweep, run in every cell after its phases (src/scenario/adversarial-schema.ts). */
  probes: probeSweepSchema.optional(),
});

export type Scenario = z.infer<typeof scenarioSchema>;
export type Phase = z.infer<typeof phaseSchema>;
export type Traffic = z.infer<typeof trafficSchema>;
export type LatencyDistribution = z.infer<typeof latencySchema>;
export type RequestConfig = z.infer<typeof requestSchema>;

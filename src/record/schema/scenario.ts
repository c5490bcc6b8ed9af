// The run.json schema of the scenario as the run parsed it (src/scenario/schema.ts after its defaults and units: durations
// in ms, sizes in bytes, rates per second), checked against the Scenario type it must equal.
import { z } from 'zod';
import { attackKinds } from '../../scenario/adversarial-schema.js';
import { ladderKinds } from '../../scenario/ladder-schema.js';
import type { Phase, Scenario } from '../../scenario/schema.js';
import type { SearchSlo } from '../../scenario/search-schema.js';
import { tlsKeyTypes, tlsModes, tlsVersions } from '../../tls/key-types.js';
import type { RecordedScenario } from '../run.js';
import type { Assert, Same } from './fields.js';

const ms = z.number();

export const latencySchema = z.discriminatedUnion('distribution', [
  z.object({ distribution: z.literal('none') }),
  z.object({ distribution: z.literal('fixed'), value: ms }),
  z.object({ distribution: z.literal('uniform'), min: ms, max: ms }),
  z.object({ distribution: z.literal('exponential'), mean: ms }),
  z.object({ distribution: z.literal('lognormal'), median: ms, sigma: z.number() }),
  z.object({ distribution: z.literal('knee'), rate: z.number(), below: ms, above: ms, window: ms }),
]);

const requestSchema = z.object({
  method: z.enum(['GET', 'POST']),
  path: z.string(),
  body: z.number().optional(),
  headers: z.record(z.string(), z.string()),
});

export const searchSloSchema = z.object({ p50: ms.optional(), p99: ms.optional(), p999: ms.optional(), errorRatePct: z.number() });

const trafficSchema = z.discriminatedUnion('loop', [
  z.object({ loop: z.literal('closed'), connections: z.number(), streams: z.number().optional(), request: requestSchema.optional() }),
  z.object({ loop: z.literal('open'), rate: z.number(), connections: z.number(), streams: z.number().optional(), request: requestSchema.optional() }),
  z.object({
    loop: z.literal('ladder'),
    kind: z.enum(ladderKinds),
    steps: z.array(z.number()),
    requestBody: z.number().optional(),
    responseBody: z.number().optional(),
    interval: ms.optional(),
    settle: z.object({ interval: ms, window: z.number(), tolerancePct: z.number(), maxWait: ms }),
  }),
  z.object({
    loop: z.literal('search'),
    slo: searchSloSchema,
    from: z.number(),
    to: z.number(),
    connections: z.number(),
    settle: ms,
    maxSteps: z.number(),
    resolutionPct: z.number(),
  }),
]);

const phaseSchema = z.object({
  name: z.string(),
  warmup: z.boolean(),
  duration: ms,
  traffic: trafficSchema,
  tls: z.object({ mode: z.enum(tlsModes), version: z.enum(tlsVersions), key: z.enum(tlsKeyTypes), requestsPerConnection: z.number() }).optional(),
  protocol: z.enum(['http1', 'h2', 'h2c']).optional(),
  attack: z
    .object({
      kind: z.enum(attackKinds),
      clean: z.string(),
      connections: z.number(),
      rate: z.number(),
      interval: ms,
      depth: z.number(),
      h2: z.enum(['tls', 'h2c']),
      frames: z.number(),
      hold: z.boolean(),
      dribbleBytes: z.number(),
      duration: ms.optional(),
    })
    .optional(),
});

const probeSweepSchema = z.object({
  select: z.array(z.string()),
  dirs: z.array(z.string()),
  upstreamPoolSize: z.number(),
  oraclePort: z.number(),
  responseTimeout: ms,
  victimTimeout: ms,
  settle: ms,
  confirm: z.number(),
  bodyTimeout: ms,
  maxDuration: ms,
  everyRepetition: z.boolean(),
  tls: z.boolean(),
});

export const scenarioSchema = z.object({
  name: z.string(),
  description: z.string(),
  runtime: z.enum(['local', 'docker']),
  docker: z.object({ network: z.enum(['host', 'bridge']), memory: z.number().optional() }).optional(),
  variants: z.array(z.string()),
  repetitions: z.number(),
  retries: z.number(),
  generatorWarmup: ms,
  cpus: z.object({ generator: z.string(), proxy: z.string(), upstream: z.string(), attacker: z.string().optional() }),
  generators: z.union([z.number(), z.string()]).optional(),
  proxy: z.object({ workers: z.number(), upstreamPoolSize: z.number() }),
  ports: z.object({ auto: z.boolean(), proxy: z.number(), upstream: z.number(), proxyTls: z.number(), upstreamTls: z.number(), proxyH2c: z.number() }),
  upstream: z.object({ responseBody: z.number(), latency: latencySchema }),
  request: requestSchema,
  sampleInterval: ms,
  requestTimeout: ms,
  phases: z.array(phaseSchema),
  quick: z.object({ phaseDuration: ms, warmupDuration: ms, generatorWarmup: ms }),
  validity: z.object({ minAchievedRatio: z.number(), maxSendLagP99: ms, maxGeneratorBusy: z.number(), minUpstreamRatio: z.number() }),
  slo: z.object({
    p50: ms.optional(),
    p99: ms.optional(),
    p999: ms.optional(),
    errorRatePct: z.number().optional(),
    p99RegressionPct: z.number().optional(),
    p999RegressionPct: z.number().optional(),
    rpsDropPct: z.number().optional(),
    cpuPer1kRegressionPct: z.number().optional(),
    bytesPerConnRegressionPct: z.number().optional(),
    cpuPerHandshakeRegressionPct: z.number().optional(),
  }),
  probes: probeSweepSchema.optional(),
});

/**
 * The scenario as version 1 records hold it: fields added since the first such record are optional here, as older
 * records lack them — `ports` beyond proxy and upstream (TLS, `ports: auto`), `retries`, an attack's `h2`, `frames`,
 * `hold` and `dribbleBytes`, the sweep's `tls`, `generatorWarmup` (and quick's).
 */
const recordedPhaseSchema = phaseSchema.extend({ attack: phaseSchema.shape.attack.unwrap().partial({ h2: true, frames: true, hold: true, dribbleBytes: true }).optional() });
export const recordedScenarioSchema = scenarioSchema.extend({
  ports: scenarioSchema.shape.ports.partial().required({ proxy: true, upstream: true }),
  retries: z.number().optional(),
  generatorWarmup: ms.optional(),
  quick: z.object({ phaseDuration: ms, warmupDuration: ms, generatorWarmup: ms.optional() }),
  phases: z.array(recordedPhaseSchema),
  probes: probeSweepSchema.partial({ tls: true }).optional(),
});

/** A scenario or record type changed: change its schema above with it (a field added within a schema version is optional in the recorded one). */
export type Checks = [
  Assert<Same<z.infer<typeof scenarioSchema>, Scenario>>,
  Assert<Same<z.infer<typeof recordedScenarioSchema>, RecordedScenario>>,
  Assert<Same<z.infer<typeof phaseSchema>, Phase>>,
  Assert<Same<z.infer<typeof searchSloSchema>, SearchSlo>>,
];

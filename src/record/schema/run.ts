// The run.json schema (src/record/run.ts) as of runRecordSchemaVersion, checked against RunRecord at compile time.
import { z } from 'zod';
import type { CpuNoise, NoiseLimits } from '../../measure/noise/judge.js';
import type { MachineCheck } from '../../measure/noise/machine-check.js';
import type { GeneratorPriority } from '../../measure/noise/realtime.js';
import type { Http2ListenerInfo, Http2Negotiated } from '../http2.js';
import type { ResourcePoint } from '../../measure/resources/sampler.js';
import { runRecordSchemaVersion, type CellRecord, type ExitInfo, type Provenance, type RunRecord, type VariantRecord } from '../run.js';
import type { RunTlsRecord, TlsListenerInfo } from '../tls.js';
import type { Assert, Same } from './fields.js';
import { ladderRecordSchema } from './ladder.js';
import { phaseRecordSchema } from './phase.js';
import { probeResultSchema } from './probe.js';
import { latencySchema, recordedScenarioSchema } from './scenario.js';
import { searchRecordSchema } from './search.js';

const provenanceSchema = z.object({
  tool: z.object({ name: z.literal('proxybench'), version: z.string(), gitRevision: z.string().nullable(), gitDirty: z.boolean().nullable() }),
  node: z.string(),
  scenario: z.object({ file: z.string(), sha256: z.string(), name: z.string(), quick: z.boolean() }),
  host: z.object({
    hostname: z.string(),
    kernel: z.string(),
    os: z.string(),
    cpuModel: z.string(),
    cores: z.number(),
    memoryBytes: z.number(),
    fdLimit: z.number().nullable(),
  }),
  runtime: z.enum(['local', 'docker']),
  docker: z.object({ network: z.enum(['host', 'bridge', 'overlay']), engineVersion: z.string(), memoryBytes: z.number().nullable() }).optional(),
  swarm: z.object({ replicas: z.number(), image: z.string(), imageId: z.string().nullable(), nodes: z.array(z.object({ hostname: z.string(), state: z.string() })) }).optional(),
  cpuLayout: z.object({ generator: z.string(), proxy: z.string(), upstream: z.string(), generatorWorkers: z.array(z.string()).optional() }),
  command: z.array(z.string()),
  mergedFrom: z.object({ kind: z.enum(['runs', 'worker-outputs']), sources: z.array(z.string()) }).optional(),
  startedAt: z.string(),
  endedAt: z.string().nullable(),
});

const variantSchema = z.object({
  name: z.string(),
  language: z.string(),
  role: z.enum(['proxy', 'direct']),
  status: z.enum(['available', 'skipped']),
  version: z.string().nullable(),
  imageId: z.string().nullable().optional(),
  tlsLibraryVersion: z.string().optional(),
  skipReason: z.string().nullable(),
  fix: z.string().nullable(),
});

const exitSchema = z.object({ code: z.number().nullable(), signal: z.string().nullable() });

const resourcePointSchema = z.object({ tMs: z.number(), cpuSeconds: z.number(), rssBytes: z.number(), processes: z.number(), threads: z.number() });

const tlsListenerSchema = z.object({
  port: z.number(),
  library: z.string(),
  libraryVersion: z.string().optional(),
  resumption: z.string(),
  negotiated: z.object({ protocol: z.string(), cipher: z.string(), keyType: z.string(), fingerprint256: z.string() }),
});

const http2NegotiatedSchema = z.object({
  alpn: z.string(),
  remoteSettings: z.object({
    maxConcurrentStreams: z.number().nullable(),
    initialWindowSize: z.number().nullable(),
    maxFrameSize: z.number().nullable(),
    maxHeaderListSize: z.number().nullable(),
    headerTableSize: z.number().nullable(),
    enablePush: z.boolean().nullable(),
  }),
  connectionWindowBytes: z.number().nullable(),
});

const http2ListenerSchema = z.object({
  settings: z.string(),
  tls: http2NegotiatedSchema.extend({ port: z.number() }).optional(),
  h2c: http2NegotiatedSchema.extend({ port: z.number() }).optional(),
});

const cellSchema = z.object({
  variant: z.string(),
  repetition: z.number(),
  status: z.enum(['ok', 'crashed', 'start-failed', 'failed', 'interrupted']),
  startedAt: z.string(),
  endedAt: z.string(),
  failure: z.object({ message: z.string(), exit: exitSchema.nullable(), logFile: z.string().nullable(), logTail: z.string() }).nullable(),
  phases: z.array(phaseRecordSchema),
  processEvents: z.array(z.string()).optional(),
  timeseries: z.record(z.string(), z.array(resourcePointSchema)),
  ladders: z.array(ladderRecordSchema).optional(),
  tls: tlsListenerSchema.optional(),
  http2: http2ListenerSchema.optional(),
  searches: z.array(searchRecordSchema).optional(),
  probes: z.array(probeResultSchema).optional(),
});

const noiseLimitsSchema = z.object({ limitUs: z.number(), lateShareLimit: z.number(), othersShareLimit: z.number() });

const cpuNoiseSchema = z.object({
  cpu: z.number(),
  gaps: z.number(),
  maxGapUs: z.number(),
  stalledShare: z.number(),
  lateShare: z.number(),
  othersBusyShare: z.number().nullable(),
  busiest: z.array(z.object({ pid: z.number(), comm: z.string(), share: z.number() })),
});

const machineCheckSchema = z.object({
  spinMs: z.number(),
  thresholdUs: z.number(),
  idleMs: z.number(),
  limits: noiseLimitsSchema,
  cpus: z.array(cpuNoiseSchema),
  warnings: z.array(z.string()),
  error: z.string().optional(),
});

const generatorPrioritySchema = z.object({
  requested: z.enum(['realtime', 'normal']),
  wrap: z.string().nullable(),
  fallback: z.string().nullable(),
  throttle: z.object({ runtimeUs: z.number().nullable(), periodUs: z.number().nullable() }),
  spinYield: z.object({ everyUs: z.number(), forUs: z.number() }).nullable().optional(),
  workers: z.array(z.object({ pid: z.number(), cpu: z.string(), policy: z.string(), rtPriority: z.number() })),
});

const runTlsSchema = z.object({ keyType: z.string(), version: z.string(), certificateFingerprint256: z.string() });

/** The whole record; the reader checks `schemaVersion` (and migrates an older one) before this schema. */
export const runRecordSchema = z.object({
  schemaVersion: z.literal(runRecordSchemaVersion),
  runId: z.string(),
  status: z.enum(['running', 'complete', 'interrupted', 'failed']),
  provenance: provenanceSchema,
  scenario: recordedScenarioSchema,
  upstream: z.object({ version: z.string(), bodyBytes: z.number(), latency: latencySchema }),
  variants: z.array(variantSchema),
  identity: z.string().optional(),
  cells: z.array(cellSchema),
  machineCheck: machineCheckSchema.optional(),
  generatorPriority: generatorPrioritySchema.optional(),
  tls: runTlsSchema.optional(),
});

/** A record type changed: change its schema above with it (a field added within a schema version is optional: older records lack it). */
export type Checks = [
  Assert<Same<z.infer<typeof runRecordSchema>, RunRecord>>,
  Assert<Same<z.infer<typeof machineCheckSchema>, MachineCheck>>,
  Assert<Same<z.infer<typeof generatorPrioritySchema>, GeneratorPriority>>,
  Assert<Same<z.infer<typeof http2NegotiatedSchema>, Http2Negotiated>>,
  Assert<Same<z.infer<typeof http2ListenerSchema>, Http2ListenerInfo>>,
  Assert<Same<z.infer<typeof cpuNoiseSchema>, CpuNoise>>,
  Assert<Same<z.infer<typeof noiseLimitsSchema>, NoiseLimits>>,
  Assert<Same<z.infer<typeof provenanceSchema>, Provenance>>,
  Assert<Same<z.infer<typeof variantSchema>, VariantRecord>>,
  Assert<Same<z.infer<typeof cellSchema>, CellRecord>>,
  Assert<Same<z.infer<typeof exitSchema>, ExitInfo>>,
  Assert<Same<z.infer<typeof resourcePointSchema>, ResourcePoint>>,
  Assert<Same<z.infer<typeof tlsListenerSchema>, TlsListenerInfo>>,
  Assert<Same<z.infer<typeof runTlsSchema>, RunTlsRecord>>,
];

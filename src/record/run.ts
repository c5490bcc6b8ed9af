// The run record (run.json): versioned plain data from which every other output is rendered.
import type { ResourcePoint } from '../measure/resources/sampler.js';
import type { MachineCheck } from '../measure/noise/machine-check.js';
import type { GeneratorPriority } from '../measure/noise/realtime.js';
import type { AttackSpec } from '../scenario/adversarial-schema.js';
import type { Phase, Scenario } from '../scenario/schema.js';
import type { LadderRecord } from './ladder.js';
import type { ProbeResultRecord } from './probe.js';
import type { PhaseRecord } from './phase.js';
import type { SearchRecord } from './search.js';
import type { RunTlsRecord, TlsListenerInfo } from './tls.js';
import type { Http2ListenerInfo } from './http2.js';

export type { PhaseRecord, ResourceFigures, Saturation } from './phase.js';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

/**
 * Bumped when a field changes meaning or disappears (add a migration in read.ts); adding fields keeps the version, so a field
 * added later is optional in src/record/schema/ (older records of the same version lack it).
 */
export const runRecordSchemaVersion = 1;

export interface Provenance {
  tool: { name: 'proxybench'; version: string; gitRevision: string | null; gitDirty: boolean | null };
  node: string;
  scenario: { file: string; sha256: string; name: string; quick: boolean };
  host: {
    hostname: string;
    kernel: string;
    os: string;
    cpuModel: string;
    cores: number;
    memoryBytes: number;
    fdLimit: number | null;
  };
  runtime: 'local' | 'docker';
  /** Docker runtime only: the network mode, the engine's version and the containers' memory limit. */
  docker?: { network: 'host' | 'bridge' | 'overlay'; engineVersion: string; memoryBytes: number | null };
  /** Generator workers placed by Docker Swarm: one service of `replicas` tasks per phase, from this image, on these nodes. */
  swarm?: { replicas: number; image: string; imageId: string | null; nodes: { hostname: string; state: string }[] };
  /** taskset CPU lists used for each role; `generatorWorkers`: each generator worker's CPU, when several drove the phases. */
  cpuLayout: { generator: string; proxy: string; upstream: string; generatorWorkers?: string[] };
  command: string[];
  /** A run made by `proxybench merge`: from whole runs (their run ids) or from generator workers' outputs (file names). */
  mergedFrom?: { kind: 'runs' | 'worker-outputs'; sources: string[] };
  startedAt: string;
  endedAt: string | null;
}

export interface VariantRecord {
  name: string;
  language: string;
  role: 'proxy' | 'direct';
  status: 'available' | 'skipped';
  version: string | null;
  /** Docker runtime: the id of the image it ran from (the upstream's for direct). */
  imageId?: string | null;
  /** Its TLS library's version as read at the start of the run (scenarios with TLS phases). */
  tlsLibraryVersion?: string;
  skipReason: string | null;
  fix: string | null;
}

export type CellStatus = 'ok' | 'crashed' | 'start-failed' | 'failed' | 'interrupted';

export interface CellRecord {
  variant: string;
  repetition: number;
  status: CellStatus;
  startedAt: string;
  endedAt: string;
  /** Present when the cell did not complete: what happened, the exit status and the proxy's last log lines. */
  failure: { message: string; exit: ExitInfo | null; logFile: string | null; logTail: string } | null;
  phases: PhaseRecord[];
  /** Processes of the proxy's tree that ended or appeared during a phase (a worker killed and respawned by its master); absent when none. */
  processEvents?: string[];
  /** Resource series over the cell, by role; tMs since the run started. */
  timeseries: Record<string, ResourcePoint[]>;
  /** Connection ladders (phases with `loop: ladder`), in scenario order; absent in runs without any. */
  ladders?: LadderRecord[];
  /** Its TLS listener as started: library, version, resumption settings and what a verified handshake negotiated. */
  tls?: TlsListenerInfo;
  /** Its HTTP/2 (cells with h2 or h2c phases): the settings its config applies and what each listener announced. */
  http2?: Http2ListenerInfo;
  /** Rate searches (phases with `loop: search`), in scenario order; absent in runs without any. */
  searches?: SearchRecord[];
  /** The probe sweep's verdicts (scenario `probes:`), in catalogue order; absent in runs without one. */
  probes?: ProbeResultRecord[];
}

/** `scenario.ports` as recorded: runs from before TLS and `ports: auto` (version 1 all the same) kept only `proxy` and `upstream`. */
export interface RecordedPorts {
  proxy: number;
  upstream: number;
  auto?: boolean;
  proxyTls?: number;
  upstreamTls?: number;
  proxyH2c?: number;
}

/** A phase's attack as recorded: runs from before the HTTP/2 attacks lack `h2` and `frames`, from before the TLS ones `hold` and `dribbleBytes`. */
export interface RecordedAttack extends Omit<AttackSpec, 'h2' | 'frames' | 'hold' | 'dribbleBytes'> {
  h2?: AttackSpec['h2'];
  frames?: number;
  hold?: boolean;
  dribbleBytes?: number;
}

/** The probe sweep as recorded: runs from before the sweep over TLS lack `tls`. */
export interface RecordedProbeSweep extends Omit<NonNullable<Scenario['probes']>, 'tls'> {
  tls?: boolean;
}

export interface RecordedPhase extends Omit<Phase, 'attack'> {
  attack?: RecordedAttack;
}

/**
 * The scenario as the run parsed it (every default filled in, units resolved: ms, bytes, per second). Fields added to the
 * scenario since the first version 1 record are optional here (older records lack them): ports beyond proxy and upstream, retries,
 * an attack's h2/frames/hold/dribbleBytes, the sweep's tls, generatorWarmup (and quick's).
 */
export interface RecordedScenario extends Omit<Scenario, 'ports' | 'retries' | 'phases' | 'probes' | 'generatorWarmup' | 'quick'> {
  ports: RecordedPorts;
  retries?: number;
  generatorWarmup?: number;
  quick: { phaseDuration: number; warmupDuration: number; generatorWarmup?: number };
  phases: RecordedPhase[];
  probes?: RecordedProbeSweep;
}

export interface RunRecord {
  schemaVersion: typeof runRecordSchemaVersion;
  runId: string;
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  provenance: Provenance;
  scenario: RecordedScenario;
  upstream: { version: string; bodyBytes: number; latency: Scenario['upstream']['latency'] };
  variants: VariantRecord[];
  /** The run's identity token (`<run id>.<nonce>`): its upstreams answered with it, and every health check and counter read was checked against it. */
  identity?: string;
  cells: CellRecord[];
  /** The pre-flight noise check of the generator's CPUs (scheduling gaps of a pinned spin loop, others' load); absent in older runs. */
  machineCheck?: MachineCheck;
  /** The generator workers' scheduling priority (--realtime asks for SCHED_FIFO 1) as obtained; absent in older runs. */
  generatorPriority?: GeneratorPriority;
  /** Scenarios with TLS phases: the run's certificate (one for every variant) and the listener's version. */
  tls?: RunTlsRecord;
}

// The run record (run.json): versioned plain data from which every other output is rendered.
import type { ResourcePoint } from '../measure/resources/sampler.js';
import type { Scenario } from '../scenario/schema.js';
import type { TrafficResult } from '../traffic/types.js';
import type { LadderRecord } from './ladder.js';
import type { ProbeResultRecord } from './probe.js';
import type { AttackPhaseRecord } from './attack.js';
import type { SearchRecord } from './search.js';

export interface ExitInfo {
  code: number | null;
  signal: string | null;
}

export interface ResourceFigures {
  /** Average CPU cores used over the window. */
  cpuCores: number;
  cpuSeconds: number;
  /** CPU seconds per 1000 completed requests (null without requests). */
  cpuSecondsPer1kRequests: number | null;
  rssPeakBytes: number;
  /** Median RSS over the second half of the window: the level it settled at. */
  rssSteadyBytes: number;
  threadsMax: number;
  samples: number;
}
import type { RunTlsRecord, TlsListenerInfo } from './tls.js';

/**
 * An open-loop phase whose target could not keep up with the offered rate while the generator kept its schedule: a
 * valid measurement of the target (latency from the intended time, the rate it achieved, the queue it built).
 */
export interface Saturation {
  /** The rate the target achieved (responses per second of the scheduled duration). */
  atRatePerSec: number;
  targetRatePerSec: number;
  /** Due requests still waiting for a connection when the phase ended. */
  queuedAtEnd: number;
  /** Most due requests waiting for a connection at once (null: the engine did not report it). */
  queuePeakRequests: number | null;
  /** Requests that got no answer within the request timeout. */
  timeouts: number;
  /** One sentence: what the target did (connections busy, queue, timeouts). */
  note: string;
}

/** Bumped when a field changes meaning or disappears; adding fields keeps the version. */
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
  docker?: { network: 'host' | 'bridge'; engineVersion: string; memoryBytes: number | null };
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

export interface PhaseRecord {
  name: string;
  warmup: boolean;
  /** benign (adversarial classes come later). */
  trafficClass: string;
  loop: 'closed' | 'open';
  connections: number;
  targetRatePerSec: number | null;
  durationMs: number;
  /** ms since the run started. */
  startMs: number;
  endMs: number;
  traffic: TrafficResult;
  upstream: { requests: number; connectionsOpened: number } | null;
  resources: Record<'proxy' | 'upstream' | 'generator', ResourceFigures | null>;
  validity: { valid: boolean; reasons: string[] };
  /** Pids that left (died) or joined (respawned) the proxy's process tree during the phase; absent when it did not change. */
  proxyTree?: { ended: number[]; appeared: number[] };
  /** Open loop: the target could not keep up while the generator kept its schedule (a valid result); absent otherwise. */
  saturation?: Saturation;
  /** The attack run beside this phase's benign traffic (scenario `attack:`); absent otherwise. */
  attack?: AttackPhaseRecord;
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
  /** Rate searches (phases with `loop: search`), in scenario order; absent in runs without any. */
  searches?: SearchRecord[];
  /** The probe sweep's verdicts (scenario `probes:`), in catalogue order; absent in runs without one. */
  probes?: ProbeResultRecord[];
}

export interface RunRecord {
  schemaVersion: typeof runRecordSchemaVersion;
  runId: string;
  status: 'running' | 'complete' | 'interrupted' | 'failed';
  provenance: Provenance;
  scenario: Scenario;
  upstream: { version: string; bodyBytes: number; latency: Scenario['upstream']['latency'] };
  variants: VariantRecord[];
  /** The run's identity token (`<run id>.<nonce>`): its upstreams answered with it, and every health check and counter read was checked against it. */
  identity?: string;
  cells: CellRecord[];
  /** Scenarios with TLS phases: the run's certificate (one for every variant) and the listener's version. */
  tls?: RunTlsRecord;
}

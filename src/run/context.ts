// What every step of a run shares: the record being built, the processes it started, the clock and the log.
import type { Sampler } from '../measure/resources/sampler.js';
import type { Runtime, RunningUpstream } from '../runtime/runtime.js';
import type { Scenario } from '../scenario/schema.js';
import type { TrafficResult, TrafficSpec } from '../traffic/types.js';
import type { RunRecord } from '../record/run.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import type { UpstreamSupervisor } from './upstream-supervisor.js';

export interface LoadGenerator {
  /** Every generator worker's pid (one per worker; several drive a phase together and their results merge). */
  pids: number[];
  alive(): boolean;
  run(spec: TrafficSpec): Promise<TrafficResult>;
  stop(): Promise<void>;
}

export interface RunContext {
  scenario: Scenario;
  record: RunRecord;
  runDir: string;
  /** Temporary folder for rendered configs and proxy scratch files; removed at the end of the run. */
  workDir: string;
  sampler: Sampler;
  runtime: Runtime;
  /** The run's upstream as it is now (restarted between cells after it died). */
  readonly upstream: RunningUpstream;
  /** When the upstream died, and its restart before a cell. */
  upstreamSupervisor: UpstreamSupervisor;
  /** The proxies' TLS listener (cells with TLS phases): its port, version and the run's certificate. */
  tls: TlsListenOptions | undefined;
  /** Started lazily and restarted if it dies. */
  generator(): Promise<LoadGenerator>;
  /** ms since the run started (the time base of phases and resource series). */
  nowMs(): number;
  log(line: string): void;
  signal: AbortSignal;
  /** Rewrites run.json and every other output atomically. */
  persist(): void;
}

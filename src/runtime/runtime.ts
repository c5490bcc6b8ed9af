// A runtime starts variants and the upstream somewhere (host processes, containers) and tears everything down.
import type { ResourceSource } from '../measure/resources/source.js';
import type { LatencyDistribution } from '../scenario/schema.js';
import type { TargetAddress } from '../traffic/types.js';
import type { Availability } from './local/availability.js';
import type { RunningTarget, StartOptions } from './target.js';
import type { Variant } from './variants.js';
import type { ExitInfo } from '../record/run.js';
import type { TlsListenerInfo } from '../record/tls.js';
import type { TlsListenOptions } from './tls-listener.js';

export interface UpstreamOptions {
  host: string;
  port: number;
  bodyBytes: number;
  latency: LatencyDistribution;
  cpus: string;
  /** Scratch folder for its log. */
  dir: string;
  /** The run's id: the docker runtime labels every container with it (proxybench.run=<id>). */
  runId?: string;
  /** Start it as the oracle (upstream --oracle): every connection's bytes recorded, for the probe sweep. */
  oracle?: boolean;
  /** A second listener over TLS (cells with TLS phases): `direct`'s TLS reference row. */
  tls?: TlsListenOptions;
  /** The run's identity token (src/runtime/identity.ts): the upstream answers with it; health and stats are checked against it. */
  identity?: string;
}

export interface UpstreamStats {
  requests: number;
  /** Requests an attack sent that reached the upstream (absent from an upstream older than the counter). */
  attackRequests?: number;
  connectionsOpened: number;
  connectionsOpen: number;
}

export interface RunningUpstream {
  address: TargetAddress;
  resources: ResourceSource;
  /** Its TLS listener, when options.tls asked for one, with what a verified handshake negotiated. */
  tls?: { address: TargetAddress; info: TlsListenerInfo };
  stats(): Promise<UpstreamStats>;
  resetStats(): Promise<void>;
  /** Stops it before the run ends (the probe sweep's oracle); runtimes without it keep it until close(). */
  stop?(): Promise<void>;
  /** Resolves when its process (or container) ends, for whatever reason: the runner watches it during phases. */
  exited?: Promise<ExitInfo>;
  /** Pids of its process tree (host pids), where they can be read. */
  treePids?(): number[];
}

export interface Runtime {
  name: 'local' | 'docker';
  availability(variant: Variant): Promise<Availability>;
  startVariant(variant: Variant, options: StartOptions, version: string | undefined): Promise<RunningTarget>;
  startUpstream(options: UpstreamOptions): Promise<RunningUpstream>;
  /** Stops everything it started (safe to call twice). */
  close(): Promise<void>;
  /** Synchronous last resort from a process 'exit' handler: kill whatever is left. */
  killAllNow(): void;
}

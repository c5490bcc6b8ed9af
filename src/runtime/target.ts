// What a runtime hands the runner: a started target (proxy, upstream or direct) and how to stop it.
import type { TargetAddress, VouchedEndpoint } from '../traffic/types.js';
import type { ResourceSource } from '../measure/resources/source.js';
import type { ExitInfo } from '../record/run.js';
import type { TlsListenerInfo } from '../record/tls.js';
import type { TlsListenOptions } from './tls-listener.js';
import type { Http2ListenOptions } from './http2-settings.js';
import type { Http2ListenerInfo } from '../record/http2.js';

export interface RunningTarget {
  variant: string;
  /** Where clients send traffic. */
  address: TargetAddress;
  /** Where its CPU and memory are read; undefined for `direct` (nothing runs). */
  resources: ResourceSource | undefined;
  version: string | undefined;
  logFile: string | undefined;
  /** Docker bridge: the container itself, where probes and attacks go (not through docker's port forwarder on `address`). */
  vouched?: VouchedEndpoint;
  /** Its TLS listener, when the cell has TLS phases: where TLS traffic goes and what a verified handshake negotiated. */
  tls?: { address: TargetAddress; info: TlsListenerInfo };
  /** Its h2c listener (HTTP/2 with prior knowledge, plaintext), where the variant serves one. */
  h2c?: { address: TargetAddress };
  /** Its HTTP/2 (cells with h2 / h2c traffic or attacks): the settings its config applies and what each listener announced. */
  http2?: { info: Http2ListenerInfo };
  /** Set when the process has exited on its own (a crash, as far as the run is concerned). */
  exit(): ExitInfo | undefined;
  /** Pids of its process tree (host pids; absent for `direct`): read before and after each phase to see a process die or be respawned. */
  treePids?(): number[];
  stop(): Promise<ExitInfo | undefined>;
}

export interface StartOptions {
  /** Per-run folder for this variant (rendered configs, logs). */
  dir: string;
  listenHost: string;
  listenPort: number;
  upstream: TargetAddress;
  cpus: string;
  workers: number;
  upstreamPoolSize: number;
  healthDeadlineMs: number;
  /** A second listener over TLS (cells with TLS phases); the plaintext listener stays on listenPort. */
  tls?: TlsListenOptions;
  /** HTTP/2 (cells with h2 / h2c phases): ALPN h2 on the TLS listener, an h2c listener on a port of its own. */
  http2?: Http2ListenOptions;
  /** The variant's TLS library version as its availability check read it (manifest tls.libraryVersion). */
  tlsLibraryVersion?: string;
  /** The upstream's TLS listener: where `direct` takes TLS traffic. */
  upstreamTls?: { address: TargetAddress; info: TlsListenerInfo };
  /** The run's identity token: the proxy is healthy only when its health answer came through it from this run's upstream. */
  identity?: string;
}

/** `direct`: nothing runs; the client talks to the upstream itself (the same in every runtime). */
export function directTarget(name: string, options: Pick<StartOptions, 'upstream' | 'upstreamTls'>): RunningTarget {
  return {
    variant: name,
    ...(options.upstreamTls ? { tls: options.upstreamTls } : {}),
    address: options.upstream,
    resources: undefined,
    version: undefined,
    logFile: undefined,
    exit: () => undefined,
    stop: async () => undefined,
  };
}

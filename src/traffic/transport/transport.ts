// How the generator's bytes reach a target: one interface over plain TCP and TLS, chosen per phase (wrk2's `struct sock`).
import type { Socket } from 'node:net';
import type { TargetAddress, TransportSpec } from '../types.js';

/** Node's `onread`: reads land in a buffer the caller owns (no Buffer allocated per read). */
export interface OnRead {
  buffer: Buffer;
  callback: (bytes: number, buffer: Uint8Array) => boolean;
}

/** What a transport tells about one connection once it is ready: the TLS handshake as it happened (plain: nothing). */
export interface HandshakeInfo {
  /** `isSessionReused()`: the session of an earlier connection was resumed. */
  resumed: boolean;
  protocol: string;
  cipher: string;
  /** The peer's certificate verified against the run's CA (always true where the transport verifies itself). */
  authorized: boolean;
  /** ALPN's choice when the phase offered protocols (`none`: the server chose none); absent when it offered none. */
  alpn?: string;
}

/**
 * Opens connections for one phase. The socket emits `readyEvent` once application bytes may flow ('connect' for
 * plain TCP, 'secureConnect' after the TLS handshake); `handshake(socket)` then describes it. A transport holds only
 * per-phase state (a TLS client's secure context and the session a `resumed` phase reuses), never module state.
 */
export interface ClientTransport {
  readonly kind: TransportSpec['kind'];
  readonly readyEvent: 'connect' | 'secureConnect';
  connect(target: TargetAddress, onread: OnRead): Socket;
  handshake(socket: Socket): HandshakeInfo | undefined;
  /** Requests a connection carries before the generator closes it (undefined: until the phase ends). */
  readonly requestsPerConnection: number | undefined;
  /** Connections the open loop may open before t0 (its warm pool); `resumed` opens one to obtain a session. */
  warmPool(wanted: number): { open: number; keep: boolean };
  /** Resolves once the warm pool has given the transport what it needs (a `resumed` phase: a session), or after timeoutMs. */
  primed(timeoutMs: number): Promise<void>;
  /** Closes at once without leaving TIME_WAIT where it can (plain: a TCP reset; TLS: destroy, its handle is not TCP). */
  reset(socket: Socket): void;
}

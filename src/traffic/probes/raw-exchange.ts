// Sends raw bytes (with pauses) on one fresh connection (plain TCP or TLS) and collects every byte back until close, quiet or timeout.
import type net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TargetAddress } from '../types.js';
import { streamConnector, type StreamConnector } from '../transport/stream.js';
import type { ProbeStep } from '../../scenario/probes/probe-schema.js';
import { parseResponses } from '../../http1/responses.js';

export interface RawExchange {
  /** Every byte the peer sent. */
  bytes: Buffer;
  /** How the peer ended the connection, if it did before we gave up: FIN, or a reset / abort. */
  closed: 'fin' | 'reset' | null;
  /** No complete final response within the response timeout (and no close). */
  timedOut: boolean;
  /** The connection (TCP, or the TLS handshake over it) failed: the code, e.g. ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE. */
  connectError: string | null;
  /** Writing failed (the peer had closed): the later steps were not sent. */
  writeError: string | null;
  elapsedMs: number;
}

export interface ExchangeOptions {
  /** After the last byte is sent: how long to wait for a complete response. */
  responseTimeoutMs: number;
  /** After a complete response: how long to wait for more bytes or the close. */
  settleMs: number;
  /** Aborted: the connection is dropped at once and the exchange ends with what it has. */
  signal?: AbortSignal;
  /** How the bytes reach the target: plain TCP (the default) or TLS (src/traffic/transport/stream.ts). */
  connector?: StreamConnector;
}

/** Plain TCP: the exchange's default connector (one per module is fine: it holds no state). */
const plain = streamConnector(undefined);

export async function exchange(target: TargetAddress, steps: readonly ProbeStep[], o: ExchangeOptions): Promise<RawExchange> {
  const started = performance.now();
  const connector = o.connector ?? plain;
  const socket = connector.connect(target);
  const chunks: Buffer[] = [];
  const state = { ready: false, closed: null as RawExchange['closed'], connectError: null as string | null, writeError: null as string | null, lastByteMs: 0 };
  socket.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    state.lastByteMs = performance.now();
  });
  socket.on('end', () => (state.closed ??= 'fin'));
  socket.on('error', (error: NodeJS.ErrnoException) => {
    // Before the socket is ready (TCP connect, or the TLS handshake and its certificate check) an error is a failed connect.
    if (!state.ready) state.connectError ??= error.code ?? error.message;
    else if (state.closed === null) state.closed = 'reset';
  });
  socket.on('close', () => (state.closed ??= 'reset'));
  const abandon = () => socket.destroy();
  if (o.signal?.aborted) abandon();
  o.signal?.addEventListener('abort', abandon, { once: true });
  const connected = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 3000);
    socket.once(connector.readyEvent, () => (clearTimeout(timer), (state.ready = true), resolve(true)));
    socket.once('close', () => (clearTimeout(timer), resolve(false)));
  });
  const done = (timedOut: boolean): RawExchange => {
    o.signal?.removeEventListener('abort', abandon);
    socket.destroy();
    return { bytes: Buffer.concat(chunks), closed: connected ? state.closed : null, timedOut, connectError: connected ? null : (state.connectError ?? (connector.kind === 'tls' ? 'connect or TLS handshake timeout' : 'connect timeout')), writeError: state.writeError, elapsedMs: performance.now() - started };
  };
  if (!connected) return done(false);
  for (const step of steps) {
    if (state.closed !== null) break;
    if ('pauseMs' in step) await pause(step.pauseMs, () => state.closed !== null);
    else state.writeError ??= await write(socket, step.send, o.responseTimeoutMs, () => state.closed !== null);
    if (state.writeError !== null) break;
  }
  return done(await waitForAnswer(chunks, state, o));
}

/** Resolves true on timeout, false once closed or a complete response has been followed by settleMs of quiet. */
async function waitForAnswer(chunks: Buffer[], state: { closed: RawExchange['closed']; lastByteMs: number }, o: ExchangeOptions): Promise<boolean> {
  const sentAt = performance.now();
  for (;;) {
    if (state.closed !== null) return false;
    const now = performance.now();
    const parsed = parseResponses(Buffer.concat(chunks), false);
    const complete = (parsed.responses.length > 0 && parsed.responses.every((r) => r.complete)) || parsed.garbageBytes > 0;
    if (complete && now - Math.max(state.lastByteMs, sentAt) >= o.settleMs) return false;
    if (!complete && now - sentAt >= o.responseTimeoutMs) return true;
    await sleep(10);
  }
}

/** Resolves with null once written, an error code, or 'stalled' when the peer stops reading (or closes) first. */
async function write(socket: net.Socket, bytes: Buffer, stallMs: number, closed: () => boolean): Promise<string | null> {
  let result: string | null | undefined;
  socket.write(bytes, (error) => (result = error ? ((error as NodeJS.ErrnoException).code ?? error.message) : null));
  const until = performance.now() + stallMs;
  while (result === undefined && !closed() && performance.now() < until) await sleep(5);
  return result === undefined ? 'stalled' : result;
}

async function pause(ms: number, stop: () => boolean): Promise<void> {
  const until = performance.now() + ms;
  while (performance.now() < until && !stop()) await sleep(Math.min(50, until - performance.now()));
}

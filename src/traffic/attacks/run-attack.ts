// The attack loop (inside the attacker process): opens, feeds and tracks attack connections, bounded in count and time.
import net from 'node:net';
import { systemClock, type Clock } from '../../shared/clock.js';
import { headerFloodRequest, openingBytes, pipelineBatch, statusesIn, trickleBytes } from './attack-bytes.js';
import type { AttackerResult, AttackerSpec } from './protocol.js';
import { isH2Attack } from '../../scenario/adversarial-schema.js';
import { runH2Attack } from './h2-run-attack.js';
import { streamConnector, type StreamConnector } from '../transport/stream.js';
import { captureClientHello } from './client-hello.js';

interface AttackConnection {
  socket: net.Socket;
  openedMs: number;
  connected: boolean;
  /** The attacker closed it itself (a handshake-flood connection after its handshake): not a cut by the proxy. */
  selfClosed: boolean;
  /** tls-hello-dribble: ClientHello bytes sent so far. */
  helloSent: number;
  /** tls-handshake-flood: its handshake completed (undefined for the other kinds). */
  secured?: boolean;
}

/** What the TLS kinds need in the loop: the handshake flood's TLS connector, the dribble's ClientHello. */
interface TlsKit {
  connector?: StreamConnector;
  hello?: Buffer;
}

const isFlood = (kind: AttackerSpec['kind']) => kind === 'pipeline-flood' || kind === 'header-flood';
/** Floods open their connections at this rate (their `rate` counts requests); the other kinds at their own rate. */
const floodOpenRatePerSec = 1000;
/** A flood skips a connection whose unsent bytes exceed this (bounded memory). */
const maxQueuedBytes = 1024 * 1024;
const tickMs = 10;

/** The connections of one attack and what happened to them. */
class AttackState {
  readonly open = new Set<AttackConnection>();
  readonly cuts: number[] = [];
  readonly r: AttackerResult;
  private readonly endMs: number;

  constructor(private readonly spec: AttackerSpec, startMs: number, private readonly nowMs: () => number, private readonly kit: TlsKit = {}) {
    this.endMs = startMs + spec.durationMs;
    this.r = {
      kind: spec.kind, durationMs: spec.durationMs, connectionsOpened: 0, connectionsFailed: 0, maxOpen: 0, closedByProxy: 0,
      firstCutMs: null, medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0,
      ...(kit.connector || kit.hello ? { tls: { handshakes: 0, resumed: 0, handshakeErrors: {}, handshakesInProgressAtEnd: 0, clientHelloBytes: kit.hello?.length ?? null, helloesCompleted: 0 } } : {}),
    };
  }

  /** tls-hello-dribble: the next `dribbleBytes` of the ClientHello on this connection (undefined once all are out). */
  private nextHelloBytes(c: AttackConnection): Buffer | undefined {
    const hello = this.kit.hello!;
    if (c.helloSent >= hello.length) return undefined;
    const chunk = hello.subarray(c.helloSent, c.helloSent + (this.spec.dribbleBytes ?? 1));
    c.helloSent += chunk.length;
    if (c.helloSent >= hello.length) this.r.tls!.helloesCompleted++;
    return chunk;
  }

  send(c: AttackConnection, bytes: Buffer | undefined, requests: number): void {
    if (!bytes || c.socket.destroyed || c.socket.writableLength > maxQueuedBytes) return;
    c.socket.write(bytes);
    this.r.bytesSent += bytes.length;
    this.r.requestsSent += requests;
  }

  openOne(): void {
    const kind = this.spec.kind;
    const socket = this.kit.connector ? this.kit.connector.connect(this.spec.target) : net.connect({ ...this.spec.target, noDelay: true });
    const c: AttackConnection = { socket, openedMs: this.nowMs(), connected: false, selfClosed: false, helloSent: 0 };
    this.open.add(c);
    this.r.maxOpen = Math.max(this.r.maxOpen, this.open.size);
    c.socket.on('connect', () => {
      c.connected = true;
      this.r.connectionsOpened++;
      if (kind === 'tls-hello-dribble') this.send(c, this.nextHelloBytes(c), 0);
      else this.send(c, openingBytes(kind), kind === 'slow-read' ? 1 : 0);
      if (kind === 'slow-read') c.socket.pause(); // the kernel's receive window fills, then closes
    });
    if (this.kit.connector) this.watchHandshake(c);
    c.socket.on('data', (chunk: Buffer) => {
      this.r.bytesReceived += chunk.length;
      for (const status of statusesIn(chunk)) {
        this.r.statuses[status] = (this.r.statuses[status] ?? 0) + 1;
        if (status === '408') this.cuts.push(this.nowMs() - c.openedMs);
      }
      if (kind === 'slow-read') c.socket.pause();
    });
    c.socket.on('error', () => {}); // 'close' follows
    c.socket.on('close', () => {
      this.open.delete(c);
      if (!c.connected) this.r.connectionsFailed++;
      else if (!c.selfClosed && this.nowMs() < this.endMs) {
        this.r.closedByProxy++;
        this.cuts.push(this.nowMs() - c.openedMs);
      }
    });
  }

  /** tls-handshake-flood: a verified handshake is counted, then the connection closed (or held); a failed one counted by its code. */
  private watchHandshake(c: AttackConnection): void {
    const tls = this.r.tls!;
    let secure = false;
    c.secured = false;
    c.socket.on('secureConnect', () => {
      secure = true;
      c.secured = true;
      tls.handshakes++;
      if ((c.socket as import('node:tls').TLSSocket).isSessionReused()) tls.resumed++;
      if (this.spec.hold) return;
      // end(), not destroy(): the client's Finished (already queued) and a close_notify go out, so the proxy completes
      // the handshake it paid for; destroy() could drop the Finished and leave the server a half-done handshake.
      c.selfClosed = true;
      c.socket.end();
    });
    c.socket.on('error', (error: NodeJS.ErrnoException) => {
      if (!c.connected || secure) return;
      const code = error.code ?? 'error';
      tls.handshakeErrors[code] = (tls.handshakeErrors[code] ?? 0) + 1;
    });
  }

  /** Slow kinds, every interval: one more field, 10 more body bytes, one more read, or the next ClientHello bytes. */
  trickle(n: number): void {
    for (const c of this.open) {
      if (!c.connected) continue;
      if (this.spec.kind === 'slow-read') c.socket.resume();
      else if (this.spec.kind === 'tls-hello-dribble') this.send(c, this.nextHelloBytes(c), 0);
      else this.send(c, trickleBytes(this.spec.kind, n), 0);
    }
  }

  finish(): AttackerResult {
    if (this.r.tls && this.kit.connector) this.r.tls.handshakesInProgressAtEnd = [...this.open].filter((c) => c.connected && c.secured === false).length;
    for (const c of this.open) c.socket.destroy();
    const sorted = [...this.cuts].sort((a, b) => a - b);
    this.r.firstCutMs = sorted.length > 0 ? Math.round(sorted[0]!) : null;
    this.r.medianCutMs = sorted.length > 0 ? Math.round(sorted[Math.floor(sorted.length / 2)]!) : null;
    return this.r;
  }
}

/** Runs one attack to its end; `clock` paces it and times the cuts (tests pass a fake one). */
export async function runAttack(spec: AttackerSpec, clock: Clock = systemClock()): Promise<AttackerResult> {
  if (isH2Attack(spec.kind)) return runH2Attack({ ...spec, kind: spec.kind }, clock);
  const nowMs = () => clock.nowNs() / 1e6;
  const kit = await tlsKit(spec);
  const startMs = nowMs();
  const state = new AttackState(spec, startMs, nowMs, kit);
  const flood = isFlood(spec.kind) ? (spec.kind === 'pipeline-flood' ? pipelineBatch(spec.depth) : headerFloodRequest()) : undefined;
  const perWrite = spec.kind === 'pipeline-flood' ? spec.depth : 1;
  const openRate = flood ? floodOpenRatePerSec : spec.ratePerSec;
  let opened = 0;
  let trickles = 0;
  let nextTrickleMs = startMs + spec.intervalMs;
  let floodDebt = 0;
  for (let tick = 0; nowMs() < startMs + spec.durationMs; tick++) {
    const due = Math.min(spec.connections, Math.floor(((nowMs() - startMs) / 1000) * openRate) + 1);
    for (; opened < due; opened++) state.openOne();
    if (flood) {
      floodDebt = Math.min(floodDebt + (spec.ratePerSec * tickMs) / 1000, spec.ratePerSec); // never more than a second's backlog
      const ready = [...state.open].filter((c) => c.connected);
      for (let i = 0; floodDebt >= 1 && ready.length > 0; i++, floodDebt--) state.send(ready[(tick + i) % ready.length]!, flood, perWrite);
    } else if (nowMs() >= nextTrickleMs) {
      nextTrickleMs += spec.intervalMs;
      state.trickle(++trickles);
    }
    await clock.sleep(tickMs);
  }
  return state.finish();
}

/** The TLS kinds' kit: the flood's connector (the run's CA trusted, verification on), the dribble's captured ClientHello. */
async function tlsKit(spec: AttackerSpec): Promise<TlsKit> {
  if (spec.kind !== 'tls-handshake-flood' && spec.kind !== 'tls-hello-dribble') return {};
  if (spec.tls === undefined) throw new Error(`${spec.kind} needs the run's CA and the listener's TLS version`);
  return spec.kind === 'tls-handshake-flood' ? { connector: streamConnector(spec.tls) } : { hello: await captureClientHello(spec.tls) };
}

// The HTTP/2 attack loop (inside the attacker process): raw h2 connections fed attack units, bounded in frames, connections and time.
import type { Clock } from '../../shared/clock.js';
import type { H2AttackKind } from '../../scenario/adversarial-schema.js';
import { errorCodeName, Setting } from '../transport/h2/frames.js';
import { connectH2, statusOf, type H2Connection, type H2Target } from '../transport/h2/raw-client.js';
import { attackUnit, clientSettings, dripBytes, dripFrames, everyUnitOpens, framesThroughStream, goawayGraceMs, holdsStreams, neverReads } from './h2-attack-frames.js';
import type { AttackerResult, AttackerSpec, H2AttackerResult } from './protocol.js';

const tickMs = 10;
/** A connection whose unsent bytes exceed this is skipped (the proxy is not reading it: bounded memory here). */
const maxQueuedBytes = 1024 * 1024;
/** Replacements for connections the proxy closed: at most this many times `connections` in all. */
const reopenFactor = 50;
/** Client stream ids are odd and below 2^31 (RFC 9113 §5.1.1): a connection that used them up is closed and replaced. */
const lastStreamId = 2 ** 31 - 1;

interface Conn {
  h2: H2Connection;
  openedMs: number;
  ready: boolean;
  units: number;
  nextStreamId: number;
  open: Set<number>;
  framesSent: number;
  /** Frames sent up to and with the unit that opened stream 2k+1 (kinds whose every unit opens a stream). */
  framesThrough: number[];
  /** Frames counted as accepted once (at the first GOAWAY or the close). */
  accepted: boolean;
  goaway: boolean;
  /** When the proxy's GOAWAY arrived (ms, the attack's clock). */
  goawayAtMs?: number;
  /** Closed by the attacker after its GOAWAY grace: not a close by the proxy. */
  dropped?: boolean;
  bytesPerFrame: number;
}

const bump = (m: Record<string, number>, k: string) => (m[k] = (m[k] ?? 0) + 1);
const median = (xs: number[]) => (xs.length === 0 ? null : Math.round([...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!));

/** Runs one HTTP/2 attack to its end (spec.h2 says how to reach the listener at spec.target). */
export async function runH2Attack(spec: AttackerSpec & { kind: H2AttackKind }, clock: Clock): Promise<AttackerResult> {
  const kind = spec.kind;
  const nowMs = () => clock.nowNs() / 1e6;
  const startMs = nowMs();
  const endMs = startMs + spec.durationMs;
  const maxFrames = spec.maxFrames ?? 200_000;
  const target: H2Target = spec.h2?.via === 'tls' ? { kind: 'tls', address: spec.target, caPem: spec.h2.caPem } : { kind: 'h2c', address: spec.target };
  const scheme = target.kind === 'tls' ? 'https' : 'http';
  const nonce = spec.nonce ?? 'x';
  const r: AttackerResult = {
    kind, durationMs: spec.durationMs, connectionsOpened: 0, connectionsFailed: 0, maxOpen: 0, closedByProxy: 0,
    firstCutMs: null, medianCutMs: null, statuses: {}, requestsSent: 0, bytesSent: 0, bytesReceived: 0,
  };
  const h: H2AttackerResult = {
    framesSent: 0, framesAccepted: 0, streamsOpened: 0, streamsResetByClient: 0, streamsResetByProxy: 0, proxyResetCodes: {}, goaways: 0, goawayCodes: {},
    firstGoawayMs: null, medianGoawayMs: null, firstGoawayCode: null, responses: 0, maxConcurrentStreams: null, firstError: null, connectingAtEnd: 0,
  };
  const conns = new Set<Conn>();
  const cuts: number[] = [];
  const goawayAges: Array<{ ms: number; code: string }> = [];
  let ended = false;
  let opens = 0;

  /**
   * Counts a connection's frames the proxy took, once: by its GOAWAY's last stream id where every unit opens a stream
   * (the units it processed; frames written after them met a connection already refusing them), else the frames
   * written and not still queued here when it sent GOAWAY or closed.
   */
  const accept = (c: Conn, lastStreamId?: number) => {
    if (c.accepted) return;
    c.accepted = true;
    if (lastStreamId !== undefined && everyUnitOpens(kind)) {
      h.framesAccepted += Math.min(c.framesSent, framesThroughStream(c.framesThrough, lastStreamId));
      return;
    }
    const queued = Math.ceil(c.h2.socket.writableLength / Math.max(1, c.bytesPerFrame));
    h.framesAccepted += Math.max(0, c.framesSent - queued);
  };

  const openOne = () => {
    opens++;
    const c = { openedMs: nowMs(), ready: false, units: 0, nextStreamId: 1, open: new Set<number>(), framesSent: 0, framesThrough: [] as number[], accepted: false, goaway: false, bytesPerFrame: 9 } as Conn;
    c.h2 = connectH2(target, {
      ready: () => {
        c.ready = true;
        r.connectionsOpened++;
        if (neverReads(kind)) c.h2.pause();
      },
      settings: (s) => {
        const max = s.get(Setting.MAX_CONCURRENT_STREAMS);
        if (max !== undefined) h.maxConcurrentStreams = max;
      },
      headers: (streamId, fields, endStream) => {
        const status = statusOf(fields);
        if (status === undefined) return;
        h.responses++;
        bump(r.statuses, status);
        if (endStream || !holdsStreams(kind)) c.open.delete(streamId);
      },
      data: (streamId, _bytes, endStream) => {
        if (endStream) c.open.delete(streamId);
      },
      reset: (streamId) => {
        c.open.delete(streamId);
      },
      goaway: (g) => {
        h.goaways++;
        bump(h.goawayCodes, errorCodeName(g.code));
        if (!c.goaway) {
          c.goaway = true;
          c.goawayAtMs = nowMs();
          goawayAges.push({ ms: nowMs() - c.openedMs, code: errorCodeName(g.code) });
          accept(c, g.lastStreamId);
        }
      },
      frame: (f) => {
        r.bytesReceived += 9 + f.payload.length;
        if (f.type === 0x3) {
          h.streamsResetByProxy++;
          bump(h.proxyResetCodes, errorCodeName(f.payload.length >= 4 ? f.payload.readUInt32BE(0) : -1));
        }
      },
      close: (error) => {
        conns.delete(c);
        accept(c);
        if (c.dropped) return;
        if (!c.ready) {
          r.connectionsFailed++;
          h.firstError ??= error ?? 'closed before the connection was ready';
        } else if (!ended) {
          r.closedByProxy++;
          cuts.push(nowMs() - c.openedMs);
        }
      },
    }, { settings: clientSettings(kind), ackSettings: !neverReads(kind) });
    conns.add(c);
    r.maxOpen = Math.max(r.maxOpen, conns.size);
  };

  const sendUnit = (c: Conn): boolean => {
    const maxStreams = c.h2.serverSettings.get(Setting.MAX_CONCURRENT_STREAMS) ?? 100;
    if (holdsStreams(kind) && c.open.size >= maxStreams) return false;
    if (c.nextStreamId > lastStreamId) {
      c.h2.destroy();
      return false;
    }
    const unit = attackUnit({ kind, scheme, nonce, depth: spec.depth, n: c.units }, c.nextStreamId);
    if (!c.h2.write(unit.bytes)) return false;
    c.units++;
    c.framesSent += unit.frames;
    c.bytesPerFrame = unit.bytes.length / unit.frames;
    h.framesSent += unit.frames;
    r.bytesSent += unit.bytes.length;
    if (unit.opened !== undefined) {
      h.streamsOpened++;
      r.requestsSent++;
      if (unit.opened === c.nextStreamId) {
        c.nextStreamId += 2;
        if (everyUnitOpens(kind)) c.framesThrough.push(c.framesSent);
      }
      if (unit.clientReset) h.streamsResetByClient++;
      else c.open.add(unit.opened);
    }
    return true;
  };

  let debt = 0;
  let nextDripMs = startMs + spec.intervalMs;
  /** Closes the connections whose GOAWAY grace is over, so the loop replaces them (not the kinds that hold streams). */
  const dropRefused = () => {
    if (holdsStreams(kind)) return;
    for (const c of conns) {
      if (c.goawayAtMs === undefined || c.dropped || nowMs() - c.goawayAtMs < goawayGraceMs) continue;
      c.dropped = true;
      h.droppedAfterGoaway = (h.droppedAfterGoaway ?? 0) + 1;
      conns.delete(c);
      c.h2.destroy();
    }
  };

  for (let tick = 0; nowMs() < endMs; tick++) {
    dropRefused();
    while (conns.size < spec.connections && opens < spec.connections * reopenFactor) openOne();
    debt = Math.min(debt + (spec.ratePerSec * tickMs) / 1000, Math.max(1, spec.ratePerSec)); // at most a second's backlog
    const ready = [...conns].filter((c) => c.ready && !c.goaway && c.h2.socket.writableLength <= maxQueuedBytes);
    let i = 0;
    for (let skipped = 0; debt >= 1 && ready.length > 0 && h.framesSent < maxFrames && skipped < ready.length; i++) {
      if (sendUnit(ready[(tick + i) % ready.length]!)) {
        debt--;
        skipped = 0;
      } else skipped++;
    }
    if (holdsStreams(kind) && nowMs() >= nextDripMs) {
      nextDripMs += spec.intervalMs;
      for (const c of conns) if (c.ready && c.open.size > 0) c.h2.write(dripFrames([...c.open], dripBytes(kind, spec.depth)));
    }
    await clock.sleep(tickMs);
  }
  ended = true;
  h.connectingAtEnd = [...conns].filter((c) => !c.ready).length;
  for (const c of conns) {
    accept(c);
    c.h2.destroy();
  }
  const sortedCuts = [...cuts].sort((a, b) => a - b);
  r.firstCutMs = sortedCuts.length > 0 ? Math.round(sortedCuts[0]!) : null;
  r.medianCutMs = median(cuts);
  const byAge = [...goawayAges].sort((a, b) => a.ms - b.ms);
  h.firstGoawayMs = byAge.length > 0 ? Math.round(byAge[0]!.ms) : null;
  h.firstGoawayCode = byAge[0]?.code ?? null;
  h.medianGoawayMs = median(goawayAges.map((g) => g.ms));
  r.h2 = h;
  return r;
}

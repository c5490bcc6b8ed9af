// Pure: HTTP/2 frames (RFC 9113 §4, §6) — the 9-byte header, the frames the raw client sends, and a reader for what comes back.
export const connectionPreface = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', 'latin1');

export const FrameType = { DATA: 0x0, HEADERS: 0x1, PRIORITY: 0x2, RST_STREAM: 0x3, SETTINGS: 0x4, PUSH_PROMISE: 0x5, PING: 0x6, GOAWAY: 0x7, WINDOW_UPDATE: 0x8, CONTINUATION: 0x9 } as const;
export const Flag = { END_STREAM: 0x1, ACK: 0x1, END_HEADERS: 0x4, PADDED: 0x8, PRIORITY: 0x20 } as const;
export const Setting = { HEADER_TABLE_SIZE: 0x1, ENABLE_PUSH: 0x2, MAX_CONCURRENT_STREAMS: 0x3, INITIAL_WINDOW_SIZE: 0x4, MAX_FRAME_SIZE: 0x5, MAX_HEADER_LIST_SIZE: 0x6 } as const;
export const ErrorCode = { NO_ERROR: 0, PROTOCOL_ERROR: 1, CANCEL: 8, ENHANCE_YOUR_CALM: 11 } as const;
/** Error codes (RFC 9113 §7) by number, for records and verdicts. */
export const errorCodeNames: Readonly<Record<number, string>> = {
  0: 'NO_ERROR', 1: 'PROTOCOL_ERROR', 2: 'INTERNAL_ERROR', 3: 'FLOW_CONTROL_ERROR', 4: 'SETTINGS_TIMEOUT', 5: 'STREAM_CLOSED', 6: 'FRAME_SIZE_ERROR',
  7: 'REFUSED_STREAM', 8: 'CANCEL', 9: 'COMPRESSION_ERROR', 10: 'CONNECT_ERROR', 11: 'ENHANCE_YOUR_CALM', 12: 'INADEQUATE_SECURITY', 13: 'HTTP_1_1_REQUIRED',
};
export const errorCodeName = (code: number) => errorCodeNames[code] ?? `0x${code.toString(16)}`;
export const frameHeaderBytes = 9;
/** Largest payload a peer must accept before it raises SETTINGS_MAX_FRAME_SIZE (RFC 9113 §4.2). */
export const defaultMaxFrameBytes = 16_384;

export interface Frame {
  type: number;
  flags: number;
  streamId: number;
  payload: Buffer;
}

/** One frame: the 24-bit length, type, flags, the 31-bit stream id, the payload. */
export function encodeFrame(type: number, flags: number, streamId: number, payload: Buffer = Buffer.alloc(0)): Buffer {
  if (payload.length >= 1 << 24) throw new RangeError(`an HTTP/2 frame payload is under 16 MiB (${payload.length} B)`);
  const header = Buffer.alloc(frameHeaderBytes);
  header.writeUIntBE(payload.length, 0, 3);
  header.writeUInt8(type, 3);
  header.writeUInt8(flags, 4);
  header.writeUInt32BE(streamId & 0x7fffffff, 5);
  return Buffer.concat([header, payload]);
}

export function settingsFrame(settings: ReadonlyArray<readonly [number, number]> = [], ack = false): Buffer {
  const payload = Buffer.alloc(settings.length * 6);
  settings.forEach(([id, value], i) => {
    payload.writeUInt16BE(id, i * 6);
    payload.writeUInt32BE(value, i * 6 + 2);
  });
  return encodeFrame(FrameType.SETTINGS, ack ? Flag.ACK : 0, 0, payload);
}

export const settingsAck = () => encodeFrame(FrameType.SETTINGS, Flag.ACK, 0);
export const pingFrame = (opaque: bigint, ack = false) => {
  const payload = Buffer.alloc(8);
  payload.writeBigUInt64BE(opaque & 0xffff_ffff_ffff_ffffn);
  return encodeFrame(FrameType.PING, ack ? Flag.ACK : 0, 0, payload);
};

export function rstStreamFrame(streamId: number, code: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(code);
  return encodeFrame(FrameType.RST_STREAM, 0, streamId, payload);
}

/** WINDOW_UPDATE; an increment of 0 is a protocol error the receiver must answer (RFC 9113 §6.9), which MadeYouReset uses. */
export function windowUpdateFrame(streamId: number, increment: number): Buffer {
  const payload = Buffer.alloc(4);
  payload.writeUInt32BE(increment & 0x7fffffff);
  return encodeFrame(FrameType.WINDOW_UPDATE, 0, streamId, payload);
}

export function headersFrame(streamId: number, block: Buffer, opts: { endStream: boolean; endHeaders: boolean }): Buffer {
  return encodeFrame(FrameType.HEADERS, (opts.endStream ? Flag.END_STREAM : 0) | (opts.endHeaders ? Flag.END_HEADERS : 0), streamId, block);
}

export const continuationFrame = (streamId: number, block: Buffer, endHeaders: boolean) => encodeFrame(FrameType.CONTINUATION, endHeaders ? Flag.END_HEADERS : 0, streamId, block);
export const dataFrame = (streamId: number, data: Buffer, endStream: boolean) => encodeFrame(FrameType.DATA, endStream ? Flag.END_STREAM : 0, streamId, data);

export interface GoAway {
  lastStreamId: number;
  code: number;
  debug: string;
}

export function parseGoAway(payload: Buffer): GoAway | undefined {
  if (payload.length < 8) return undefined;
  return { lastStreamId: payload.readUInt32BE(0) & 0x7fffffff, code: payload.readUInt32BE(4), debug: payload.subarray(8, 8 + 256).toString('latin1') };
}

export const parseErrorCode = (payload: Buffer) => (payload.length >= 4 ? payload.readUInt32BE(0) : undefined);

export function parseSettings(payload: Buffer): Map<number, number> {
  const settings = new Map<number, number>();
  for (let i = 0; i + 6 <= payload.length; i += 6) settings.set(payload.readUInt16BE(i), payload.readUInt32BE(i + 2));
  return settings;
}

/** The header block fragment of a HEADERS frame without its padding and priority fields (RFC 9113 §6.2). */
export function headerBlockOf(frame: Frame): Buffer {
  let p = frame.payload;
  let pad = 0;
  if (frame.flags & Flag.PADDED) {
    pad = p[0] ?? 0;
    p = p.subarray(1);
  }
  if (frame.type === FrameType.HEADERS && frame.flags & Flag.PRIORITY) p = p.subarray(5);
  return p.subarray(0, Math.max(0, p.length - pad));
}

/**
 * Splits a byte stream into frames as it arrives. Bounded: a frame longer than `maxFrameBytes` is an error (the peer
 * ignored our SETTINGS_MAX_FRAME_SIZE), never a buffer that grows without end.
 */
export class FrameReader {
  private pending: Buffer = Buffer.alloc(0);
  constructor(private readonly maxFrameBytes = defaultMaxFrameBytes) {}

  /** Frames completed by this chunk, in order. */
  push(chunk: Buffer): Frame[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Frame[] = [];
    for (;;) {
      if (this.pending.length < frameHeaderBytes) break;
      const length = this.pending.readUIntBE(0, 3);
      if (length > this.maxFrameBytes) throw new RangeError(`a ${length}-byte frame exceeds the ${this.maxFrameBytes}-byte maximum`);
      if (this.pending.length < frameHeaderBytes + length) break;
      frames.push({
        type: this.pending[3]!, flags: this.pending[4]!, streamId: this.pending.readUInt32BE(5) & 0x7fffffff,
        payload: Buffer.from(this.pending.subarray(frameHeaderBytes, frameHeaderBytes + length)),
      });
      this.pending = this.pending.subarray(frameHeaderBytes + length);
    }
    return frames;
  }
}

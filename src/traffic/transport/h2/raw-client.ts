// A raw HTTP/2 client connection: h2c with prior knowledge or TLS with ALPN h2; writes frames as given, reads and reports what comes back.
import net from 'node:net';
import tls from 'node:tls';
import type { TargetAddress } from '../../types.js';
import { tlsClientOptions } from '../tls.js';
import { connectionPreface, errorCodeName, Flag, FrameReader, FrameType, headerBlockOf, parseErrorCode, parseGoAway, parseSettings, settingsAck, settingsFrame, type Frame, type GoAway } from './frames.js';
import { createHeaderDecoder, type HeaderField } from './hpack.js';

/** How the raw client reaches an h2 listener: `h2c` (prior knowledge, plaintext) or `tls` (ALPN h2, trusting only the run's CA). */
export type H2Target =
  | { kind: 'h2c'; address: TargetAddress }
  | { kind: 'tls'; address: TargetAddress; caPem: string; version?: '1.2' | '1.3' };

export interface H2Events {
  /** The connection is ready (TLS: handshake done with h2 negotiated) and the preface and SETTINGS are written. */
  ready?(): void;
  /** A complete header block (HEADERS + CONTINUATIONs) arrived on a stream. */
  headers?(streamId: number, fields: readonly HeaderField[], endStream: boolean): void;
  data?(streamId: number, bytes: number, endStream: boolean): void;
  reset?(streamId: number, code: number): void;
  goaway?(g: GoAway): void;
  settings?(s: Map<number, number>): void;
  /** Any frame, after the handlers above. */
  frame?(f: Frame): void;
  /** The socket closed; `error` when it failed (the TLS peer did not negotiate h2, a reset). */
  close?(error: string | undefined): void;
}

export interface H2Connection {
  socket: net.Socket;
  /** Writes bytes (frames) as given; false when the socket is gone. */
  write(bytes: Buffer): boolean;
  /** Stop or resume reading (a flood "while not reading"; a zero-window slow read). */
  pause(): void;
  resume(): void;
  destroy(): void;
  /** The server's SETTINGS as last received. */
  readonly serverSettings: Map<number, number>;
}

export interface H2Options {
  /** Our SETTINGS, sent after the preface. */
  settings?: ReadonlyArray<readonly [number, number]>;
  /** Acknowledge the server's SETTINGS (default true); a flood that must not read keeps the socket paused instead. */
  ackSettings?: boolean;
}

/** Opens one connection and writes the preface and our SETTINGS when it is ready. */
export function connectH2(target: H2Target, events: H2Events, options: H2Options = {}): H2Connection {
  const socket: net.Socket = target.kind === 'h2c'
    ? net.connect({ ...target.address, noDelay: true })
    : tls.connect({ ...target.address, ...tlsClientOptions({ caPem: target.caPem, version: target.version ?? '1.3' }), ALPNProtocols: ['h2'], servername: 'localhost', rejectUnauthorized: true });
  socket.setNoDelay(true);
  const reader = new FrameReader(1 << 24);
  const decode = createHeaderDecoder();
  const serverSettings = new Map<number, number>();
  let block: { streamId: number; parts: Buffer[]; endStream: boolean } | undefined;
  let failure: string | undefined;
  const start = () => {
    if (target.kind === 'tls' && (socket as tls.TLSSocket).alpnProtocol !== 'h2') {
      failure = `the TLS listener negotiated ${(socket as tls.TLSSocket).alpnProtocol || 'no ALPN protocol'}, not h2`;
      socket.destroy();
      return;
    }
    socket.write(Buffer.concat([connectionPreface, settingsFrame(options.settings ?? [])]));
    events.ready?.();
  };
  socket.once(target.kind === 'h2c' ? 'connect' : 'secureConnect', start);
  socket.on('data', (chunk: Buffer) => {
    let frames: Frame[];
    try {
      frames = reader.push(chunk);
    } catch (e) {
      failure = (e as Error).message;
      socket.destroy();
      return;
    }
    for (const f of frames) {
      switch (f.type) {
        case FrameType.SETTINGS:
          if (!(f.flags & Flag.ACK)) {
            for (const [k, v] of parseSettings(f.payload)) serverSettings.set(k, v);
            if (options.ackSettings !== false && !socket.destroyed) socket.write(settingsAck());
            events.settings?.(serverSettings);
          }
          break;
        case FrameType.HEADERS:
        case FrameType.CONTINUATION: {
          if (f.type === FrameType.HEADERS) block = { streamId: f.streamId, parts: [], endStream: (f.flags & Flag.END_STREAM) !== 0 };
          if (!block) break;
          block.parts.push(headerBlockOf(f));
          if (f.flags & Flag.END_HEADERS) {
            const done = block;
            block = undefined;
            let fields: readonly HeaderField[];
            try {
              fields = decode(Buffer.concat(done.parts));
            } catch (e) {
              failure = `the server's header block did not decode: ${(e as Error).message}`;
              socket.destroy();
              return;
            }
            events.headers?.(done.streamId, fields, done.endStream);
          }
          break;
        }
        case FrameType.DATA:
          events.data?.(f.streamId, f.payload.length, (f.flags & Flag.END_STREAM) !== 0);
          break;
        case FrameType.RST_STREAM:
          events.reset?.(f.streamId, parseErrorCode(f.payload) ?? -1);
          break;
        case FrameType.GOAWAY: {
          const g = parseGoAway(f.payload);
          if (g) events.goaway?.(g);
          break;
        }
      }
      events.frame?.(f);
    }
  });
  socket.on('error', (e) => (failure ??= e.message));
  socket.on('close', () => events.close?.(failure));
  return {
    socket,
    serverSettings,
    write: (bytes) => (socket.destroyed ? false : (socket.write(bytes), true)),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
    destroy: () => socket.destroy(),
  };
}

/** The `:status` of a response header block (undefined when it has none). */
export const statusOf = (fields: readonly HeaderField[]) => fields.find(([n]) => n === ':status')?.[1];
export { errorCodeName };

// Captures the ClientHello node's own TLS client sends (over an in-memory stream, no network), for the slow dribble attack.
import { Duplex } from 'node:stream';
import { connect } from 'node:tls';
import { tlsClientOptions } from '../transport/tls.js';
import type { StreamTls } from '../transport/stream.js';

/** TLS record content type 22 (handshake) whose first message is type 1 (ClientHello). */
export function isClientHello(bytes: Buffer): boolean {
  return bytes.length >= 6 && bytes[0] === 0x16 && bytes[1] === 0x03 && bytes[5] === 0x01;
}

/**
 * The bytes node's TLS client writes first for this version and cipher pin: one ClientHello record, as a real client
 * sends it (a fresh random and key share, no session offered). It is captured from tls.connect over a Duplex that keeps
 * what it is given and answers nothing; the client is then destroyed. Rejects after `timeoutMs` without one.
 */
export function captureClientHello(tls: StreamTls, timeoutMs = 2000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const timer = setTimeout(() => finish(new Error(`node's TLS client wrote no ClientHello within ${timeoutMs} ms`)), timeoutMs);
    const wire = new Duplex({
      read() {},
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk);
        callback();
        setImmediate(finish); // tls.connect writes the hello synchronously, before it returns the client
      },
    });
    const client = connect({ socket: wire, ...tlsClientOptions(tls), rejectUnauthorized: true });
    client.on('error', () => undefined); // destroyed before any answer
    function finish(error?: unknown): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const hello = Buffer.concat(chunks);
      client.destroy();
      wire.destroy();
      if (error instanceof Error) return reject(error);
      if (!isClientHello(hello)) return reject(new Error(`node's TLS client wrote ${hello.length} bytes that are no ClientHello record`));
      resolve(hello);
    }
  });
}

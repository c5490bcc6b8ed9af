// Pure: whether an HTTP/2 phase measured HTTP/2, judged from every connection's own report.
import type { Http2TrafficStats } from '../traffic/types.js';

/** Reasons an HTTP/2 phase is not the measurement it claims to be; empty when it is (and for HTTP/1.1 phases). */
export function http2Reasons(http2: Http2TrafficStats | undefined): string[] {
  if (http2 === undefined) return [];
  const expected = http2.protocol;
  const total = Object.values(http2.negotiated).reduce((n, c) => n + c, 0);
  const others = Object.entries(http2.negotiated).filter(([p]) => p !== expected);
  if (others.length === 0) return [];
  const how = expected === 'h2' ? ' by ALPN' : '';
  return [`protocol ${expected} asked, but ${others.map(([p, n]) => `${n} of ${total} connections negotiated ${p}`).join(', ')}${how}: not an HTTP/2 measurement (does the proxy serve ${expected}? docker/README.md, "HTTP/2")`];
}

/** The saturation note's cause when every stream was taken: connections × streams, and how many requests waited. */
export function streamSlotNote(http2: Http2TrafficStats, maxConnections: number, unsent: number): string {
  const streams = http2.serverMaxStreams === null ? http2.streamsPerConnection : Math.min(http2.streamsPerConnection, http2.serverMaxStreams);
  const waited = http2.streamSlotWaits > 0 ? `; ${http2.streamSlotWaits} requests waited for a free stream` : '';
  return `no stream slot free: all ${maxConnections} connections × ${streams} streams were busy${unsent > 0 ? `, ${unsent} due requests still waited for one at the end` : ''}${waited}`;
}

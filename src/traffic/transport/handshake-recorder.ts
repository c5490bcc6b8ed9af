// Counts a phase's TLS handshakes: resumed or full, verified or not, protocol and cipher, and connect-to-ready time.
import { createLatencyHistogram, encodeHistogram, type LatencyHistogram } from '../../measure/histogram.js';
import type { TlsConnectionStats, TransportSpec } from '../types.js';
import type { HandshakeInfo } from './transport.js';

export class HandshakeRecorder {
  private readonly stats = { handshakes: 0, resumed: 0, unauthorized: 0 };
  private readonly protocols: Record<string, number> = {};
  private readonly ciphers: Record<string, number> = {};
  private readonly alpn: Record<string, number> = {};
  private readonly readyUs: LatencyHistogram = createLatencyHistogram();

  constructor(private readonly spec: TransportSpec | undefined) {}

  /** One connection that became ready during the phase, `readyUs` after its connect started. */
  record(info: HandshakeInfo | undefined, readyUs?: number): void {
    if (info === undefined) return;
    this.stats.handshakes += 1;
    if (info.resumed) this.stats.resumed += 1;
    if (!info.authorized) this.stats.unauthorized += 1;
    this.protocols[info.protocol] = (this.protocols[info.protocol] ?? 0) + 1;
    this.ciphers[info.cipher] = (this.ciphers[info.cipher] ?? 0) + 1;
    if (info.alpn !== undefined) this.alpn[info.alpn] = (this.alpn[info.alpn] ?? 0) + 1;
    if (readyUs !== undefined) this.readyUs.recordValue(Math.max(0, Math.round(readyUs)));
  }

  /** The phase's TLS figures; undefined for plain phases. */
  result(): TlsConnectionStats | undefined {
    if (this.spec === undefined || this.spec.kind !== 'tls') return undefined;
    return {
      mode: this.spec.mode,
      version: this.spec.version,
      requestsPerConnection: this.spec.mode === 'keepalive' ? null : this.spec.requestsPerConnection,
      ...this.stats,
      protocols: { ...this.protocols },
      ciphers: { ...this.ciphers },
      ...(this.spec.alpn ? { alpn: { ...this.alpn } } : {}),
      ...(this.readyUs.totalCount > 0 ? { handshakeUs: encodeHistogram(this.readyUs) } : {}),
    };
  }
}

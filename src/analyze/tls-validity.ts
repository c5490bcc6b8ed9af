// Pure: whether a TLS phase measured the handshake mode it declared, judged from every connection's own report.
import type { TlsConnectionStats } from '../traffic/types.js';

/** Reasons a TLS phase is not the measurement it claims to be; empty when it is. */
export function tlsReasons(tls: TlsConnectionStats | undefined): string[] {
  if (tls === undefined) return [];
  const reasons: string[] = [];
  const full = tls.handshakes - tls.resumed;
  if (tls.handshakes === 0) reasons.push('no TLS handshake completed during the phase: nothing verifies its mode');
  if (tls.mode === 'full' && tls.resumed > 0) {
    reasons.push(`mode full, but ${tls.resumed} of ${tls.handshakes} connections resumed a session (isSessionReused): not a full-handshake measurement`);
  }
  if (tls.mode === 'resumed' && full > 0) {
    reasons.push(`mode resumed, but ${full} of ${tls.handshakes} connections did a full handshake (isSessionReused false): the target did not resume sessions (tickets and session cache off?)`);
  }
  if (tls.unauthorized > 0) {
    reasons.push(`${tls.unauthorized} of ${tls.handshakes} connections presented a certificate the run's CA did not verify`);
  }
  const expected = tls.version === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
  const others = Object.entries(tls.protocols).filter(([protocol]) => protocol !== expected);
  if (others.length > 0) {
    reasons.push(`TLS ${tls.version} declared, but connections negotiated ${others.map(([p, n]) => `${p} (${n})`).join(', ')}`);
  }
  return reasons;
}

// Opens the open loop's warm pool of connections before the phase clock starts (connects before t0 are not measured).
import type { Clock } from '../../shared/clock.js';
import { Connection, type ConnectionEvents } from './connection.js';
import type { ClientTransport } from '../transport/transport.js';

/**
 * Connections to open before t0: enough for `ratePerSec` at a 1 ms round trip, within maxConnections. Without them
 * every first request finds no idle connection and pays a connect. (The larger first-second cost of a fresh generator
 * process is JIT warm-up: measured at 30k/s, sends up to ~20 ms late in a cold process and under 0.5 ms once warm,
 * which is what warm-up phases are for.)
 */
export function warmPoolSize(ratePerSec: number, maxConnections: number): number {
  return Math.min(maxConnections, Math.max(1, Math.ceil(ratePerSec / 1000)));
}

/** Resolves with the connections that connected within `timeoutMs`; the rest are closed. Failures are not errors here. */
export function preconnect(
  target: { host: string; port: number },
  transport: ClientTransport,
  count: number,
  timeoutMs: number,
  clockNs: () => number,
  readBuffer: Buffer,
  clock: Clock,
): Promise<Connection[]> {
  return new Promise((resolve) => {
    const ready: Connection[] = [];
    const pending = new Set<Connection>();
    const settle = () => {
      if (pending.size > 0) return;
      cancel();
      resolve(ready);
    };
    const events: ConnectionEvents = {
      onConnected: (conn) => {
        pending.delete(conn);
        ready.push(conn);
        settle();
      },
      onResponse: (conn) => conn.close('parse'),
      onClosed: (conn) => {
        pending.delete(conn);
        const at = ready.indexOf(conn);
        if (at >= 0) ready.splice(at, 1);
        settle();
      },
      onBytesRead: () => undefined,
    };
    const cancel = clock.timer(() => {
      for (const conn of [...pending]) conn.close('timeout');
    }, timeoutMs);
    if (count === 0) return settle();
    for (let i = 0; i < count; i++) pending.add(new Connection(target, transport, events, clockNs, readBuffer));
  });
}

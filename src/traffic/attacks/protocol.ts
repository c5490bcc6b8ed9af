// What the attacker process is asked to do and what it reports: plain data over IPC.
import type { TargetAddress } from '../types.js';
import type { AttackKind } from '../../scenario/adversarial-schema.js';

export interface AttackerSpec {
  kind: AttackKind;
  target: TargetAddress;
  /** Most attack connections open at once (and in total for the slow kinds). */
  connections: number;
  /** Slow kinds and connection-flood: new connections per second. Floods: batches or requests per second. */
  ratePerSec: number;
  intervalMs: number;
  depth: number;
  durationMs: number;
}

export interface AttackerResult {
  kind: AttackKind;
  durationMs: number;
  connectionsOpened: number;
  connectionsFailed: number;
  maxOpen: number;
  /** Attack connections the proxy closed (FIN or reset) while the attack ran. */
  closedByProxy: number;
  /** Connection age when the proxy closed it or answered 408, ms: first and median (null when it never did). */
  firstCutMs: number | null;
  medianCutMs: number | null;
  /** Status lines received on attack connections, by status. */
  statuses: Record<string, number>;
  requestsSent: number;
  bytesSent: number;
  bytesReceived: number;
}


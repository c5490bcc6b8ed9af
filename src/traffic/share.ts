// How one generator worker of several takes its share of a phase's connections (pure).
import type { WorkerShare } from './types.js';

/** This worker's connections when `share` splits `connections` over several workers (the first ones take the remainder). */
export function shareConnections(connections: number, share?: WorkerShare): number {
  if (!share) return connections;
  return Math.floor(connections / share.count) + (share.index < connections % share.count ? 1 : 0);
}

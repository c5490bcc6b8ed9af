// A remote worker warms its own engine (JIT) before the common start: an open loop against a server on its own loopback.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { runTraffic } from '../run-traffic.js';
import type { TrafficSpec } from '../types.js';

/** The longest warm-up, and the time it leaves free before the phase's warm pool opens. */
export const selfWarmupMs = { most: 2000, leave: 1500, least: 500 } as const;

/**
 * How long a worker may warm itself when `untilStartMs` remain before its phase (0: too little time, skip it): the
 * local generator is warmed against the upstream before the run; a fresh Swarm task has no such chance, so it warms on
 * loopback, where nothing of the run's is touched.
 */
export function selfWarmupDurationMs(untilStartMs: number): number {
  const ms = Math.min(selfWarmupMs.most, untilStartMs - selfWarmupMs.leave);
  return ms >= selfWarmupMs.least ? Math.floor(ms) : 0;
}

/** Runs the open loop for `durationMs` at the phase's per-worker rate (at most 5000/s) against a loopback server; discards the result. */
export async function warmOnLoopback(phase: TrafficSpec, workers: number, durationMs: number): Promise<void> {
  const server = createServer((_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const perWorker = phase.kind === 'open' ? phase.ratePerSec / workers : 1000;
    await runTraffic({ kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: Math.max(100, Math.min(5000, perWorker)), maxConnections: 8, durationMs, timeoutMs: 1000 });
  } finally {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

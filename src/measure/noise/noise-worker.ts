// Noise check worker process (started pinned by machine-check.ts through the worker kit): spins and reports its gaps.
import { isEntryPoint } from '../../shared/entry-point.js';
import { serveWorker } from '../../shared/worker/serve.js';
import { systemClock } from '../../shared/clock.js';
import { spinGaps } from './spin-gaps.js';

if (isEntryPoint(import.meta.url)) {
  const clock = systemClock();
  serveWorker({ spin: (p: { durationMs: number; thresholdUs: number }) => spinGaps(() => clock.nowNs(), p.durationMs * 1e6, p.thresholdUs * 1000) });
}

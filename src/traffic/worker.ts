// Generator worker process (started by generator.ts through the worker kit): runs traffic phases on request.
import { isEntryPoint } from '../shared/entry-point.js';
import { serveWorker } from '../shared/worker/serve.js';
import { runTraffic } from './run-traffic.js';
import type { TrafficSpec } from './types.js';

if (isEntryPoint(import.meta.url)) serveWorker({ run: (spec: TrafficSpec) => runTraffic(spec) });

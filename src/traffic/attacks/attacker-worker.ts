// Attacker worker process (started by attacker.ts through the worker kit): runs one attack per 'run' call.
import { isEntryPoint } from '../../shared/entry-point.js';
import { serveWorker } from '../../shared/worker/serve.js';
import type { AttackerSpec } from './protocol.js';
import { runAttack } from './run-attack.js';

if (isEntryPoint(import.meta.url)) serveWorker({ run: (spec: AttackerSpec) => runAttack(spec) });

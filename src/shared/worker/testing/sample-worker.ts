// A worker for the kit's own tests: echoes, fails in each way a real worker can, hangs, dies.
import { readFileSync } from 'node:fs';
import { isEntryPoint } from '../../entry-point.js';
import { ConfigError } from '../../errors.js';
import { serveWorker } from '../serve.js';

export const sampleHandlers = {
  echo: (payload: unknown) => payload,
  cpus: () => /Cpus_allowed_list:\s+(\S+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? null,
  config: () => {
    throw new ConfigError('the spec is invalid', ['ratePerSec must be in (0, 1000000]', 'durationMs must be in (0, 3600000]'], { hint: 'fix the phase' });
  },
  bug: () => (undefined as unknown as { x: number }).x,
  hang: () => new Promise(() => undefined),
  die: () => {
    process.stderr.write('sample worker: dying on purpose\n');
    process.exit(3);
  },
};

if (isEntryPoint(import.meta.url)) serveWorker(sampleHandlers);

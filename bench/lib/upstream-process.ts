// Starts the project's upstream program (dist/src/upstream/main.js) pinned to a CPU, reads its stats, stops it.
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { execa, type ResultPromise } from 'execa';
import { TargetStartError } from '../../src/shared/errors.js';

export interface UpstreamProcess {
  port: number;
  pid: number;
  stats(): Promise<{ requests: number; appliedDelayUs: string }>;
  resetStats(): Promise<void>;
  stop(): Promise<void>;
}

export interface UpstreamLaunch {
  cpus: string;
  bodyBytes: number;
  /** e.g. {"distribution":"fixed","us":2000} or {"distribution":"none"}. */
  latency: Record<string, unknown>;
}

const startTimeoutMs = 10_000;
const stopTimeoutMs = 3000;

export async function startUpstreamProcess(launch: UpstreamLaunch): Promise<UpstreamProcess> {
  const main = fileURLToPath(new URL('../../src/upstream/main.js', import.meta.url));
  const args = ['-c', launch.cpus, process.execPath, main, '--host', '127.0.0.1', '--port', '0',
    '--body-bytes', String(launch.bodyBytes), '--latency', JSON.stringify(launch.latency)];
  const child: ResultPromise = execa('taskset', args, { reject: false, buffer: false, stderr: 'inherit' });
  child.catch(() => undefined);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TargetStartError('the upstream did not print its listening line in time')), startTimeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const event = JSON.parse(line) as { event?: string; port?: number };
        if (event.event === 'listening' && typeof event.port === 'number') {
          clearTimeout(timer);
          resolve(event.port);
        }
      } catch { /* not JSON: ignore */ }
    });
    void child.then((r) => reject(new TargetStartError(`the upstream exited before listening (code ${r.exitCode})`)));
  }).catch((error: unknown) => {
    child.kill('SIGKILL');
    throw error;
  });
  const base = `http://127.0.0.1:${port}/__pb`;
  return {
    port,
    pid: child.pid!,
    stats: async () => (await (await fetch(`${base}/stats`)).json()) as { requests: number; appliedDelayUs: string },
    resetStats: async () => { await (await fetch(`${base}/stats/reset`, { method: 'POST' })).arrayBuffer(); },
    stop: async () => {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await child;
      clearTimeout(timer);
    },
  };
}

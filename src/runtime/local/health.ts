// Polls a target's health path until it answers 200, the process dies, or the deadline passes.
import { request } from 'node:http';

export async function probeHealth(host: string, port: number, path: string, timeoutMs = 1000): Promise<number | string> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    req.end();
  });
}

export interface WaitHealthyOptions {
  host: string;
  port: number;
  path: string;
  deadlineMs: number;
  /** Returns a reason when the process has already exited. */
  exited: () => string | undefined;
  sleep: (ms: number) => Promise<void>;
}

/** Resolves when healthy; otherwise returns the last reason it was not. */
export async function waitHealthy(o: WaitHealthyOptions): Promise<{ ok: true } | { ok: false; reason: string }> {
  const start = Date.now();
  let last: number | string = 'no answer';
  while (Date.now() - start < o.deadlineMs) {
    const exited = o.exited();
    if (exited) return { ok: false, reason: exited };
    last = await probeHealth(o.host, o.port, o.path);
    if (last === 200) return { ok: true };
    await o.sleep(50);
  }
  return { ok: false, reason: `not healthy after ${o.deadlineMs} ms (last answer: ${last})` };
}

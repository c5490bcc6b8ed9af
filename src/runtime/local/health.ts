// Polls a target's health path until it answers 200 with the run's identity, the process dies, or the deadline passes.
import { request } from 'node:http';
import { judgeHealthAnswer } from '../identity.js';

/** GET the health path: the status (or the error code) and up to 1 KiB of the body. */
export async function probeHealth(host: string, port: number, path: string, timeoutMs = 1000): Promise<{ status: number | string; body: string }> {
  return new Promise((resolve) => {
    const req = request({ host, port, path, method: 'GET', agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (chunk: string) => (body = (body + chunk).slice(0, 1024)));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? error.message, body: '' }));
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
  /** The run's identity token: healthy only when the answer carries it (it came from this run's upstream). */
  identity?: string;
}

/**
 * Resolves when healthy; otherwise returns the last reason it was not. An answer for another run (or without the
 * identity) is `foreign`: something else holds the port, so waiting longer cannot help.
 */
export async function waitHealthy(o: WaitHealthyOptions): Promise<{ ok: true } | { ok: false; reason: string; foreign?: boolean }> {
  const start = Date.now();
  let last = 'no answer';
  while (Date.now() - start < o.deadlineMs) {
    const exited = o.exited();
    if (exited) return { ok: false, reason: exited };
    const answer = await probeHealth(o.host, o.port, o.path);
    const judged = judgeHealthAnswer(answer.status, answer.body, o.identity);
    if (judged.ok) return { ok: true };
    if (judged.foreign) {
      // Our own process may have lost the bind and be exiting: say so when it has.
      await o.sleep(100);
      const gone = o.exited();
      return { ok: false, reason: `port ${o.port} on ${o.host}: ${judged.reason}${gone ? ` (ours ${gone})` : ''}`, foreign: true };
    }
    last = judged.reason.replace('last answer: ', '');
    await o.sleep(50);
  }
  return { ok: false, reason: `not healthy after ${o.deadlineMs} ms (last answer: ${last})` };
}

// The health check through the proxy that proves its answer is the oracle's answer to it (a nonce), not a leftover.
import { setTimeout as sleep } from 'node:timers/promises';
import type { TargetAddress } from '../types.js';
import { echoHeader, echoOf } from '../../upstream/oracle-responses.js';
import { parseResponses } from '../../http1/responses.js';
import { exchange } from './raw-exchange.js';
import type { StreamConnector } from '../transport/stream.js';

export interface HealthAnswer {
  /** A 200 that names this very request (the oracle echoes the target, nonce included). */
  fresh: boolean;
  /** A complete answer that named another request (a leftover): what it was, e.g. "200 echoing /victim/01-cl-te/1". */
  stale?: string;
  /** The last answer when none was fresh, e.g. "502 naming no request", "no complete answer". */
  last?: string;
}

/**
 * GET /__pb/health?n=<nonce> through the proxy; `tries` attempts 300 ms apart until a fresh answer (a leftover ends the
 * tries); `signal` abandons it. Fresh means a 200 echoing this very target (nonce included) — never just any 200 — and,
 * with the run's `identity`, a body naming it (`ok <identity>`): the answer of this run's oracle, not another's.
 * `connector` is the sweep's transport (plain TCP by default, or TLS).
 */
export async function checkFreshHealth(address: TargetAddress, nonce: () => string, tries = 2, signal?: AbortSignal, identity?: string, connector?: StreamConnector): Promise<HealthAnswer> {
  let last = 'no complete answer';
  for (let n = 0; n < tries; n++) {
    const target = `/__pb/health?n=${nonce()}`;
    const x = await exchange(address, [{ send: Buffer.from(`GET ${target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`, 'latin1') }], { responseTimeoutMs: 2000, settleMs: 0, signal, ...(connector ? { connector } : {}) });
    const answer = parseResponses(x.bytes, true).responses[0];
    if (answer?.complete) {
      const echo = answer.headers[echoHeader];
      if (answer.status === 200 && echo === echoOf(target)) {
        if (identity === undefined || bodyNames(x.bytes, identity)) return { fresh: true };
        return { fresh: false, last: `200 echoing this request without the run's identity ${identity}: another run's oracle, or a proxy answering on its own` };
      }
      if (echo !== undefined) return { fresh: false, stale: `${answer.status} echoing ${echo}`, last: `${answer.status} echoing ${echo}` };
      last = `${answer.status} naming no request`;
    }
    await sleep(300, undefined, { signal });
  }
  return { fresh: false, last };
}

/** Whether the bytes after the first response head hold `identity` (robust to a proxy re-chunking the body). */
function bodyNames(bytes: Uint8Array, identity: string): boolean {
  const all = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headEnd = all.indexOf('\r\n\r\n');
  return headEnd >= 0 && all.subarray(headEnd + 4).includes(identity);
}

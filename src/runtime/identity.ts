// Proof of identity: a per-run token the run's upstreams answer with, so the runner knows it reached what it started.
import { randomBytes } from 'node:crypto';

/** `<run id>.<16 hex digits>`: the run id names the run to a second run that finds the port taken; the nonce cannot be guessed. */
export function newRunIdentity(runId: string): string {
  return `${runId}.${randomBytes(8).toString('hex')}`;
}

/** The token in a health answer (`ok <token>`), or undefined when the answer carries none. */
export function identityInHealth(body: string): string | undefined {
  const m = /^ok ([A-Za-z0-9._-]+)\s*$/.exec(body);
  return m?.[1];
}

/** The run id inside a token (everything before the last "."). */
export function runIdOf(identity: string): string {
  const dot = identity.lastIndexOf('.');
  return dot > 0 ? identity.slice(0, dot) : identity;
}

/** Whether a health answer is the one our run's upstream gives; when not, what answered instead. */
export function judgeHealthAnswer(status: number | string, body: string, expected: string | undefined): { ok: true } | { ok: false; reason: string; foreign: boolean } {
  if (status !== 200) return { ok: false, reason: `last answer: ${status}`, foreign: false };
  if (expected === undefined) return { ok: true };
  const found = identityInHealth(body);
  if (found === expected) return { ok: true };
  if (found) return { ok: false, reason: `it answers for another proxybench run, ${runIdOf(found)}, not this one`, foreign: true };
  return { ok: false, reason: `it answers 200 without this run’s identity (“${body.slice(0, 60)}”): another program holds the port, or the proxy did not forward to this run’s upstream`, foreign: true };
}

// Pure: an HTTP/2 attack row's verdict in a release engineer's words — findings first (what to act on), then what the proxy did.
import type { H2AttackerResult } from '../traffic/attacks/protocol.js';
import { formatUs } from '../shared/units.js';

/** The findings by key: the gate fails on a new one. */
export type AttackFinding = 'forwards-reset-streams' | 'benign-tail' | 'rss-growth' | 'flood-taken' | 'unended-headers-forwarded';

/** Benign p99 (or p99.9) at least this many times its clean value is tail damage worth a verdict. */
export const tailDamageRatio = 2;
/** RSS growth above this is memory the attack pinned. */
export const rssGrowthBadBytes = 64 * 1024 * 1024;
/** A share of reset streams forwarded above this (%) is amplification: the origin works for requests nobody waits for. */
export const forwardedResetBadPct = 1;

/** The figures a verdict reads. */
export interface VerdictFigures {
  framesSent: number;
  framesAccepted: number;
  firstGoawayMs: number | null;
  firstGoawayCode: string | null;
  firstCloseMs: number | null;
  forwardedToUpstream: number | null;
  forwardedResetPct: number | null;
  proxyRssGrowthBytes: number | null;
  p99Ratio: number | null;
  p999Ratio: number | null;
}

/** The benign traffic beside the attack: its protocol (`h2`, `http1`…) and p99 / p99.9 clean and under attack, µs. */
export interface BenignTail {
  protocol: string;
  clean: { p99Us: number; p999Us: number } | null;
  underAttack: { p99Us: number; p999Us: number } | null;
}

/** Kinds that open no stream: a flood the proxy should cut (GOAWAY or close) rather than take whole. */
const floodKinds = new Set(['h2-ping-flood', 'h2-settings-flood', 'h2-continuation-flood']);

const times = (r: number) => (r >= 10 ? `×${Math.round(r)}` : `×${r.toFixed(1)}`);

/** "benign h2 p99 ×3.7 under attack (883 µs → 3.24 ms)"; null without the ratio. */
function tailClause(b: BenignTail, ratio: number | null, pick: 'p99Us' | 'p999Us'): string | null {
  if (ratio === null) return null;
  const values = b.clean && b.underAttack ? ` (${formatUs(b.clean[pick])} → ${formatUs(b.underAttack[pick])})` : '';
  return `benign ${b.protocol} ${pick === 'p99Us' ? 'p99' : 'p99.9'} ${times(ratio)} under attack${values}`;
}

/** Why nothing can be said: the attack never reached the proxy; null when it did. */
function notMeasured(h: H2AttackerResult, connectionsOpened: number): string | null {
  if (connectionsOpened === 0) {
    const why = h.firstError ?? ((h.connectingAtEnd ?? 0) > 0
      ? `${h.connectingAtEnd} still connecting when the attack ended: the attacker runs at idle priority, and a busy machine starved it`
      : 'none was opened');
    return `not measured: no attack connection became ready (${why})`;
  }
  if (h.framesSent === 0) return 'not measured: the attacker sent no attack frame (it runs at idle priority, and a busy core starved it)';
  return null;
}

/** Pure: the verdict clauses, findings first; `bad` when any clause is a finding. */
export function h2Verdict(kind: string, h: H2AttackerResult, f: VerdictFigures, benign: BenignTail, connectionsOpened: number, invalid: readonly string[]): { verdict: string; bad: boolean; findings: AttackFinding[] } {
  const none = notMeasured(h, connectionsOpened);
  if (none !== null) return { verdict: none, bad: false, findings: [] };
  const findings: string[] = [];
  const keys: AttackFinding[] = [];
  const facts: string[] = [];
  const find = (key: AttackFinding, text: string) => (keys.push(key), findings.push(text));
  if (f.forwardedResetPct !== null && f.forwardedResetPct > forwardedResetBadPct) {
    find('forwards-reset-streams', `forwards reset streams to the origin: ${f.forwardedToUpstream} requests for ${h.streamsOpened} streams the client had given up (${f.forwardedResetPct}%), origin work nobody waits for`);
  } else if (f.forwardedResetPct !== null) facts.push(`does not forward reset streams (${f.forwardedToUpstream} of ${h.streamsOpened} reached the origin)`);
  if (kind === 'h2-continuation-flood' && f.forwardedToUpstream !== null && f.forwardedToUpstream > 0) find('unended-headers-forwarded', 'forwarded a request whose header block never ended');
  const p99 = tailClause(benign, f.p99Ratio, 'p99Us');
  const p999 = tailClause(benign, f.p999Ratio, 'p999Us');
  if (f.p99Ratio !== null && f.p99Ratio >= tailDamageRatio) find('benign-tail', p99!);
  else if (f.p999Ratio !== null && f.p999Ratio >= tailDamageRatio) find('benign-tail', p999!);
  else if (p99 !== null) facts.push(`benign ${benign.protocol} tail within ${tailDamageRatio}× of clean (p99 ${times(f.p99Ratio!)}, p99.9 ${f.p999Ratio === null ? '–' : times(f.p999Ratio)})`);
  if (f.proxyRssGrowthBytes !== null && f.proxyRssGrowthBytes > rssGrowthBadBytes) find('rss-growth', `proxy memory +${Math.round(f.proxyRssGrowthBytes / (1024 * 1024))} MiB held by the attack`);
  const taken = `${f.framesAccepted} of ${f.framesSent} frames taken`;
  if (f.firstGoawayMs !== null) facts.push(`cuts attack connections: GOAWAY ${f.firstGoawayCode} after ${f.firstGoawayMs} ms (${taken})`);
  else if (f.firstCloseMs !== null) facts.push(`cuts attack connections: closed after ${f.firstCloseMs} ms without GOAWAY (${taken})`);
  else if (floodKinds.has(kind) && f.framesAccepted >= f.framesSent) find('flood-taken', `takes the whole flood: all ${f.framesAccepted} frames without GOAWAY or close`);
  else facts.push(`no GOAWAY, ${taken}`);
  if (invalid.length > 0) facts.push('benign latency not a result (a phase is invalid)');
  return { verdict: [...findings, ...facts].join('; '), bad: keys.length > 0, findings: keys };
}

// Pure figures of the HTTP/2 attacks: the proxy's answer (GOAWAY, close), its cost per frame, forwarded reset streams, and the verdict (h2-verdict.ts).
import type { AttackFigures } from './attacks.js';
import { validAttack, validClean } from './attacks.js';
import { isH2Attack } from '../scenario/adversarial-schema.js';
import type { H2AttackerResult } from '../traffic/attacks/protocol.js';
import { h2FigureGaps, type H2FigureGaps } from './h2-attack-gaps.js';
import { h2Verdict, type AttackFinding } from './h2-verdict.js';

export { forwardedResetBadPct, rssGrowthBadBytes, tailDamageRatio, type AttackFinding } from './h2-verdict.js';

export interface H2AttackFigures {
  framesSent: number;
  framesAccepted: number;
  /** Connection age at the proxy's first GOAWAY, ms, and its error code; null: it sent none. */
  firstGoawayMs: number | null;
  firstGoawayCode: string | null;
  /** Connection age when the proxy first closed an attack connection, ms; null: it closed none. */
  firstCloseMs: number | null;
  /** Streams reset by either side. */
  streamsReset: number;
  /**
   * Attack requests the upstream received. For rapid reset and MadeYouReset every attack stream is reset (by the client,
   * or by the proxy on the client's invalid frame), so each one is a request forwarded for a reset stream.
   */
  forwardedToUpstream: number | null;
  /** Of the reset streams, the share the proxy forwarded to the origin, % (rapid reset, MadeYouReset; null for the others). */
  forwardedResetPct: number | null;
  /** Proxy CPU in the attack phase beyond its clean-phase rate, µs per attack frame (null: a phase is not a result). */
  proxyCpuUsPerFrame: number | null;
  /** Proxy RSS peak in the attack phase − its RSS when the phase started, bytes (earlier phases' memory not counted). */
  proxyRssGrowthBytes: number | null;
  /** Benign p99 and p99.9 under attack ÷ clean. */
  p99Ratio: number | null;
  p999Ratio: number | null;
  /** Why each missing figure (null above, or the row's recovery time) is missing: never a silent blank. */
  gaps: H2FigureGaps;
  /** One line for a release engineer: what the proxy did and what it cost (e.g. "forwards reset streams to the origin (96%); benign p99 ×12 under attack"). */
  verdict: string;
  /** The verdict is a finding to act on (amplification, tail damage, memory growth, accepted flood). */
  bad: boolean;
  /** The findings by key (`forwards-reset-streams`, `benign-tail`, `rss-growth`, `flood-taken`, `unended-headers-forwarded`): the gate fails on a new one. */
  findings: AttackFinding[];
}


/** Kinds whose every stream is reset: each request the upstream received for them is one forwarded for a reset stream. */
const allStreamsReset = new Set(['h2-rapid-reset', 'h2-made-you-reset']);

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined || b <= 0 ? null : round(a / b, 2));

/** Pure: the HTTP/2 figures of one attack row; undefined for the HTTP/1 attacks and when the attacker reported nothing. */
export function h2AttackFigures(f: AttackFigures): H2AttackFigures | undefined {
  const a = f.attack;
  const h = a.attacker?.h2;
  if (!isH2Attack(a.kind) || !a.attacker || !h) return undefined;
  const [cp, ap] = [validClean(f), validAttack(f)];
  const forwarded = a.upstreamAttackRequests ?? null;
  const streamsReset = h.streamsResetByClient + h.streamsResetByProxy;
  const forwardedResetPct = allStreamsReset.has(a.kind) && forwarded !== null && h.streamsOpened > 0 ? round((Math.min(forwarded, h.streamsOpened) / h.streamsOpened) * 100, 2) : null;
  const cpuExcess = cp?.resources.proxy && ap?.resources.proxy ? ap.resources.proxy.cpuSeconds - cp.resources.proxy.cpuCores * (ap.durationMs / 1000) : undefined;
  const proxyCpuUsPerFrame = cpuExcess !== undefined && h.framesSent > 0 ? round((Math.max(0, cpuExcess) / h.framesSent) * 1e6, 2) : null;
  const proxyRssGrowthBytes = ap?.resources.proxy && f.proxyRssAtStartBytes !== null ? ap.resources.proxy.rssPeakBytes - f.proxyRssAtStartBytes : null;
  const p99Ratio = ratio(f.underAttack?.p99Us, f.clean?.p99Us);
  const p999Ratio = ratio(f.underAttack?.p999Us, f.clean?.p999Us);
  const base = { framesSent: h.framesSent, framesAccepted: h.framesAccepted, firstGoawayMs: h.firstGoawayMs, firstGoawayCode: h.firstGoawayCode, firstCloseMs: a.attacker.firstCutMs, streamsReset, forwardedToUpstream: forwarded, forwardedResetPct, proxyCpuUsPerFrame, proxyRssGrowthBytes, p99Ratio, p999Ratio };
  const benign = { protocol: f.attackPhase.traffic.http2?.protocol ?? 'http1', clean: f.clean, underAttack: f.underAttack };
  return { ...base, gaps: h2FigureGaps(f, h.framesSent, base), ...h2Verdict(a.kind, h, base, benign, a.attacker.connectionsOpened, f.invalid) };
}

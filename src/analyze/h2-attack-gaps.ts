// Pure: why an HTTP/2 attack row lacks a figure (an invalid phase, no proxy samples, no upstream count…), one short reason per figure.
import { validAttack, validClean, type AttackFigures } from './attacks.js';

/** The figures of an h2 attack row that can be missing. */
export type H2Figure = 'forwardedToUpstream' | 'proxyCpuUsPerFrame' | 'proxyRssGrowthBytes' | 'p99Ratio' | 'p999Ratio' | 'recoveryMs';

/** Figure → why it is missing; only missing figures have an entry. */
export type H2FigureGaps = Partial<Record<H2Figure, string>>;

interface Present {
  forwardedToUpstream: number | null;
  proxyCpuUsPerFrame: number | null;
  proxyRssGrowthBytes: number | null;
  p99Ratio: number | null;
  p999Ratio: number | null;
}

/** Why a figure read from both phases' results is missing: which phase is not a result, else `otherwise`. */
function phasesWhy(f: AttackFigures, otherwise: string): string {
  if (!f.cleanPhase) return `clean phase ${f.attack.clean} did not run`;
  if (!validClean(f)) return `clean phase ${f.attack.clean} invalid`;
  if (!validAttack(f)) return 'attack phase invalid';
  return otherwise;
}

/** Why the proxy's CPU or RSS figure is missing. */
function resourcesWhy(f: AttackFigures): string {
  const unsampled = !validClean(f)?.resources.proxy || !validAttack(f)?.resources.proxy;
  return phasesWhy(f, unsampled ? 'the proxy’s CPU and RSS were not sampled (fewer than two samples, or a runtime that cannot read them)' : 'not computed');
}

/** Why the benign p99 (or p99.9) ratio is missing. */
function latencyWhy(f: AttackFigures, pick: 'p99Us' | 'p999Us'): string {
  return phasesWhy(f, f.underAttack === null ? 'no benign second inside the attack window' : f.clean !== null && f.clean[pick] <= 0 ? 'the clean figure is 0' : 'not computed');
}

/** Pure: a reason for every figure of `present` that is null, and for a missing recovery time. */
export function h2FigureGaps(f: AttackFigures, framesSent: number, present: Present): H2FigureGaps {
  const gaps: H2FigureGaps = {};
  if (present.forwardedToUpstream === null) gaps.forwardedToUpstream = 'the upstream’s attack-request count could not be read';
  if (present.proxyCpuUsPerFrame === null) gaps.proxyCpuUsPerFrame = framesSent === 0 ? 'no attack frame sent' : resourcesWhy(f);
  if (present.proxyRssGrowthBytes === null) {
    gaps.proxyRssGrowthBytes = !validAttack(f) ? 'attack phase invalid' : f.proxyRssAtStartBytes === null ? 'no proxy RSS sample at the attack phase’s start' : 'the proxy’s RSS was not sampled in the attack phase';
  }
  if (present.p99Ratio === null) gaps.p99Ratio = latencyWhy(f, 'p99Us');
  if (present.p999Ratio === null) gaps.p999Ratio = latencyWhy(f, 'p999Us');
  if (f.recoveryMs === null) {
    gaps.recoveryMs = phasesWhy(f, `benign p99 not back within ${f.recoveryBoundUs === null ? 'its bound' : `${(f.recoveryBoundUs / 1000).toFixed(1)} ms`} (1.5 × clean + 1 ms) before the phase ended`);
  }
  return gaps;
}

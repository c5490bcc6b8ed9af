// Pure: the HTTP/2 attack table's header and row cells (plain text), shared by report.md and report.html.
import type { H2AttackRow } from './csv/h2-attacks-spec.js';
import { formatBytes } from '../shared/units.js';

export const h2AttackHeader = ['variant', 'attack', 'verdict', 'first GOAWAY', 'first close', 'frames taken / sent', 'forwarded for reset streams', 'proxy CPU / frame', 'RSS growth', 'p99 ×', 'p99.9 ×', 'recovery'];

const ms = (v: number | null) => (v === null ? '–' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
const x = (v: number | null) => (v === null ? '–' : `×${v.toFixed(v >= 10 ? 0 : 1)}`);

export function h2AttackCells(r: H2AttackRow): string[] {
  const h = r.h;
  const forwarded = h.forwardedResetPct !== null ? `${h.forwardedToUpstream} of ${r.f.attack.attacker?.h2?.streamsOpened ?? '–'} (${h.forwardedResetPct}%)` : h.forwardedToUpstream === null ? '–' : `${h.forwardedToUpstream} requests`;
  return [
    r.f.variant, `${r.f.attack.kind}${r.f.attack.params.h2 ? ` (${r.f.attack.params.h2})` : ''}`, `${h.bad ? '✘ ' : ''}${h.verdict}`,
    h.firstGoawayMs === null ? 'none' : `${ms(h.firstGoawayMs)} ${h.firstGoawayCode}`, h.firstCloseMs === null ? 'none' : ms(h.firstCloseMs),
    `${h.framesAccepted} / ${h.framesSent}`, forwarded, h.proxyCpuUsPerFrame === null ? '–' : `${h.proxyCpuUsPerFrame} µs`,
    h.proxyRssGrowthBytes === null ? '–' : `${h.proxyRssGrowthBytes < 0 ? '−' : '+'}${formatBytes(Math.abs(h.proxyRssGrowthBytes))}`,
    x(h.p99Ratio), x(h.p999Ratio), r.f.invalid.length > 0 ? 'not a result' : r.f.recoveryMs === null ? 'not within the phase' : ms(r.f.recoveryMs),
  ];
}

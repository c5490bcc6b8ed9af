// Pure: the HTTP/2 attack table's header and row cells (plain text), shared by report.md and report.html.
import type { H2AttackRow } from './csv/h2-attacks-spec.js';
import type { H2Figure } from '../analyze/h2-attack-gaps.js';
import { formatBytes, formatUs } from '../shared/units.js';
import { goawayGraceMs } from '../traffic/attacks/h2-attack-frames.js';

export const h2AttackHeader = ['variant', 'attack', 'benign', 'verdict', 'first GOAWAY', 'first close', 'frames taken / sent', 'forwarded for reset streams', 'proxy CPU / frame', 'RSS growth', 'benign p99 clean → attack', 'benign p99.9 clean → attack', 'recovery'];

const ms = (v: number) => (v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);
const x = (v: number) => `×${v.toFixed(v >= 10 ? 0 : 1)}`;

/** The benign traffic beside the attack, as its phase ran: `h2 8×10` (connections × streams), `http1 ×32`, `http1 TLS ×32`. */
export function benignCell(r: H2AttackRow): string {
  const p = r.f.attackPhase;
  const h2 = p.traffic.http2;
  return h2 ? `${h2.protocol} ${p.connections}×${h2.streamsPerConnection}` : `http1${p.traffic.tls ? ' TLS' : ''} ×${p.connections}`;
}

export function h2AttackCells(r: H2AttackRow): string[] {
  const h = r.h;
  const measured = h.framesSent > 0 && (r.f.attack.attacker?.connectionsOpened ?? 0) > 0;
  /** A figure, or why it is missing. */
  const or = (figure: H2Figure, value: string | null) => value ?? `– (${h.gaps[figure] ?? 'not measured'})`;
  const forwarded = h.forwardedToUpstream === null ? null : h.forwardedResetPct !== null ? `${h.forwardedToUpstream} of ${r.f.attack.attacker?.h2?.streamsOpened ?? '–'} (${h.forwardedResetPct}%)` : `${h.forwardedToUpstream} requests`;
  const tail = (pick: 'p99Us' | 'p999Us', ratio: number | null) =>
    ratio === null || r.f.clean === null || r.f.underAttack === null ? null : `${formatUs(r.f.clean[pick])} → ${formatUs(r.f.underAttack[pick])} (${x(ratio)})`;
  const rss = h.proxyRssGrowthBytes === null ? null : `${h.proxyRssGrowthBytes < 0 ? '−' : '+'}${formatBytes(Math.abs(h.proxyRssGrowthBytes))}`;
  return [
    r.f.variant, `${r.f.attack.kind}${r.f.attack.params.h2 ? ` (${r.f.attack.params.h2})` : ''}`, benignCell(r), `${h.bad ? '✘ ' : ''}${h.verdict}`,
    !measured ? '– (attack not measured)' : h.firstGoawayMs === null ? 'none sent' : `${ms(h.firstGoawayMs)} ${h.firstGoawayCode}`,
    !measured ? '– (attack not measured)' : h.firstCloseMs !== null ? ms(h.firstCloseMs) : (r.f.attack.attacker?.h2?.droppedAfterGoaway ?? 0) > 0 ? `none within ${goawayGraceMs / 1000} s of its GOAWAY` : 'none during the attack',
    `${h.framesAccepted} / ${h.framesSent}`, or('forwardedToUpstream', forwarded), or('proxyCpuUsPerFrame', h.proxyCpuUsPerFrame === null ? null : `${h.proxyCpuUsPerFrame} µs`),
    or('proxyRssGrowthBytes', rss), or('p99Ratio', tail('p99Us', h.p99Ratio)), or('p999Ratio', tail('p999Us', h.p999Ratio)),
    or('recoveryMs', r.f.recoveryMs === null ? null : ms(r.f.recoveryMs)),
  ];
}

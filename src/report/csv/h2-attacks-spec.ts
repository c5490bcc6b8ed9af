// h2-attacks.csv: one row per variant × repetition × HTTP/2 attack phase — the proxy's answer, its cost per frame, forwarded reset streams, the verdict.
import type { CsvSpec } from './columns.js';
import { keyColumns } from './key-columns.js';
import type { RunRecord } from '../../record/run.js';
import { attackFigures, type AttackFigures } from '../../analyze/attacks.js';
import { h2AttackFigures, type H2AttackFigures } from '../../analyze/h2-attacks.js';
import type { H2Figure, H2FigureGaps } from '../../analyze/h2-attack-gaps.js';

export interface H2AttackRow {
  record: RunRecord;
  f: AttackFigures;
  h: H2AttackFigures;
}

export function h2AttackRows(record: RunRecord): H2AttackRow[] {
  return attackFigures(record.cells).flatMap((f) => {
    const h = h2AttackFigures(f);
    return h ? [{ record, f, h }] : [];
  });
}

/** The CSV column of each figure that can be missing. */
const gapColumns: Record<H2Figure, string> = {
  forwardedToUpstream: 'upstream_attack_requests', proxyCpuUsPerFrame: 'proxy_cpu_us_per_frame', proxyRssGrowthBytes: 'proxy_rss_growth_bytes',
  p99Ratio: 'p99_ratio', p999Ratio: 'p999_ratio', recoveryMs: 'recovery_ms',
};
const describeGaps = (gaps: H2FigureGaps) => Object.entries(gaps).map(([figure, why]) => `${gapColumns[figure as H2Figure]}: ${why}`).join('; ') || undefined;

const codes = (m: Record<string, number> | undefined) => Object.entries(m ?? {}).map(([c, n]) => `${c}:${n}`).join(' ') || undefined;

export const h2AttacksSpec: CsvSpec<H2AttackRow> = {
  file: 'h2-attacks.csv',
  schemaVersion: 1,
  description:
    'HTTP/2 attacks beside benign traffic (written when a phase has an `h2-*` attack): one row per variant × repetition × attack phase, besides its row in ' +
    'attacks.csv (benign latency, recovery, resources). Counts are the attacker’s (raw frames over the variant’s h2 listener) and the upstream’s (requests ' +
    'whose target carries the attack’s `pb-attack=` marker). Figures that need both phases to be results are empty otherwise.',
  columns: [
    ...keyColumns((r: H2AttackRow) => ({ record: r.record, variant: r.f.variant, repetition: r.f.repetition }), { withVersion: false }),
    { name: 'phase', type: 'string', description: 'The attack phase.', value: (r) => r.f.phase },
    { name: 'attack', type: 'string', description: 'h2-rapid-reset, h2-made-you-reset, h2-continuation-flood, h2-ping-flood, h2-settings-flood, h2-hpack-bomb or h2-slow-read.', value: (r) => r.f.attack.kind },
    { name: 'h2', type: 'string', description: 'tls (ALPN h2) or h2c (prior knowledge).', value: (r) => r.f.attack.params.h2 },
    { name: 'verdict', type: 'string', description: 'What the proxy did and what it cost, findings first (e.g. “forwards reset streams to the origin (…); benign p99 ×12 under attack”).', value: (r) => r.h.verdict },
    { name: 'bad', type: 'boolean', description: 'TRUE when the verdict holds a finding: reset streams forwarded (> 1 %), benign p99 or p99.9 ≥ 2× clean, proxy RSS + > 64 MiB, a flood taken whole without GOAWAY or close, a never-ended header block forwarded.', value: (r) => r.h.bad },
    { name: 'frames_sent', type: 'integer', description: 'Attack frames written (preface and first SETTINGS not counted).', value: (r) => r.h.framesSent },
    { name: 'frames_accepted', type: 'integer', description: 'Attack frames the proxy took, summed over connections: where every unit opens a stream (rapid reset, MadeYouReset, HPACK bomb, slow read), the frames of the streams up to its first GOAWAY’s last stream id on that connection; otherwise, or without GOAWAY, the frames written before its GOAWAY or close and not still queued at the attacker.', value: (r) => r.h.framesAccepted },
    { name: 'streams_opened', type: 'integer', description: 'Request streams the attack opened (HEADERS sent).', value: (r) => r.f.attack.attacker?.h2?.streamsOpened },
    { name: 'streams_reset_by_client', type: 'integer', description: 'Streams the attacker reset (RST_STREAM sent).', value: (r) => r.f.attack.attacker?.h2?.streamsResetByClient },
    { name: 'streams_reset_by_proxy', type: 'integer', description: 'Streams the proxy reset (RST_STREAM received).', value: (r) => r.f.attack.attacker?.h2?.streamsResetByProxy },
    { name: 'proxy_reset_codes', type: 'string', description: 'The proxy’s RST_STREAM error codes, "CODE:count" space-separated.', value: (r) => codes(r.f.attack.attacker?.h2?.proxyResetCodes) },
    { name: 'upstream_attack_requests', type: 'integer', description: 'Attack requests the upstream received in the phase (forwarded by the proxy).', value: (r) => r.h.forwardedToUpstream },
    { name: 'forwarded_reset_pct', type: 'number', description: 'Rapid reset and MadeYouReset (every stream reset): requests forwarded to the upstream ÷ streams opened, % (amplification: the origin works for streams nobody waits for).', value: (r) => r.h.forwardedResetPct },
    { name: 'first_goaway_ms', type: 'integer', description: 'Connection age at the proxy’s first GOAWAY, ms (earliest over connections; empty: none).', value: (r) => r.h.firstGoawayMs },
    { name: 'first_goaway_code', type: 'string', description: 'Its error code (ENHANCE_YOUR_CALM is the intended answer to abuse).', value: (r) => r.h.firstGoawayCode },
    { name: 'goaway_codes', type: 'string', description: 'Every GOAWAY received, "CODE:count" space-separated.', value: (r) => codes(r.f.attack.attacker?.h2?.goawayCodes) },
    { name: 'first_close_ms', type: 'integer', description: 'Connection age when the proxy first closed an attack connection, ms (empty: none). A connection the proxy sent GOAWAY on and left open is closed by the attacker a second later and replaced (`dropped_after_goaway`): not a close by the proxy.', value: (r) => r.h.firstCloseMs },
    { name: 'attack_connections_opened', type: 'integer', description: 'Attack connections established (h2 negotiated); replacements for closed ones included.', value: (r) => r.f.attack.attacker?.connectionsOpened },
    { name: 'proxy_cpu_us_per_frame', type: 'number', description: 'Proxy CPU in the attack phase beyond its clean-phase rate, µs per attack frame.', value: (r) => r.h.proxyCpuUsPerFrame },
    { name: 'proxy_rss_growth_bytes', type: 'integer', description: 'Proxy RSS peak in the attack phase − its RSS when the phase started (the first proxy sample of the phase), bytes: memory earlier phases left behind is not counted to this attack.', value: (r) => r.h.proxyRssGrowthBytes },
    { name: 'p99_ratio', type: 'number', description: 'Benign p99 under attack ÷ clean.', value: (r) => r.h.p99Ratio },
    { name: 'p999_ratio', type: 'number', description: 'Benign p99.9 under attack ÷ clean.', value: (r) => r.h.p999Ratio },
    { name: 'recovery_ms', type: 'integer', description: 'As in attacks.csv: from the attack’s end to the first second with benign p99 back within bound.', value: (r) => r.f.recoveryMs },
    { name: 'max_concurrent_streams', type: 'integer', description: 'The proxy’s SETTINGS_MAX_CONCURRENT_STREAMS as the attacker saw it (empty: not advertised).', value: (r) => r.f.attack.attacker?.h2?.maxConcurrentStreams },
    { name: 'error', type: 'string', description: 'Why attack connections failed before h2 was ready (first one), or why the attacker reported nothing.', value: (r) => r.f.attack.attacker?.h2?.firstError ?? r.f.attack.error ?? undefined },
    { name: 'benign_protocol', type: 'string', description: 'The benign traffic beside the attack: `http1`, `h2` (ALPN over TLS, sharing the proxy’s HTTP/2 implementation with the attacker) or `h2c`; its clean phase speaks the same.', value: (r) => r.f.attackPhase.traffic.http2?.protocol ?? 'http1' },
    { name: 'benign_streams', type: 'integer', description: 'HTTP/2 benign traffic: concurrent streams per connection (`traffic.streams`).', value: (r) => r.f.attackPhase.traffic.http2?.streamsPerConnection },
    { name: 'dropped_after_goaway', type: 'integer', description: 'Attack connections the proxy sent GOAWAY on but left open, closed by the attacker a second later and replaced (not for the HPACK bomb and slow read, whose streams are the attack).', value: (r) => r.f.attack.attacker?.h2?.droppedAfterGoaway },
    { name: 'missing_figures', type: 'string', description: 'Why a figure of the row is empty, "column: reason" separated by "; " (an invalid phase, no proxy samples, no upstream count, benign p99 not back within the phase…); empty when every figure is there.', value: (r) => describeGaps(r.h.gaps) },
  ],
};

// Pure: report.md's detail under the probe matrix (what failed and why) and the attack table (cost, cut, recovery).
import { formatBytes, formatUs } from '../../shared/units.js';
import type { RunRecord } from '../../record/run.js';
import { attackFigures, attackNotes, validAttack, validClean, type AttackFigures } from '../../analyze/attacks.js';

const pct = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(2)}%`);
const ms = (v: number | null | undefined) => (v === null || v === undefined ? '–' : v >= 1000 ? `${(v / 1000).toFixed(1)} s` : `${v} ms`);

/** Failing probes per variant (pass = false), with the decision-table row that matched. */
export function renderProbeFailures(record: RunRecord): string {
  const rows = record.cells.flatMap((c) => (c.probes ?? []).filter((p) => p.pass === false).map((p) => `| ${c.variant} | \`${p.probe}\` | ${p.tier} | ${p.verdict} | ${p.reason.replaceAll('|', '\\|')} |`));
  const ran = record.cells.some((c) => c.probes);
  if (!ran) return '';
  const skipped = new Set(record.cells.flatMap((c) => (c.probes ?? []).filter((p) => p.verdict === 'SKIPPED').map((p) => p.probe)));
  return [
    '### Probes that fail their tier (✘ above)',
    '',
    'severe: only REJECT (4xx and close) passes; ambiguous: REJECT, or NORMALIZE with the connection closed after; acceptable: anything but MISFRAME, HANG, DESYNC, CRASH (scenarios/probes/README.md). probes.csv has every row with its evidence.',
    '',
    ...(rows.length > 0 ? ['| variant | probe | tier | verdict | why |', '|---|---|---|---|---|', ...rows] : ['None.']),
    ...(skipped.size > 0 ? ['', `Skipped: ${[...skipped].map((p) => `\`${p}\``).join(', ')} (see probes.csv for the reason).`] : []),
  ].join('\n');
}

/** The attack notes (attacker short of its plan, connections the proxy never took), one line per attack that has any. */
function noteLines(figures: readonly AttackFigures[]): string[] {
  const lines = figures.flatMap((f) => {
    const notes = attackNotes(f.attack);
    return notes.length === 0 ? [] : [`- ${f.variant} #${f.repetition} ${f.attack.kind}: ${notes.join('; ')}`];
  });
  return lines.length === 0 ? [] : ['', ...lines];
}

/** Per variant × attack: benign p50/p99/p99.9 and errors clean → under attack, the proxy's cost, the attack's fate. */
export function renderAttackDetails(record: RunRecord): string {
  const figures = attackFigures(record.cells);
  if (figures.length === 0) return '';
  const rows = figures.map((f) => {
    const c = f.clean;
    const a = f.underAttack;
    const arrow = (x: number | undefined, y: number | undefined) => `${x === undefined ? '–' : formatUs(x)} → ${y === undefined ? '–' : formatUs(y)}`;
    const [cp, ap] = [validClean(f), validAttack(f)];
    const bytes = (v: number | undefined) => (v === undefined ? '–' : formatBytes(v));
    const cores = (v: number | undefined) => (v === undefined ? '–' : v.toFixed(2));
    const rss = `${bytes(cp?.resources.proxy?.rssPeakBytes)} → ${bytes(ap?.resources.proxy?.rssPeakBytes)}`;
    const cpu = `${cores(cp?.resources.proxy?.cpuCores)} → ${cores(ap?.resources.proxy?.cpuCores)}`;
    const at = f.attack.attacker;
    const handshakes = at?.tls && f.attack.kind === 'tls-handshake-flood' ? `, ${at.tls.handshakes} handshakes${f.cpuUsPerAttackHandshake === null ? '' : ` (${formatUs(f.cpuUsPerAttackHandshake)} proxy CPU each)`}` : '';
    const cut = at ? `${at.closedByProxy}/${at.connectionsOpened} cut${at.firstCutMs === null ? '' : `, first ${ms(at.firstCutMs)}`}${handshakes}` : (f.attack.error ?? '–');
    return `| ${f.variant} | ${f.attack.kind} | ${arrow(c?.p50Us, a?.p50Us)} | ${arrow(c?.p99Us, a?.p99Us)} | ${arrow(c?.p999Us, a?.p999Us)} | ${pct(c?.errorRatePct)} → ${pct(a?.errorRatePct)} | ${rss} | ${cpu} | ${f.attack.proxyFdsPeak ?? '–'} | ${cp?.upstream?.connectionsOpened ?? '–'} → ${ap?.upstream?.connectionsOpened ?? '–'} | ${cut} | ${f.invalid.length > 0 ? `invalid: ${f.invalid.join('; ').replaceAll('|', '\\|')}` : f.recoveryMs === null ? 'not within the phase' : ms(f.recoveryMs)} |`;
  });
  return [
    '### Under attack, in detail',
    '',
    'clean → under attack. Latency: benign requests, µs/ms; under attack = the one-second intervals whose middle falls inside the attack window. Errors over the attack phase. RSS peak, CPU cores, the proxy’s peak open fds, upstream connections opened. "cut": attack connections the proxy closed (or answered 408) while the attack ran (tls-handshake-flood: with the handshakes completed and the proxy CPU per handshake beyond the clean phase’s). Recovery: from the attack’s end to the first second with benign p99 ≤ 1.5 × clean p99 + 1 ms.',
    '',
    '| variant | attack | p50 | p99 | p99.9 | errors | proxy RSS | proxy CPU | fds peak | upstream conns | cut | recovery |',
    '|---|---|---|---|---|---|---|---|---:|---|---|---|',
    ...rows,
    ...noteLines(figures),
  ].join('\n');
}

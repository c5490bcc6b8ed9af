// Pure: renders report.md (fit for a CI job summary) from a run record.
import { aggregateRows, type Spread, type VariantPhaseAggregate } from '../../analyze/aggregate.js';
import type { RunRecord } from '../../record/run.js';
import { formatBytes, formatUs } from '../../shared/units.js';
import { summaryRows } from '../../analyze/rows.js';
import { renderMemorySection } from './memory-section.js';
import { renderTlsSection } from './tls-section.js';
import { renderHttp2Section } from './http2-section.js';
import { renderSearchSection } from './search-section.js';
import { renderAttackSection, renderProbeSection } from './adversarial-section.js';
import { renderH2AttackSection } from './h2-attack-section.js';
import { describeLatency } from '../describe.js';
import { describeMissingResults, runOutcome } from '../../analyze/run-outcome.js';
import { describeRetry, retriedPhases } from '../../analyze/retries.js';
import { describeMachineCheck } from '../../measure/noise/machine-check.js';
import { describeGeneratorPriority } from '../../measure/noise/realtime.js';

export function renderReportMarkdown(record: RunRecord): string {
  const aggregates = aggregateRows(summaryRows(record));
  const sections = [
    header(record),
    variantsSection(record),
    ...record.scenario.phases.filter((p) => !p.warmup && (p.traffic.loop === 'closed' || p.traffic.loop === 'open')).map((phase) => phaseSection(record, phase.name, aggregates)),
    renderSearchSection(record),
    renderMemorySection(record),
    renderTlsSection(record),
    renderHttp2Section(record),
    renderProbeSection(record),
    renderAttackSection(record),
    renderH2AttackSection(record),
    saturationSection(record),
    retriesSection(record),
    machineSection(record),
    failuresSection(record),
    notes(record),
  ];
  return sections.filter(Boolean).join('\n\n') + '\n';
}

function header(r: RunRecord): string {
  const p = r.provenance;
  const missing = describeMissingResults(runOutcome(r));
  const git = p.tool.gitRevision ? ` (git ${p.tool.gitRevision.slice(0, 10)}${p.tool.gitDirty ? ', modified' : ''})` : '';
  return [
    `# proxybench run \`${r.runId}\``,
    '',
    `Scenario **${r.scenario.name}** (\`${p.scenario.file}\`, sha256 \`${p.scenario.sha256.slice(0, 12)}\`${p.scenario.quick ? ', --quick' : ''}) · runtime ${p.runtime} · status **${r.status}**${missing ? ` — ⚠️ **${missing}** (listed under "Failures and invalid phases")` : ''}`,
    '',
    `Host: ${p.host.cpuModel}, ${p.host.cores} cores, ${p.host.os}, kernel ${p.host.kernel} · proxybench ${p.tool.version}${git} · Node ${p.node}`,
    `CPU layout: generator ${p.cpuLayout.generator}${p.cpuLayout.generatorWorkers ? ` (${p.cpuLayout.generatorWorkers.length} workers, pinned to CPUs ${p.cpuLayout.generatorWorkers.join(', ')})` : ''} · proxy ${p.cpuLayout.proxy} · upstream ${p.cpuLayout.upstream} · ` +
      `upstream body ${formatBytes(r.upstream.bodyBytes)}, injected latency ${describeLatency(r.upstream.latency)} · ` +
      `${r.scenario.repetitions} repetition(s) · ${p.startedAt} → ${p.endedAt ?? 'running'}`,
  ].join('\n');
}

function variantsSection(r: RunRecord): string {
  const rows = r.variants.map((v) =>
    v.status === 'available'
      ? `| ${v.name} | ${v.language} | ${v.version ?? '–'} | ran |`
      : `| ${v.name} | ${v.language} | – | **skipped**: ${v.skipReason} (fix: \`${v.fix}\`) |`,
  );
  return ['## Variants', '', '| variant | language | version | status |', '|---|---|---|---|', ...rows].join('\n');
}

function phaseSection(r: RunRecord, phaseName: string, aggregates: VariantPhaseAggregate[]): string {
  const phase = r.scenario.phases.find((p) => p.name === phaseName)!;
  const t = phase.traffic;
  const what = t.loop === 'closed' ? `closed loop, ${t.connections} connections` : t.loop === 'open' ? `open loop at ${t.rate}/s (≤ ${t.connections} connections), latency from the intended send time` : 'connection ladder';
  const workerCounts = [...new Set(r.cells.flatMap((c) => c.phases.filter((p) => p.name === phaseName).map((p) => p.traffic.workers?.length ?? 1)))];
  const driven = workerCounts.some((n) => n > 1) ? `, driven by ${workerCounts.sort((x, y) => x - y).join(' or ')} generator workers (merged exactly)` : '';
  const rows = aggregates.filter((a) => a.phase === phaseName);
  const direct = rows.find((a) => a.variant === 'direct');
  const lines = rows.map((a) => phaseRow(a, direct, r.scenario.repetitions > 1));
  const deltaNote = direct ? ' Δ columns: the variant’s median minus `direct`’s — the cost of the proxy.' : '';
  return [
    `## Phase \`${phaseName}\` — ${what}, ${phase.duration / 1000} s${driven}`,
    '',
    `Median over valid repetitions${r.scenario.repetitions > 1 ? ' [min–max]' : ''}.${deltaNote}`,
    '',
    '| variant | rps | p50 | p90 | p99 | p99.9 | p99.99 | max | errors | proxy CPU | CPU s/1k req | proxy RSS peak | Δp50 | Δp99 |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
    ...lines,
  ].join('\n');
}

function phaseRow(a: VariantPhaseAggregate, direct: VariantPhaseAggregate | undefined, showSpread: boolean): string {
  const f = a.figures;
  if (a.validRepetitions === 0) return `| ${a.variant} | ${'invalid: ' + a.problems.join('; ')} |||||||||||||`;
  const us = (s: Spread | undefined) => (s ? formatUs(s.median) + (showSpread ? ` [${formatUs(s.min)}–${formatUs(s.max)}]` : '') : '–');
  const delta = (mine: Spread | undefined, theirs: Spread | undefined) =>
    mine && theirs && a.variant !== 'direct' ? `${mine.median >= theirs.median ? '+' : '−'}${formatUs(Math.abs(mine.median - theirs.median))}` : '–';
  const num = (s: Spread | undefined, digits: number) => (s ? s.median.toFixed(digits) : '–');
  const partial = a.validRepetitions < a.repetitions ? ` (${a.validRepetitions}/${a.repetitions} valid)` : '';
  return (
    `| ${a.variant}${partial} | ${num(f.rps, 0)}${showSpread && f.rps ? ` [${f.rps.min.toFixed(0)}–${f.rps.max.toFixed(0)}]` : ''} | ` +
    `${us(f.p50Us)} | ${us(f.p90Us)} | ${us(f.p99Us)} | ${us(f.p999Us)} | ${us(f.p9999Us)} | ${us(f.maxUs)} | ` +
    `${f.errorRatePct ? f.errorRatePct.median.toFixed(2) + '%' : '0'} | ${num(f.proxyCpuCores, 2)} | ${num(f.proxyCpuSPer1k, 4)} | ` +
    `${f.proxyRssPeakBytes ? formatBytes(f.proxyRssPeakBytes.median) : '–'} | ${delta(f.p50Us, direct?.figures.p50Us)} | ${delta(f.p99Us, direct?.figures.p99Us)} |`
  );
}

/** Phases whose target could not keep up (valid results, read with the rate they achieved). */
function saturationSection(r: RunRecord): string {
  const saturated = r.cells.flatMap((c) =>
    c.phases.filter((p) => !p.warmup && p.validity.valid && p.saturation).map((p) => `- ${c.variant} #${c.repetition} \`${p.name}\`: ${p.saturation!.note}`),
  );
  if (saturated.length === 0) return '';
  return ['## Saturated phases', '', 'The target could not keep up with the offered rate while the generator kept its schedule: these are results (latency from the intended time, with the queue the target built).', '', ...saturated].join('\n');
}

/** Phases measured again because an attempt was invalid for the generator's own reason (`retries`). */
function retriesSection(r: RunRecord): string {
  const retried = retriedPhases(r).map((p) => `- ${p.variant} #${p.repetition} \`${p.phase}\`: ${describeRetry(p)}`);
  if (retried.length === 0) return '';
  return ['## Retried phases', '', `Attempts invalid only for the generator's own reason (its scheduler lag or busy core, not the target's) were run again, at most ${r.scenario.retries ?? 0} time(s) each; every attempt is kept in run.json (\`retriedAttempts\`).`, '', ...retried].join('\n');
}

/** The pre-flight noise check of the generator's CPUs (absent in older runs). */
function machineSection(r: RunRecord): string {
  const m = r.machineCheck;
  if (m === undefined) return '';
  return [
    `## ${m.warnings.length > 0 ? '⚠️ ' : ''}Machine check`,
    '',
    `Before the run: others' load on each generator CPU over ${m.idleMs} ms, then a pinned spin loop for ${m.spinMs} ms counting gaps over ${m.thresholdUs} µs. A warning only: the phases' validity rules decide what is a result.`,
    '',
    ...m.warnings.map((w) => `- ⚠️ ${w}`),
    ...describeMachineCheck(m).map((l) => `- ${l}`),
    ...(r.generatorPriority ? [`- ${describeGeneratorPriority(r.generatorPriority)}`] : []),
  ].join('\n');
}

function failuresSection(r: RunRecord): string {
  const failed = r.cells.filter((c) => c.failure);
  const invalid = r.cells.flatMap((c) =>
    c.phases.filter((p) => !p.validity.valid && !p.warmup).map((p) => `- ${c.variant} #${c.repetition} \`${p.name}\`: ${p.validity.reasons.join('; ')}`),
  );
  const processes = r.cells.flatMap((c) => (c.processEvents ?? []).map((e) => `- ${c.variant} #${c.repetition} proxy processes: ${e}`));
  if (failed.length === 0 && invalid.length === 0 && processes.length === 0) return '';
  const failures = failed.map((c) =>
    [
      `- **${c.variant}** #${c.repetition} ${c.status}: ${c.failure!.message}` +
        (c.failure!.exit ? ` (exit code ${c.failure!.exit.code}, signal ${c.failure!.exit.signal})` : '') +
        (c.failure!.logFile ? ` — log: \`${c.failure!.logFile}\`` : ''),
      ...(c.failure!.logTail ? ['', '  ```', ...c.failure!.logTail.split('\n').map((l) => `  ${l}`), '  ```'] : []),
    ].join('\n'),
  );
  return ['## Failures and invalid phases', '', ...failures, ...invalid, ...processes].join('\n');
}

function notes(r: RunRecord): string {
  return [
    '---',
    `Latency in µs from HDR histograms (3 significant digits). Open-loop latency counts from each request’s intended send time ` +
      `(coordinated-omission corrected, as wrk2). Warm-up phases are excluded. Full data: \`run.json\`, \`summary.csv\`, ` +
      `\`timeseries.csv\`, \`hlog/\` — columns documented in docs/csv.md. Run \`proxybench report ${r.runId}\` to re-render.`,
  ].join('\n');
}

// Pure: report.html — one self-contained page (inline CSS and SVG, no script, no network) rendered from run.json.
import type { RunRecord } from '../../record/run.js';
import { escapeHtml } from './html.js';
import { renderPage } from './page.js';
import { variantColors } from './palette.js';
import { attackSection, h2AttackSection, probeSection } from './sections/adversarial.js';
import { capacitySection } from './sections/capacity.js';
import { failuresSection, retriesSection } from './sections/failures.js';
import { machineSection } from './sections/machine.js';
import { latencySection } from './sections/latency.js';
import { memorySection } from './sections/memory.js';
import { tlsSection } from './sections/tls.js';
import { http2Section } from './sections/http2.js';
import { provenanceSection } from './sections/provenance.js';
import { resourcesSection } from './sections/resources.js';
import { tablesSection } from './sections/tables.js';
import { describeMissingResults, runOutcome } from '../../analyze/run-outcome.js';
import { verdictSection } from './sections/verdict.js';

function header(record: RunRecord): string {
  const p = record.provenance;
  const ok = record.cells.filter((c) => c.status === 'ok').length;
  const missing = describeMissingResults(runOutcome(record));
  // Green only for a complete run in which every measured phase has a result.
  const statusClass = record.status === 'complete' && !missing ? 'status-complete' : 'status-other';
  const status = missing ? `${record.status} — ${missing}` : record.status;
  return [
    `<h1>proxybench run <code>${escapeHtml(record.runId)}</code></h1>`,
    `<p class="meta">Scenario <strong>${escapeHtml(record.scenario.name)}</strong>${record.scenario.description ? ` — ${escapeHtml(record.scenario.description)}` : ''}</p>`,
    `<p class="meta"><span class="status ${statusClass}">${escapeHtml(status)}</span> ` +
      `${ok}/${record.cells.length} cells ok · ${record.scenario.repetitions} repetition(s) · runtime ${escapeHtml(p.runtime)} · ` +
      `${escapeHtml(p.host.cpuModel)}, ${p.host.cores} cores · ${escapeHtml(p.startedAt)}</p>`,
  ].join('\n');
}

export function renderReportHtml(record: RunRecord): string {
  const colors = variantColors(record.variants.map((v) => v.name));
  const sections: [string, string, string][] = [
    ['verdict', 'Verdict', verdictSection(record, colors)],
    ['failures', 'Failures', failuresSection(record)],
    ['retries', 'Retries', retriesSection(record)],
    ['machine', 'Machine check', machineSection(record)],
    ['latency', 'Latency', latencySection(record, colors)],
    ['figures', 'Figures', tablesSection(record, colors)],
    ['resources', 'CPU and RSS', resourcesSection(record, colors)],
    ['memory', 'Memory per connection', memorySection(record, colors)],
    ['tls', 'TLS', tlsSection(record)],
    ['http2', 'HTTP/2', http2Section(record)],
    ['capacity', 'Rate at SLO', capacitySection(record, colors)],
    ['probes', 'Probes', probeSection(record)],
    ['attack', 'Under attack', attackSection(record)],
    ['h2-attacks', 'HTTP/2 attacks', h2AttackSection(record)],
    ['provenance', 'Provenance', provenanceSection(record)],
  ];
  const present = sections.filter(([, , html]) => html !== '');
  return renderPage({
    title: `proxybench ${record.scenario.name} ${record.runId}`,
    header: header(record),
    nav: present.map(([id, label]) => ({ id, label })),
    sections: present.map(([, , html]) => html),
    footer:
      `Rendered from <code>run.json</code> (schema ${record.schemaVersion}); re-render with <code>proxybench report ${escapeHtml(record.runId)}</code>. ` +
      'Latency in µs from HDR histograms (3 significant digits); open-loop latency counts from each request’s intended send time.',
  });
}

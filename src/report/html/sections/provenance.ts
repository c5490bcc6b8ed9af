// Pure: where the numbers come from — tool, git, scenario hash, host, CPU layout, variant versions, start and end.
import type { RunRecord } from '../../../record/run.js';
import { formatBytes } from '../../../shared/units.js';
import { escapeHtml, htmlTable } from '../html.js';
import { describeLatency } from '../../describe.js';

export function provenanceSection(record: RunRecord): string {
  const p = record.provenance;
  const git = p.tool.gitRevision ? `${p.tool.gitRevision.slice(0, 12)}${p.tool.gitDirty ? ' (modified)' : ''}` : 'unknown';
  const items: [string, string][] = [
    ['tool', `proxybench ${p.tool.version}, git ${git}, Node ${p.node}`],
    ['scenario', `${p.scenario.name} (${p.scenario.file}${p.scenario.quick ? ', --quick' : ''}), sha256 ${p.scenario.sha256}`],
    ['host', `${p.host.hostname}: ${p.host.cpuModel}, ${p.host.cores} cores, ${formatBytes(p.host.memoryBytes)}, ${p.host.os}, kernel ${p.host.kernel}, fd limit ${p.host.fdLimit ?? '?'}`],
    ['runtime', p.runtime],
    ['CPU layout', `generator ${p.cpuLayout.generator} · proxy ${p.cpuLayout.proxy} · upstream ${p.cpuLayout.upstream}`],
    ['upstream', `${record.upstream.version}, body ${formatBytes(record.upstream.bodyBytes)}, injected latency ${describeLatency(record.upstream.latency)}`],
    ['repetitions', String(record.scenario.repetitions)],
    ['started / ended', `${p.startedAt} → ${p.endedAt ?? 'still running'} (status ${record.status})`],
    ['command', `proxybench ${p.command.join(' ')}`],
  ];
  const dl = items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const variants = record.variants.map((v) => [
    escapeHtml(v.name),
    escapeHtml(v.language),
    escapeHtml(v.version ?? '–'),
    v.status === 'available' ? 'ran' : `<span class="invalid">skipped: ${escapeHtml(v.skipReason ?? '')}</span>${v.fix ? ` — fix: <code>${escapeHtml(v.fix)}</code>` : ''}`,
  ]);
  return [
    '<h2 id="provenance">Provenance</h2>',
    `<dl class="provenance">${dl}</dl>`,
    htmlTable(['variant', 'language', 'version', 'status'], variants, { numericFrom: 99 }),
  ].join('\n');
}

// Pure: failed cells (with the proxy's last log lines) and invalid phases, clearly marked — never drawn as results.
import type { RunRecord } from '../../../record/run.js';
import { escapeHtml } from '../html.js';

export function failuresSection(record: RunRecord): string {
  const failed = record.cells.filter((c) => c.failure);
  const invalid = record.cells.flatMap((c) => c.phases.filter((p) => !p.warmup && !p.validity.valid).map((p) => ({ cell: c, phase: p })));
  const processes = record.cells.flatMap((c) => (c.processEvents ?? []).map((e) => `<li><strong>${escapeHtml(c.variant)} #${c.repetition}</strong> proxy processes: ${escapeHtml(e)}</li>`));
  if (failed.length === 0 && invalid.length === 0 && processes.length === 0) return '';
  const failures = failed.map((c) => {
    const f = c.failure!;
    const exit = f.exit ? ` (exit code ${f.exit.code}, signal ${f.exit.signal})` : '';
    const log = f.logFile ? ` — log: <code>${escapeHtml(f.logFile)}</code>` : '';
    const tail = f.logTail ? `<pre>${escapeHtml(f.logTail)}</pre>` : '';
    return `<li><strong>${escapeHtml(c.variant)} #${c.repetition} ${escapeHtml(c.status)}</strong>: ${escapeHtml(f.message)}${exit}${log}${tail}</li>`;
  });
  const phases = invalid.map(
    ({ cell, phase }) => `<li><strong>${escapeHtml(cell.variant)} #${cell.repetition}</strong> <code>${escapeHtml(phase.name)}</code> invalid: ${escapeHtml(phase.validity.reasons.join('; '))}</li>`,
  );
  return [
    '<section class="problems" id="failures"><h2>⚠ Failures and invalid phases</h2>',
    '<p>These are not results: their numbers are left out of every chart and table in this report.</p>',
    `<ul>${[...failures, ...phases, ...processes].join('\n')}</ul></section>`,
  ].join('\n');
}

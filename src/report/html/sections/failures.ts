// Pure: failed cells (with the proxy's last log lines) and invalid phases, clearly marked — never drawn as results.
import type { RunRecord } from '../../../record/run.js';
import { escapeHtml } from '../html.js';
import { describeRetry, retriedPhases } from '../../../analyze/retries.js';

/** Phases measured again because an attempt was invalid for the generator's own reason (`retries`). */
export function retriesSection(record: RunRecord): string {
  const retried = retriedPhases(record);
  if (retried.length === 0) return '';
  const items = retried.map((p) => `<li><strong>${escapeHtml(p.variant)} #${p.repetition}</strong> <code>${escapeHtml(p.phase)}</code>: ${escapeHtml(describeRetry(p))}</li>`);
  return [
    '<section id="retries"><h2>Retried phases</h2>',
    `<p>Attempts invalid only for the generator's own reason (its scheduler lag or busy core, not the target's) were run again, at most ${record.scenario.retries ?? 0} time(s) each; the figures are the first valid attempt's, and every attempt is kept in run.json.</p>`,
    `<ul>${items.join('\n')}</ul></section>`,
  ].join('\n');
}

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

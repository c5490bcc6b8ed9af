// Pure: the pre-flight noise check of the generator's CPUs — what it measured and what the machine cannot meet.
import type { RunRecord } from '../../../record/run.js';
import { describeMachineCheck } from '../../../measure/noise/machine-check.js';
import { describeGeneratorPriority } from '../../../measure/noise/realtime.js';
import { escapeHtml } from '../html.js';

export function machineSection(record: RunRecord): string {
  const m = record.machineCheck;
  if (m === undefined) return '';
  const priority = record.generatorPriority ? [describeGeneratorPriority(record.generatorPriority)] : [];
  const lines = [...describeMachineCheck(m), ...priority].map((l) => `<li>${escapeHtml(l)}</li>`);
  const warnings = m.warnings.map((w) => `<li class="invalid">⚠ ${escapeHtml(w)}</li>`);
  return [
    `<section id="machine"${m.warnings.length > 0 ? ' class="problems"' : ''}><h2>${m.warnings.length > 0 ? '⚠ ' : ''}Machine check</h2>`,
    `<p>Before the run: other processes' load on each generator CPU over ${m.idleMs} ms, then a spin loop pinned there for ${m.spinMs} ms counting gaps over ${m.thresholdUs} µs (time it was not running). Only a warning: the phases' own validity rules decide what is a result.</p>`,
    `<ul>${[...warnings, ...lines].join('\n')}</ul></section>`,
  ].join('\n');
}

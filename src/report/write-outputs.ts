// Writes every output of a run folder from its record, each file atomically (temp file + rename).
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { RunRecord } from '../record/run.js';
import { toTable, type CsvSpec } from './csv/columns.js';
import { summaryRows, timeseriesRows } from '../analyze/rows.js';
import { summarySpec } from './csv/summary-spec.js';
import { timeseriesSpec } from './csv/timeseries-spec.js';
import { connectionsRows, connectionsSpec } from './csv/connections-spec.js';
import { probeRows, probesSpec } from './csv/probes-spec.js';
import { attackRows, attacksSpec } from './csv/attacks-spec.js';
import { h2AttackRows, h2AttacksSpec } from './csv/h2-attacks-spec.js';
import { capacitySpec } from './csv/capacity-spec.js';
import { capacityRows } from '../analyze/capacity.js';
import { renderHlog } from './hlog.js';
import { renderReportMarkdown } from './markdown/render.js';
import { renderReportHtml } from './html/render.js';
import { makeOutputDir, nodeOutputFs, writeFileAtomic, type OutputFs } from './atomic-write.js';

export { writeFileAtomic } from './atomic-write.js';

function csv<Row>(spec: CsvSpec<Row>, rows: readonly Row[]): string {
  return stringify(toTable(spec, rows));
}

/** A rate search's step k (0-based) as its .hlog names it: `nginx.capacity.step3-4000ps.benign.r1` (steps in the order run). */
export function searchStepTag(variant: string, search: string, k: number, ratePerSec: number, trafficClass: string, repetition: number): string {
  return `${variant}.${search}.step${k + 1}-${+ratePerSec.toFixed(2)}ps.${trafficClass}.r${repetition}`;
}

/** The files of a run folder, by relative path: pure, so `report` and tests can use it without writing. */
export function renderRunOutputs(record: RunRecord): Map<string, string> {
  const files = new Map<string, string>();
  files.set('run.json', JSON.stringify(record, null, 1) + '\n');
  files.set(summarySpec.file, csv(summarySpec, summaryRows(record)));
  files.set(timeseriesSpec.file, csv(timeseriesSpec, timeseriesRows(record)));
  if (record.scenario.phases.some((p) => p.traffic.loop === 'ladder')) files.set(connectionsSpec.file, csv(connectionsSpec, connectionsRows(record)));
  if (record.scenario.probes || record.cells.some((c) => c.probes)) files.set(probesSpec.file, csv(probesSpec, probeRows(record)));
  if (record.scenario.phases.some((p) => p.attack)) files.set(attacksSpec.file, csv(attacksSpec, attackRows(record)));
  if (record.scenario.phases.some((p) => p.attack?.kind.startsWith('h2-'))) files.set(h2AttacksSpec.file, csv(h2AttacksSpec, h2AttackRows(record)));
  if (record.scenario.phases.some((p) => p.traffic.loop === 'search')) files.set(capacitySpec.file, csv(capacitySpec, capacityRows(record)));
  files.set('report.md', renderReportMarkdown(record));
  files.set('report.html', renderReportHtml(record));
  for (const cell of record.cells) {
    for (const phase of cell.phases) {
      const tag = `${cell.variant}.${phase.name}.${phase.trafficClass}.r${cell.repetition}`;
      files.set(join('hlog', `${tag}.hlog`), renderHlog(phase, tag));
    }
    for (const search of cell.searches ?? []) {
      search.steps.forEach((step, k) => {
        const tag = searchStepTag(cell.variant, search.name, k, step.ratePerSec, step.phase.trafficClass, cell.repetition);
        files.set(join('hlog', `${tag}.hlog`), renderHlog(step.phase, tag));
      });
    }
  }
  return files;
}

/** Writes run.json last-but-consistent: every file is replaced whole, never half-written. */
export function writeRunOutputs(runDir: string, record: RunRecord, options: { includeRunJson?: boolean; fs?: OutputFs } = {}): string[] {
  const written: string[] = [];
  const fs = options.fs ?? nodeOutputFs;
  for (const [relative, content] of renderRunOutputs(record)) {
    if (relative === 'run.json' && options.includeRunJson === false) continue;
    const file = join(runDir, relative);
    makeOutputDir(join(file, '..'), fs);
    writeFileAtomic(file, content, fs);
    written.push(relative);
  }
  return written;
}

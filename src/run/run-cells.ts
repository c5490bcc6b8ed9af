// Runs every cell of a run in order (repetition × variant), keeping each in the record and persisting after each one.
import type { Variant } from '../runtime/variants.js';
import type { RunRecord } from '../record/run.js';
import { runCell, type CellEnv } from './run-cell.js';
import { retryBudget, retryBudgetMs } from './retry-budget.js';

export interface CellPlan {
  record: RunRecord;
  /** The variants that can run, in scenario order. */
  variants: readonly Variant[];
  /** Rewrites run.json and every other output (after every cell). */
  persist(): void;
}

/** Sets record.status: complete when every cell ran (a stop after the last one changes nothing), else interrupted. */
export async function runCells(env: CellEnv, plan: CellPlan): Promise<void> {
  const { record } = plan;
  const total = env.scenario.repetitions * plan.variants.length;
  const budget = retryBudget(env.scenario.retries, retryBudgetMs(env.scenario, plan.variants.length));
  const cells = Array.from({ length: env.scenario.repetitions }, (_, r) => plan.variants.map((variant) => ({ variant, repetition: r + 1 }))).flat();
  for (const { variant, repetition } of cells) {
    if (env.signal.aborted) break;
    const index = record.cells.length;
    env.log(`[${index + 1}/${total}] ${variant.manifest.name} #${repetition}`);
    env.progress?.({ kind: 'cell-start', index, totalCells: total, variant: variant.manifest.name, repetition });
    const known = record.variants.find((v) => v.name === variant.manifest.name);
    const cell = await runCell(env, { variant, repetition, version: known?.version ?? undefined, tlsLibraryVersion: known?.tlsLibraryVersion }, budget);
    record.cells.push(cell);
    plan.persist();
    env.progress?.({ kind: 'cell-end', index, variant: variant.manifest.name, repetition, status: cell.status });
    if (cell.status === 'interrupted') break;
  }
  const ran = record.cells.filter((c) => c.status !== 'interrupted').length;
  record.status = ran === total ? 'complete' : 'interrupted';
}

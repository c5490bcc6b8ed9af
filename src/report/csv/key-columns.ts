// The key columns that open every per-cell CSV file and join them: run_id, scenario, variant, variant_version, repetition.
import type { RunRecord } from '../../record/run.js';
import type { Column } from './columns.js';

/** What the key columns read from a row. */
export interface RowKey {
  record: RunRecord;
  variant: string;
  repetition: number;
}

/** The five key columns, in this order, with one description each; `withVersion: false` leaves out variant_version (attacks.csv has none). */
export function keyColumns<Row>(key: (row: Row) => RowKey, options: { withVersion?: boolean } = {}): Column<Row>[] {
  const version: Column<Row> = {
    name: 'variant_version', type: 'string', description: 'Version the variant reported.',
    value: (r) => {
      const k = key(r);
      return k.record.variants.find((v) => v.name === k.variant)?.version;
    },
  };
  return [
    { name: 'run_id', type: 'string', description: 'Run id; joins with the other CSV files and the run folder name.', value: (r) => key(r).record.runId },
    { name: 'scenario', type: 'string', description: 'Scenario name.', value: (r) => key(r).record.scenario.name },
    { name: 'variant', type: 'string', description: 'Proxy variant (`direct` = client talks to the upstream itself).', value: (r) => key(r).variant },
    ...(options.withVersion === false ? [] : [version]),
    { name: 'repetition', type: 'integer', description: 'Repetition number, from 1.', value: (r) => key(r).repetition },
  ];
}

/** The key of a row that holds its record and cell (summary, connections and probes rows). */
export const cellKey = (row: { record: RunRecord; cell: { variant: string; repetition: number } }): RowKey => ({ record: row.record, variant: row.cell.variant, repetition: row.cell.repetition });

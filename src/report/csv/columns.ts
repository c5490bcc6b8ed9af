// A CSV file described once: each column's name (with its unit), type, meaning and how to read it from a row.

export interface Column<Row> {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean';
  description: string;
  value: (row: Row) => string | number | boolean | null | undefined;
}

export interface CsvSpec<Row> {
  file: string;
  /** Bumped only if a column changes meaning; columns are only ever added at the end, never renamed. */
  schemaVersion: number;
  description: string;
  columns: Column<Row>[];
}

/**
 * Pure: header + rows as arrays of cells, ready for csv-stringify. Empty cells for null/undefined; booleans as TRUE and
 * FALSE, which LibreOffice, Excel and pandas read as booleans (lower-case true stays text in LibreOffice).
 */
export function toTable<Row>(spec: CsvSpec<Row>, rows: readonly Row[]): (string | number)[][] {
  const cell = (v: string | number | boolean | null | undefined): string | number =>
    v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v;
  return [spec.columns.map((c) => c.name), ...rows.map((row) => spec.columns.map((c) => cell(c.value(row))))];
}

/** Markdown documentation of a CSV spec (docs/csv.md is generated from these). */
export function documentSpec<Row>(spec: CsvSpec<Row>): string {
  const lines = [
    `## ${spec.file}`,
    '',
    `${spec.description} Schema version ${spec.schemaVersion}.`,
    '',
    '| column | type | meaning |',
    '|---|---|---|',
    ...spec.columns.map((c) => `| \`${c.name}\` | ${c.type} | ${c.description.replaceAll('|', '\\|')} |`),
    '',
  ];
  return lines.join('\n');
}

// Pure: the files `proxybench compare` writes, by name (compare.md, compare.csv, junit.xml, compare.json).
import { stringify } from 'csv-stringify/sync';
import { toTable } from '../report/csv/columns.js';
import { compareRows, compareSpec } from './csv-spec.js';
import { renderCompareJunit } from './render-junit.js';
import { renderCompareMarkdown } from './render-markdown.js';
import type { CompareResult } from './types.js';

export function renderCompareOutputs(result: CompareResult): Map<string, string> {
  return new Map([
    ['compare.md', renderCompareMarkdown(result)],
    [compareSpec.file, stringify(toTable(compareSpec, compareRows(result)))],
    ['junit.xml', renderCompareJunit(result)],
    ['compare.json', JSON.stringify(result, null, 1) + '\n'],
  ]);
}

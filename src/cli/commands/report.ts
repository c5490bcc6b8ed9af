// `proxybench report RUN_DIR`: re-renders every output from run.json without re-running anything.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { runRecordSchemaVersion, type RunRecord } from '../../record/run.js';
import { writeRunOutputs } from '../../report/write-outputs.js';
import { UsageError } from '../../shared/errors.js';
import { ExitCode } from '../../shared/exit-codes.js';

export function readRunRecord(runDir: string): RunRecord {
  const file = join(runDir, 'run.json');
  let record: RunRecord;
  try {
    record = JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch (cause) {
    throw new UsageError(`cannot read ${file}: ${(cause as Error).message}`, {
      hint: 'pass a run folder made by `proxybench run`, e.g. results/latest',
      cause,
    });
  }
  if (record.schemaVersion !== runRecordSchemaVersion) {
    throw new UsageError(`${file} has schema version ${record.schemaVersion}; this proxybench reads version ${runRecordSchemaVersion}`, {
      hint: 'use the proxybench version that made the run (its git revision is in run.json provenance)',
    });
  }
  return record;
}

export async function reportCommand(runDir: string, options: { json: boolean }): Promise<number> {
  const dir = resolve(runDir);
  const written = writeRunOutputs(dir, readRunRecord(dir), { includeRunJson: false });
  if (options.json) process.stdout.write(JSON.stringify({ runDir: dir, files: written }, null, 1) + '\n');
  else process.stderr.write(`re-rendered ${written.length} file(s) in ${dir}: ${written.filter((f) => !f.startsWith('hlog')).join(', ')} and hlog/\n`);
  return ExitCode.ok;
}

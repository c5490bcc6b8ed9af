// `proxybench report RUN_DIR`: re-renders every output from run.json without re-running anything.
import { resolve } from 'node:path';
import { readRunFolder } from '../../record/read.js';
import { writeRunOutputs } from '../../report/write-outputs.js';
import { ExitCode } from '../../shared/exit-codes.js';

export async function reportCommand(runDir: string, options: { json: boolean }): Promise<number> {
  const dir = resolve(runDir);
  const written = writeRunOutputs(dir, readRunFolder(dir), { includeRunJson: false });
  if (options.json) process.stdout.write(JSON.stringify({ runDir: dir, files: written }, null, 1) + '\n');
  else process.stderr.write(`re-rendered ${written.length} file(s) in ${dir}: ${written.filter((f) => !f.startsWith('hlog')).join(', ')} and hlog/\n`);
  return ExitCode.ok;
}

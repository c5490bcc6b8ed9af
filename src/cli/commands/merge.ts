// `proxybench merge`: whole runs of one scenario, or generator workers' outputs, merged exactly into a new run folder.
import { readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { mergeRuns } from '../../record/merge.js';
import { readRunFolder } from '../../record/read.js';
import { writeRunOutputs } from '../../report/write-outputs.js';
import { hostInfo, toolVersion } from '../../run/provenance.js';
import { createRunDir, newRunId } from '../../run/run-dir.js';
import { recordFromWorkerOutputs } from '../../run/merge-worker-outputs.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { ConfigError, UsageError } from '../../shared/errors.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { parseWorkerOutputs, type WorkerOutput } from '../../traffic/worker-output.js';
import { repoRoot } from '../paths.js';

export interface MergeOptions {
  out: string;
  /** With worker outputs: the scenario the workers ran, and the name their target gets. */
  scenario?: string;
  variant: string;
  json: boolean;
}

const isDir = (path: string) => {
  try {
    return statSync(path).isDirectory();
  } catch {
    throw new UsageError(`${path} does not exist`, { hint: 'pass run folders (with run.json) or worker output files' });
  }
};

export async function mergeCommand(inputs: string[], options: MergeOptions): Promise<number> {
  const dirs = inputs.filter(isDir);
  const files = inputs.filter((i) => !dirs.includes(i));
  if (dirs.length > 0 && files.length > 0) throw new UsageError('merge takes either run folders or worker output files, not both', { hint: 'merge the worker outputs into a run first, then that run with the others' });
  const record = dirs.length > 0 ? mergeRunFolders(dirs) : await mergeOutputs(files, options);
  const runDir = createRunDir(resolve(options.out), record.runId);
  const written = writeRunOutputs(runDir, record);
  if (options.json) process.stdout.write(JSON.stringify({ runDir, runId: record.runId, files: written }, null, 1) + '\n');
  else process.stderr.write(`merged ${inputs.length} input(s) → ${runDir} (${written.filter((f) => !f.startsWith('hlog')).join(', ')} and hlog/)\n`);
  return ExitCode.ok;
}

function mergeRunFolders(dirs: string[]) {
  const sources = dirs.map((d) => ({ label: d, record: readRunFolder(resolve(d)) }));
  return mergeRuns(sources, newRunId(sources[0]!.record.scenario.name, new Date()));
}

async function mergeOutputs(files: string[], options: MergeOptions) {
  if (options.scenario === undefined) throw new UsageError('merging worker outputs needs the scenario the workers ran', { hint: 'add --scenario FILE' });
  const { scenario, sha256 } = await loadScenarioFile(options.scenario);
  const outputs: WorkerOutput[] = [];
  const problems: string[] = [];
  for (const file of files) {
    const parsed = parseWorkerOutputs(readFileSync(file, 'utf8'), file);
    outputs.push(...parsed.outputs);
    problems.push(...parsed.problems);
    if (parsed.outputs.length === 0 && parsed.problems.length === 0) problems.push(`${file}: no worker result lines in it (lines starting "proxybench-worker-result ")`);
  }
  if (problems.length > 0) throw new ConfigError('some worker outputs cannot be read', problems);
  const [tool, host] = await Promise.all([toolVersion(repoRoot()), hostInfo()]);
  return recordFromWorkerOutputs({
    scenario, variant: options.variant, outputs, sources: files.map((f) => basename(f)), runId: newRunId(scenario.name, new Date()),
    provenance: {
      tool: { name: 'proxybench', ...tool }, node: process.version, scenario: { file: join(options.scenario), sha256, name: scenario.name, quick: false },
      host, runtime: 'local', cpuLayout: scenario.cpus, command: process.argv.slice(2),
    },
  });
}

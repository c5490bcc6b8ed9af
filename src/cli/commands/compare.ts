// `proxybench compare BASELINE CANDIDATE`: the release gate — reads two run folders, judges, writes the verdict files.
import { mkdirSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { compareRuns } from '../../compare/compare.js';
import { renderCompareOutputs } from '../../compare/outputs.js';
import type { ThresholdFlags } from '../../compare/thresholds.js';
import type { CompareResult, Verdict } from '../../compare/types.js';
import { readRunFolder } from '../../record/read.js';
import { writeFileAtomic } from '../../report/write-outputs.js';
import { EnvironmentError, OutputWriteError, UsageError } from '../../shared/errors.js';
import { ExitCode } from '../../shared/exit-codes.js';

export interface CompareOptions extends ThresholdFlags {
  out?: string;
  json: boolean;
  /** Let what the baseline measured and the candidate lacks pass (said in the verdict). */
  allowMissing?: boolean;
}

export const verdictExitCode: Record<Verdict, number> = {
  pass: ExitCode.ok,
  fail: ExitCode.compareFail,
  inconclusive: ExitCode.compareInconclusive,
};

/** `results/latest` is a link: name the run folder it points to. */
function runFolder(dir: string): string {
  try {
    return realpathSync(resolve(dir));
  } catch (cause) {
    throw new UsageError(`no run folder at ${dir}`, { hint: 'pass two run folders made by `proxybench run`, e.g. results/baselines/nightly results/latest', cause });
  }
}

function writeOutputs(outDir: string, result: CompareResult): string[] {
  try {
    mkdirSync(outDir, { recursive: true });
    const files = [...renderCompareOutputs(result)];
    for (const [name, content] of files) writeFileAtomic(join(outDir, name), content);
    return files.map(([name]) => name);
  } catch (cause) {
    if (cause instanceof OutputWriteError) throw cause; // names the file and the fix already
    throw new EnvironmentError(`cannot write the comparison into ${outDir}: ${(cause as Error).message}`, { hint: 'pass a writable folder with --out DIR', cause });
  }
}

export async function compareCommand(baselineDir: string, candidateDir: string, options: CompareOptions): Promise<number> {
  const [baseDir, candDir] = [runFolder(baselineDir), runFolder(candidateDir)];
  const [baseline, candidate] = [readRunFolder(baseDir), readRunFolder(candDir)];
  const { out, json, allowMissing, ...flags } = options;
  const result = compareRuns({ baseline: { record: baseline, runDir: baseDir }, candidate: { record: candidate, runDir: candDir }, flags, allowMissing: allowMissing === true });
  const outDir = resolve(out ?? join(candDir, `compare-${baseline.runId}`));
  const files = writeOutputs(outDir, result);
  const exitCode = verdictExitCode[result.verdict];
  const count = (v: Verdict) => result.checks.filter((c) => c.verdict === v).length;
  const allowed = result.checks.filter((c) => c.allowedMissing).length;
  const lines = [
    `compare ${baseline.runId} → ${candidate.runId}: ${result.verdict.toUpperCase()} (${count('fail')} fail, ${count('inconclusive')} inconclusive, ${count('pass')} pass)` +
      (allowed > 0 ? `; ${allowed} item(s) of the baseline missing in the candidate, allowed by --allow-missing` : ''),
    ...result.checks.filter((c) => c.verdict === 'fail').map((c) => `  FAIL ${c.variant} ${c.phase}: ${c.message}`),
    `→ ${join(outDir, 'compare.md')}`,
  ];
  process.stderr.write(lines.join('\n') + '\n');
  if (json) {
    const checks = result.checks.map(({ variant, phase, trafficClass, metric, verdict, message }) => ({ variant, phase, trafficClass, metric, verdict, message }));
    process.stdout.write(JSON.stringify({ verdict: result.verdict, exitCode, allowedMissing: allowed, outDir, files, checks }, null, 1) + '\n');
  }
  return exitCode;
}

// The only place that catches errors and turns them into messages and exit codes.
import { BadRecordError, BenchError, ConfigError, EnvironmentError, InterruptedError, OutputWriteError, TargetStartError, UsageError } from '../shared/errors.js';
import { ExitCode } from '../shared/exit-codes.js';
import { buildProgram } from './program.js';
import { endQuietlyOnClosedPipe } from './closed-pipe.js';

export async function main(argv: string[]): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram((code) => (exitCode = code));
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    return report(error);
  }
}

function report(error: unknown): number {
  if (isCommanderExit(error)) return error.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  if (!(error instanceof BenchError)) {
    process.stderr.write(`proxybench: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return ExitCode.internal;
  }
  const lines = [`proxybench: error: ${error.message}`];
  if (error instanceof ConfigError) lines.push(...error.problems.map((p) => `  ${p}`));
  if (error instanceof TargetStartError && error.logTail) lines.push('  last log lines:', ...error.logTail.split('\n').map((l) => `    ${l}`));
  if (error.hint) lines.push(`  fix: ${error.hint}`);
  process.stderr.write(lines.join('\n') + '\n');
  if (error instanceof ConfigError) return ExitCode.config;
  if (error instanceof UsageError) return ExitCode.usage;
  if (error instanceof EnvironmentError || error instanceof TargetStartError) return ExitCode.environment;
  if (error instanceof InterruptedError) return ExitCode.interrupted;
  if (error instanceof OutputWriteError) return ExitCode.outputWrite;
  if (error instanceof BadRecordError) return ExitCode.badRecord;
  return ExitCode.internal;
}

function isCommanderExit(error: unknown): error is { exitCode: number; code: string } {
  return typeof error === 'object' && error !== null && 'code' in error && String((error as { code: unknown }).code).startsWith('commander.');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  endQuietlyOnClosedPipe();
  process.exitCode = await main(process.argv);
}

// Program entry of the upstream server: parses flags, starts it, prints one "listening" JSON line, stops on SIGTERM/SIGINT.
import { BenchError } from '../shared/errors.js';
import { ExitCode, type ExitCodeValue } from '../shared/exit-codes.js';
import { parseUpstreamArgs } from './cli-options.js';
import { startUpstream } from './server.js';
import { isEntryPoint } from '../shared/entry-point.js';

const exitCodeByErrorCode: Record<string, ExitCodeValue> = {
  USAGE: ExitCode.usage,
  CONFIG: ExitCode.config,
  ENVIRONMENT: ExitCode.environment,
};

/** Runs until SIGTERM/SIGINT; resolves with the exit code. */
export async function runUpstreamProgram(argv: readonly string[]): Promise<number> {
  let handle;
  try {
    handle = await startUpstream(parseUpstreamArgs(argv));
  } catch (error) {
    if (!(error instanceof BenchError)) throw error;
    process.stderr.write(`upstream: ${error.message}${error.hint === undefined ? '' : ` (${error.hint})`}\n`);
    return exitCodeByErrorCode[error.code] ?? ExitCode.internal;
  }
  process.stdout.write(`${JSON.stringify({ event: 'listening', host: handle.host, port: handle.port, ...(handle.tlsPort === undefined ? {} : { tlsPort: handle.tlsPort }), pid: process.pid })}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  await handle.close();
  process.stderr.write(`upstream: stopped by ${signal}\n`);
  return ExitCode.ok;
}


if (isEntryPoint(import.meta.url)) {
  runUpstreamProgram(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`upstream: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(ExitCode.internal);
    },
  );
}

// A reader that closes its end early (`proxybench doctor | head -1`) ends the program quietly, as SIGPIPE would.
import { ExitCode } from '../shared/exit-codes.js';

/** On EPIPE from stdout or stderr: exit with the code set so far (0 if none), without a stack trace. */
export function endQuietlyOnClosedPipe(streams: NodeJS.WriteStream[] = [process.stdout, process.stderr]): void {
  for (const stream of streams) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      process.exit(typeof process.exitCode === 'number' ? process.exitCode : ExitCode.ok);
    });
  }
}

// Starts a detached watchdog process (a reaper) that outlives the runner, so it can clean up after a SIGKILL.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Forks `script` (a URL, e.g. `new URL('./reaper.js', import.meta.url)`) detached, its IPC channel unreferenced: the
 * runner can exit without waiting for it, and it sees the channel close when the runner goes. Undefined if it cannot start.
 */
export function forkWatchdog(script: URL, args: readonly string[] = []): ChildProcess | undefined {
  try {
    const child = fork(fileURLToPath(script), [...args], { detached: true, stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
    child.unref();
    child.channel?.unref();
    child.on('error', () => undefined);
    return child;
  } catch {
    return undefined;
  }
}

// Whether a process exists: signal 0 tests for it without sending anything.

/** True while a process with this pid exists (also when it is another user's: EPERM). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

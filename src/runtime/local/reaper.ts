// A watchdog process: kills every process group it was told about when the runner disappears, even by SIGKILL.
// Started detached (its own session), so Ctrl-C in the terminal reaches the runner, not the reaper.

interface ReaperMessage {
  add?: number;
  remove?: number;
}

function main(): void {
  const groups = new Set<number>();
  const killAll = (signal: NodeJS.Signals) => {
    for (const pgid of groups) {
      try {
        process.kill(-pgid, signal);
      } catch {
        groups.delete(pgid); // already gone
      }
    }
  };
  process.on('message', (message: ReaperMessage) => {
    if (message.add) groups.add(message.add);
    if (message.remove) groups.delete(message.remove);
  });
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.on('disconnect', () => {
    killAll('SIGTERM');
    if (groups.size === 0) process.exit(0);
    setTimeout(() => {
      killAll('SIGKILL');
      process.exit(0);
    }, 2000);
  });
}

if (process.send) main();

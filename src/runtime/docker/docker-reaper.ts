// A watchdog process: when the runner disappears (its IPC channel closes), removes every container and network of its run.
// Started detached (its own session), so Ctrl-C in the terminal reaches the runner, not the reaper.
import { removeLabelledSync } from './docker-cli.js';

function main(label: string): void {
  process.on('SIGINT', () => undefined);
  process.on('SIGHUP', () => undefined);
  process.on('disconnect', () => {
    removeLabelledSync(label);
    process.exit(0);
  });
}

const label = process.argv[2];
if (process.send && label?.startsWith('proxybench.run=')) main(label);

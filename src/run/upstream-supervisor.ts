// Watches the run's upstream: when it died (and how), and restarts it before the next cell.
import type { ExitInfo } from '../record/run.js';
import type { RunningUpstream } from '../runtime/runtime.js';

export interface UpstreamDeath {
  /** ms since the run started. */
  atMs: number;
  exit: ExitInfo;
}

export interface UpstreamSupervisor {
  current(): RunningUpstream;
  /** Set once the current upstream has ended. */
  death(): UpstreamDeath | undefined;
  /** Before a cell: restarts a dead upstream; returns the death it replaced (undefined when it was alive). Throws when it cannot. */
  ensureAlive(): Promise<UpstreamDeath | undefined>;
}

export function describeDeath(death: UpstreamDeath, phaseStartMs?: number): string {
  const how = `code ${death.exit.code}, signal ${death.exit.signal}`;
  const at = phaseStartMs === undefined ? `t = ${(death.atMs / 1000).toFixed(1)} s of the run` : `t = ${((death.atMs - phaseStartMs) / 1000).toFixed(1)} s into the phase`;
  return `the upstream died at ${at} (${how})`;
}

export function superviseUpstream(first: RunningUpstream, start: () => Promise<RunningUpstream>, nowMs: () => number, onRestart: (u: RunningUpstream) => void): UpstreamSupervisor {
  let upstream = first;
  let died: UpstreamDeath | undefined;
  const watch = (u: RunningUpstream) => {
    void u.exited?.then((exit) => {
      if (u === upstream) died = { atMs: nowMs(), exit };
    });
  };
  watch(first);
  return {
    current: () => upstream,
    death: () => died,
    async ensureAlive() {
      if (!died) return undefined;
      const previous = died;
      upstream = await start();
      died = undefined;
      watch(upstream);
      onRestart(upstream);
      return previous;
    },
  };
}

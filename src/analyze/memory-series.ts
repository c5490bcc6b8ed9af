// Pure: the connection ladders of a run as RSS-vs-connections series with their fits (for report.md, report.html, compare).
import type { RunRecord } from '../record/run.js';
import type { LadderRecord } from '../record/ladder.js';
import type { LadderKind } from '../scenario/ladder-schema.js';
import { spread, type Spread } from './aggregate.js';
import { unmeasuredReason } from './ladder.js';

export interface MemorySeries {
  variant: string;
  /** The ladder phase's name. */
  ladder: string;
  kind: LadderKind;
  repetition: number;
  /** One point per step: connections (held by the proxy where measured, else opened by the client) and settled RSS. */
  points: { connections: number; rssBytes: number }[];
  /** Least-squares line through the points; null when there are fewer than two distinct connection counts. */
  fit: { bytesPerConn: number; baseBytes: number; r2: number } | null;
  /** Kernel memory per connection (containers: the part of the fitted memory the kernel holds); null where unknown. */
  kernelBytesPerConn: number | null;
  /** Most connections the proxy held at any step (null where it could not be counted). */
  maxHeld: number | null;
  maxOpened: number;
  closedByProxy: boolean;
  status: LadderRecord['status'];
  note: string | null;
  /** Why there is no bytes-per-connection figure although steps were measured (RSS did not move enough); else null. */
  unmeasured: string | null;
}

/**
 * What a ladder's memory figure is on a runtime: short (chart axes) and long (report text). Local RSS holds no kernel
 * memory (socket buffers and the kernel's per-socket structures are charged to no process); a container's cgroup
 * charges them to the proxy.
 */
export function ladderMemoryName(runtime: RunRecord['provenance']['runtime']): { short: string; long: string } {
  return runtime === 'docker'
    ? {
      short: 'cgroup working set',
      long: 'memory (the container cgroup’s working set: usage less inactive file cache, kernel memory such as socket buffers included and also shown on its own)',
    }
    : { short: 'RSS', long: 'RSS (whole process tree; kernel socket memory is charged to no process and is not in it)' };
}

/** Every ladder of every cell, in run order. Runs recorded before ladders existed give []. */
export function memoryPerConnectionSeries(record: RunRecord): MemorySeries[] {
  return record.cells.flatMap((cell) =>
    (cell.ladders ?? []).map((l) => {
      const useHeld = l.fitOn === 'held';
      const helds = l.steps.map((s) => s.held).filter((h): h is number => h !== null);
      // Records written before the rule existed kept a fit of flat steps: the same rule applies when they are read.
      const unmeasured = unmeasuredReason(l.steps);
      const note = unmeasured && !(l.note ?? '').includes(unmeasured) ? [unmeasured, l.note].filter(Boolean).join('; ') : l.note;
      return {
        variant: cell.variant,
        ladder: l.name,
        kind: l.kind,
        repetition: cell.repetition,
        points: l.steps.map((s) => ({ connections: useHeld && s.held !== null ? s.held : s.opened, rssBytes: s.rssBytes })),
        fit: l.fit && !unmeasured ? { bytesPerConn: l.fit.bytesPerConn, baseBytes: l.fit.baseBytes, r2: l.fit.r2 } : null,
        kernelBytesPerConn: l.kernelFit?.bytesPerConn ?? null,
        maxHeld: helds.length > 0 ? Math.max(...helds) : null,
        maxOpened: Math.max(0, ...l.steps.map((s) => s.opened)),
        closedByProxy: l.closedByProxy,
        status: l.status,
        note,
        unmeasured,
      };
    }),
  );
}

export interface MemoryAggregate {
  variant: string;
  ladder: string;
  kind: LadderKind;
  repetitions: number;
  /** Over the repetitions that produced a fit. */
  bytesPerConn: Spread | undefined;
  r2: Spread | undefined;
  baseBytes: Spread | undefined;
  /** Over the repetitions with a kernel fit (containers); undefined where none had one. */
  kernelBytesPerConn: Spread | undefined;
  maxHeld: number | null;
  maxOpened: number;
  closedByProxy: boolean;
  /** Distinct notes of its repetitions. */
  notes: string[];
  /** Distinct reasons its repetitions gave no figure although steps were measured. */
  unmeasured: string[];
}

/** Per variant × ladder, the median and spread over repetitions (ladder order first, then variant order of the run). */
export function aggregateMemory(series: readonly MemorySeries[]): MemoryAggregate[] {
  const groups = new Map<string, MemorySeries[]>();
  const ladders = [...new Set(series.map((s) => s.ladder))];
  for (const ladder of ladders) {
    for (const s of series.filter((x) => x.ladder === ladder)) {
      const key = `${ladder}\u0000${s.variant}`;
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
  }
  return [...groups.values()].map((g) => {
    const fitted = g.filter((s) => s.fit !== null).map((s) => s.fit!);
    const helds = g.map((s) => s.maxHeld).filter((h): h is number => h !== null);
    return {
      variant: g[0]!.variant,
      ladder: g[0]!.ladder,
      kind: g[0]!.kind,
      repetitions: g.length,
      bytesPerConn: spread(fitted.map((f) => f.bytesPerConn)),
      r2: spread(fitted.map((f) => f.r2)),
      baseBytes: spread(fitted.map((f) => f.baseBytes)),
      kernelBytesPerConn: spread(g.flatMap((s) => (s.kernelBytesPerConn === null ? [] : [s.kernelBytesPerConn]))),
      maxHeld: helds.length > 0 ? Math.max(...helds) : null,
      maxOpened: Math.max(...g.map((s) => s.maxOpened)),
      closedByProxy: g.some((s) => s.closedByProxy),
      notes: [...new Set(g.flatMap((s) => (s.note ? [s.note] : [])))],
      unmeasured: [...new Set(g.flatMap((s) => (s.unmeasured ? [s.unmeasured] : [])))],
    };
  });
}

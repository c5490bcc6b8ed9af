// Pure: the connection ladder's fd cap, its step plan, its fit over the measured steps and the notes a reader needs.
import { fitBytesPerConnection } from './fit.js';
import type { LinearFit } from '../record/ladder.js';
import type { LadderRecord, LadderStepRecord } from '../record/ladder.js';

import { fdReserve } from '../measure/connections/fd-limits.js';

export interface FdBudget {
  /** Soft RLIMIT_NOFILE of the process holding the client side (one fd per connection). */
  clientFdLimit: number | null;
  /** RLIMIT_NOFILE the proxy can reach (one fd per client connection, plus its upstream pool). */
  proxyFdLimit: number | null;
  upstreamPoolSize: number;
}

/** Most connections a step may hold without running either side out of fds; null when neither limit is known. */
export function connectionCap(b: FdBudget): number | null {
  const caps = [
    b.clientFdLimit === null ? null : b.clientFdLimit - fdReserve,
    b.proxyFdLimit === null ? null : b.proxyFdLimit - b.upstreamPoolSize - fdReserve,
  ].filter((c): c is number => c !== null);
  return caps.length === 0 ? null : Math.max(0, Math.min(...caps));
}

export interface PlannedStep {
  requested: number;
  target: number;
  capped: boolean;
}

/** Steps as run: each capped at `cap`; once one is capped, the later ones would repeat it and are left out. */
export function planSteps(steps: readonly number[], cap: number | null): { run: PlannedStep[]; notRun: number[] } {
  const run: PlannedStep[] = [];
  const notRun: number[] = [];
  for (const requested of steps) {
    if (run.some((s) => s.capped)) notRun.push(requested);
    else run.push(cap !== null && requested > cap ? { requested, target: cap, capped: true } : { requested, target: requested, capped: false });
  }
  return { run, notRun };
}

/** RSS resolves whole 4 KiB pages (and allocators reserve memory in chunks): a smaller rise across a ladder is noise. */
export const minMeasurableRiseBytes = 2 * 4096;

/**
 * Pure: why a ladder's steps give no bytes-per-connection figure, or null when they do. Identical RSS at every step
 * would otherwise fit "0 B/conn, R² 1.000"; a falling line is no cost per connection either.
 */
export function unmeasuredReason(steps: readonly Pick<LadderStepRecord, 'rssBytes' | 'held' | 'opened'>[]): string | null {
  if (steps.length < 2) return null;
  const rss = steps.map((s) => s.rssBytes);
  const conns = steps.map((s) => s.held ?? s.opened);
  const rise = Math.max(...rss) - Math.min(...rss);
  const range = `${Math.min(...conns)}–${Math.max(...conns)} connections`;
  if (rise < minMeasurableRiseBytes) {
    return `not measured: RSS moved by ${rise} B over ${range}, under 2 pages (${minMeasurableRiseBytes} B); too few connections to tell bytes per connection (use larger steps; --quick divides them by ten)`;
  }
  const fit = fitBytesPerConnection(steps.map((s, i) => ({ connections: conns[i]!, rssBytes: s.rssBytes })));
  if (fit && fit.bytesPerConn <= 0) return `not measured: RSS did not grow with connections over ${range} (slope ${Math.round(fit.bytesPerConn)} B/conn)`;
  return null;
}

/** The fit over the steps: x = connections held by the proxy where every step measured it, else the client's count. */
export function fitLadder(steps: readonly LadderStepRecord[]): { fit: LinearFit | null; kernelFit: LinearFit | null; fitOn: 'held' | 'opened' } {
  const measured = steps.length > 0 && steps.every((s) => s.held !== null);
  const connections = (s: LadderStepRecord) => (measured ? s.held! : s.opened);
  const fit = unmeasuredReason(steps) ? null : fitBytesPerConnection(steps.map((s) => ({ connections: connections(s), rssBytes: s.rssBytes })));
  const withKernel = steps.length > 0 && steps.every((s) => s.kernelBytes !== null);
  const kernelFit = withKernel ? fitBytesPerConnection(steps.map((s) => ({ connections: connections(s), rssBytes: s.kernelBytes! }))) : null;
  return { fit, kernelFit, fitOn: measured ? 'held' : 'opened' };
}

/** True when at some step the proxy held fewer connections than the client had opened. */
export function closedByProxy(steps: readonly LadderStepRecord[]): boolean {
  return steps.some((s) => s.held !== null && s.held < s.opened);
}

type NoteInput = Pick<LadderRecord, 'steps' | 'capConnections' | 'fdLimits' | 'stepsNotRun' | 'upstreamRequests' | 'client' | 'settle'>;

/** The facts a reader needs besides the figures, one clause each (empty when there is nothing to say). */
export function ladderNotes(r: NoteInput): string[] {
  const notes: string[] = [];
  const unmeasured = unmeasuredReason(r.steps);
  if (unmeasured) notes.push(unmeasured);
  const capped = r.steps.find((s) => s.capped);
  if (capped) {
    notes.push(`step ${capped.requested} capped at ${capped.target} connections by the fd limits (client ${r.fdLimits.client ?? '?'}, proxy ${r.fdLimits.proxy ?? '?'} less its upstream pool)`);
  }
  if (r.stepsNotRun.length > 0) notes.push(`steps not run: ${r.stepsNotRun.join(', ')}`);
  const short = r.steps.filter((s) => s.held !== null && s.held < s.opened);
  if (short.length > 0) {
    const worst = short.reduce((a, b) => (b.opened - b.held! > a.opened - a.held! ? b : a));
    notes.push(`the proxy closed connections it was holding: held ${worst.held} of ${worst.opened} opened at step ${worst.requested}`);
  }
  const unfilled = r.steps.filter((s) => s.opened < s.target);
  if (unfilled.length > 0) notes.push(`could not open every connection: ${unfilled.map((s) => `${s.opened}/${s.target}`).join(', ')}`);
  const unsettled = r.steps.filter((s) => !s.settled).length;
  if (unsettled > 0) notes.push(`${unsettled} of ${r.steps.length} steps did not settle within ${r.settle.maxWaitMs / 1000} s (±${r.settle.tolerancePct}%)`);
  const failures = Object.entries(r.client.errors).filter(([kind]) => kind !== 'closed' || r.client.closedByPeer === 0);
  if (failures.length > 0) notes.push(`client errors: ${failures.map(([kind, n]) => `${kind} ${n}`).join(', ')}`);
  if (r.client.non2xx > 0) notes.push(`${r.client.non2xx} responses were not 2xx`);
  if (r.upstreamRequests !== null && r.upstreamRequests < r.client.responses - r.client.non2xx) {
    notes.push(`only ${r.upstreamRequests} of ${r.client.responses} responses reached the upstream (the proxy answered on its own)`);
  }
  return notes;
}

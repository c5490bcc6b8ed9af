// Runs one cell (a variant × repetition) over a cell session: every phase in order, then the probe sweep; failures become data.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { logTail } from '../runtime/local/process-group.js';
import type { Runtime, RunningUpstream } from '../runtime/runtime.js';
import type { StartOptions } from '../runtime/target.js';
import type { Variant } from '../runtime/variants.js';
import { BenchError, InterruptedError, OutputWriteError, PortTakenError, TargetStartError } from '../shared/errors.js';
import { keepLog, keepVariantLogs } from './keep-logs.js';
import { describeDeath } from './upstream-supervisor.js';
import { formatUs } from '../shared/units.js';
import { errorDetail } from '../shared/worker/wire-error.js';
import { summarizeEncoded } from '../measure/histogram.js';
import type { Probe } from '../scenario/probes/probe-schema.js';
import { isSearchPhase, runSearch } from './run-search.js';
import type { SearchRecord } from '../record/search.js';
import type { ProbeResultRecord } from '../record/probe.js';
import { describeSweep, runProbeSweep, type FreshHealthFn, type ProbeFn } from './run-sweep.js';
import type { TlsListenerInfo } from '../record/tls.js';
import type { Http2ListenerInfo } from '../record/http2.js';
import type { Http2ListenOptions } from '../runtime/http2-settings.js';
import { openCellSession, type CellSession } from './cell-session.js';
import type { LadderRecord } from '../record/ladder.js';
import type { CellRecord, PhaseRecord } from '../record/run.js';
import { describeLadder, isLadderPhase, runLadder, type LadderDeps } from './run-ladder.js';
import type { PhaseEnv } from './run-phase.js';
import { runPhaseAttempts } from './phase-attempts.js';
import type { RetryBudget } from './retry-budget.js';
import { throwIfStopped } from './stop.js';
import type { RunProgressEvent } from './progress.js';

/** What a cell needs: the phase's needs plus a runtime to start the proxy (and the oracle) in and folders for logs. */
export interface CellEnv extends PhaseEnv {
  runtime: Pick<Runtime, 'name' | 'startVariant' | 'startUpstream'>;
  readonly upstream: RunningUpstream;
  /** Scratch folder (rendered configs, proxy output); logs are copied to runDir/logs/. */
  workDir: string;
  runDir: string;
  /** The probe sweep's probes (selected once per run). */
  probes: readonly Probe[];
  /** Seams for tests: the ladder's machine access, the probe runner and its health check (defaults: the real ones). */
  ladderDeps?: LadderDeps;
  runProbe?: ProbeFn;
  freshHealth?: FreshHealthFn;
  /** Structured progress for a live display (src/run/progress.ts); the log lines say the same in words. */
  progress?: (event: RunProgressEvent) => void;
  /** The proxies' HTTP/2 (cells with h2 / h2c traffic or attacks): h2 by ALPN on the TLS listener, an h2c port. */
  http2?: Http2ListenOptions | undefined;
}

/** How long an interrupted cell waits for its proxy to stop before leaving it to the runtime's close(). */
const interruptedStopMs = 500;

export interface CellSpec {
  variant: Variant;
  repetition: number;
  version: string | undefined;
  /** The variant's TLS library version as its availability check read it. */
  tlsLibraryVersion?: string | undefined;
}

/** `budget`: the run's retries of phases invalid for a generator-side reason, shared by all its cells. */
export async function runCell(env: CellEnv, cell: CellSpec, budget: RetryBudget): Promise<CellRecord> {
  const name = cell.variant.manifest.name;
  const label = `${name} #${cell.repetition}`;
  const startedAt = new Date().toISOString();
  const cellStartMs = env.nowMs();
  const phases: PhaseRecord[] = [];
  const ladders: LadderRecord[] = [];
  const searches: SearchRecord[] = [];
  let probes: ProbeResultRecord[] | undefined;
  let tlsInfo: TlsListenerInfo | undefined;
  let http2Info: Http2ListenerInfo | undefined;
  const finish = (status: CellRecord['status'], failure: CellRecord['failure']): CellRecord => ({
    variant: name, repetition: cell.repetition, status, startedAt, endedAt: new Date().toISOString(), failure, phases,
    ...(ladders.length > 0 ? { ladders } : {}),
    ...(searches.length > 0 ? { searches } : {}),
    ...(probes ? { probes } : {}),
    ...(tlsInfo ? { tls: tlsInfo } : {}),
    ...(http2Info ? { http2: http2Info } : {}),
    ...processEvents(phases),
    timeseries: Object.fromEntries(['proxy', 'upstream', 'generator'].map((role) => [role, env.sampler.series(role, cellStartMs)])),
  });
  try {
    const replaced = await env.upstreamSupervisor.ensureAlive();
    if (replaced) env.log(`  ${describeDeath(replaced)}; restarted it for ${label}`);
  } catch (error) {
    if (!(error instanceof BenchError) || error instanceof PortTakenError) throw error;
    const message = `${describeDeath(env.upstreamSupervisor.death()!)}, and it could not be restarted: ${error.message}`;
    env.log(`  ${label} failed: ${message}`);
    return finish('failed', { message, exit: null, logFile: null, logTail: '' });
  }
  const options = startOptions(env, cell);
  const outputLog = join(options.dir, 'output.log');
  let session: CellSession;
  try {
    session = await openCellSession(env, { variant: cell.variant, options, version: cell.version, label });
  } catch (error) {
    if (error instanceof InterruptedError) return finish('interrupted', { message: error.message, exit: null, logFile: null, logTail: '' });
    if (!(error instanceof BenchError) || error instanceof PortTakenError) throw error; // another run holds the port: every later cell would fail too
    env.log(`  ${label}: did not start: ${error.message}`);
    const logFile = keepLog(env.runDir, outputLog, name, cell.repetition);
    keepVariantLogs(env.runDir, options.dir, outputLog, name, cell.repetition);
    return finish('start-failed', { message: error.message, exit: null, logFile, logTail: error instanceof TargetStartError ? error.logTail : '' });
  }
  tlsInfo = session.target().tls?.info;
  http2Info = session.target().http2?.info;
  const failure = (message: string) => {
    const target = session.target();
    return { message, exit: target.exit() ?? null, logFile: keepLog(env.runDir, target.logFile, name, cell.repetition), logTail: logTail(target.logFile ?? '') };
  };
  try {
    for (const [index, phase] of env.scenario.phases.entries()) {
      throwIfStopped(env.signal);
      env.progress?.({ kind: 'phase-start', variant: name, repetition: cell.repetition, phase: phase.name, warmup: phase.warmup, plannedMs: phase.duration });
      if (isLadderPhase(phase)) {
        // A ladder needs a fresh proxy: memory freed by earlier phases would be reused by its connections.
        if (index > 0 && session.target().resources !== undefined) await session.restart(`ladder ${phase.name} needs a fresh proxy`);
        const ladder = await runLadder(env, session.target(), phase, env.ladderDeps);
        ladders.push(ladder);
        env.log(`  ${label} ladder ${phase.name}: ${describeLadder(ladder)}`);
      } else if (isSearchPhase(phase)) {
        const search = await runSearch(env, session.target(), phase);
        searches.push(search);
        env.log(`  ${label} search ${phase.name}: rate at SLO ${search.result.text} after ${search.steps.length} steps`);
      } else {
        const slot = phases.length;
        const record = await runPhaseAttempts({ env, target: () => session.target(), budget, label, keep: (kept) => void (phases[slot] = kept) }, phase);
        env.log(`  ${label} ${phase.warmup ? 'warm-up ' : ''}${phase.name}${(record.attempt ?? 1) > 1 ? ` (attempt ${record.attempt})` : ''}: ${describePhase(record)}`);
      }
      const death = env.upstreamSupervisor.death();
      if (death) {
        const message = `${describeDeath(death)} during phase ${phase.name}; the cell stopped (the next cell restarts it)`;
        env.log(`  ${label}: ${message}`);
        return finish('failed', failure(message));
      }
      const exit = session.target().exit();
      if (exit) {
        const message = `${name} exited during phase ${phase.name} (code ${exit.code}, signal ${exit.signal})`;
        env.log(`  ${message}; going on with the next cell`);
        return finish('crashed', failure(message));
      }
    }
    const sweep = env.scenario.probes;
    if (sweep && (cell.repetition === 1 || sweep.everyRepetition)) {
      throwIfStopped(env.signal);
      env.progress?.({ kind: 'phase-start', variant: name, repetition: cell.repetition, phase: 'probe sweep', warmup: false, plannedMs: 0 });
      const seams = { ...(env.runProbe ? { probe: env.runProbe } : {}), ...(env.freshHealth ? { freshHealth: env.freshHealth } : {}) };
      probes = await runProbeSweep({ env, sweep, session, probes: env.probes, label: `${name}-r${cell.repetition}`, ...seams });
      env.log(`  ${label} probes: ${describeSweep(probes)}`);
    }
    return finish('ok', null);
  } catch (error) {
    if (error instanceof InterruptedError) return finish('interrupted', { message: error.message, exit: null, logFile: null, logTail: '' });
    if (!(error instanceof BenchError)) throw error; // a bug: it surfaces as an internal error, not as a failed cell
    if (error instanceof OutputWriteError || error instanceof PortTakenError) throw error; // the run folder cannot take more, or another run holds a port: the run stops
    const message = errorDetail(error); // a worker's ConfigError keeps its problems, any error its fix
    env.log(`  ${label} failed: ${message}`);
    return finish('failed', failure(message));
  } finally {
    // Stopped by a signal: the proxy gets no grace beyond a moment (the runtime's close() kills whatever is left).
    await (env.signal.aborted ? Promise.race([session.stop(), sleep(interruptedStopMs, undefined, { ref: false })]) : session.stop());
    keepLog(env.runDir, session.target().logFile, name, cell.repetition);
    keepVariantLogs(env.runDir, options.dir, session.target().logFile, name, cell.repetition);
  }
}

function startOptions(env: CellEnv, cell: CellSpec): StartOptions {
  const s = env.scenario;
  return {
    dir: join(env.workDir, `${cell.variant.manifest.name}-r${cell.repetition}`),
    listenHost: '127.0.0.1',
    listenPort: s.ports.proxy,
    upstream: env.upstream.address,
    cpus: s.cpus.proxy,
    workers: s.proxy.workers,
    upstreamPoolSize: s.proxy.upstreamPoolSize,
    healthDeadlineMs: 15_000,
    ...(env.tls ? { tls: env.tls, upstreamTls: env.upstream.tls } : {}),
    ...(env.http2 ? { http2: env.http2 } : {}),
    ...(cell.tlsLibraryVersion === undefined ? {} : { tlsLibraryVersion: cell.tlsLibraryVersion }),
    ...(env.identity ? { identity: env.identity } : {}),
  };
}

function describePhase(p: PhaseRecord): string {
  const l = summarizeEncoded(p.traffic.latencyUs);
  const figures = `${p.traffic.achievedRatePerSec.toFixed(0)} rps, p50 ${formatUs(l.p50Us)}, p99 ${formatUs(l.p99Us)}, p99.9 ${formatUs(l.p999Us)}`;
  if (!p.validity.valid) return `INVALID (${p.validity.reasons.join('; ')}) [${figures}]`;
  return p.saturation ? `${figures} — ${p.saturation.note}` : figures;
}

/** What happened inside the proxy's process tree, phase by phase (a worker that died, one its master respawned). */
function processEvents(phases: readonly PhaseRecord[]): { processEvents?: string[] } {
  const events = phases.flatMap((p) => (p.proxyTree ? [`phase ${p.name}: pid ${p.proxyTree.ended.join(', ') || '–'} ended, pid ${p.proxyTree.appeared.join(', ') || '–'} appeared`] : []));
  return events.length > 0 ? { processEvents: events } : {};
}

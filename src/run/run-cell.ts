// Runs one cell (a variant × repetition): starts the variant, runs every phase in order, records a crash, stops it.
import { join } from 'node:path';
import { logTail } from '../runtime/local/process-group.js';
import type { RunningTarget } from '../runtime/target.js';
import type { Variant } from '../runtime/variants.js';
import { BenchError, InterruptedError, OutputWriteError, PortTakenError, TargetStartError } from '../shared/errors.js';
import { formatUs } from '../shared/units.js';
import { errorDetail } from '../shared/worker/wire-error.js';
import { summarizeEncoded } from '../measure/histogram.js';
import type { RunContext } from './context.js';
import type { CellRecord, PhaseRecord } from '../record/run.js';
import { runPhase } from './run-phase.js';
import { keepLog, keepVariantLogs } from './keep-logs.js';
import { describeDeath } from './upstream-supervisor.js';
import type { LadderRecord } from '../record/ladder.js';
import { describeLadder, isLadderPhase, restartForLadder, runLadder } from './run-ladder.js';
import { isSearchPhase, runSearch } from './run-search.js';
import type { SearchRecord } from '../record/search.js';
import type { StartOptions } from '../runtime/target.js';
import type { ProbeResultRecord } from '../record/probe.js';
import type { TlsListenerInfo } from '../record/tls.js';
import { describeSweep, runProbeSweep } from './run-sweep.js';

export async function runCell(ctx: RunContext, variant: Variant, repetition: number, version: string | undefined): Promise<CellRecord> {
  const name = variant.manifest.name;
  const startedAt = new Date().toISOString();
  const cellStartMs = ctx.nowMs();
  const phases: PhaseRecord[] = [];
  const ladders: LadderRecord[] = [];
  const searches: SearchRecord[] = [];
  let probes: ProbeResultRecord[] | undefined;
  let tlsInfo: TlsListenerInfo | undefined;
  const finish = (status: CellRecord['status'], failure: CellRecord['failure']): CellRecord => ({
    variant: name,
    repetition,
    status,
    startedAt,
    endedAt: new Date().toISOString(),
    failure,
    phases,
    ...(ladders.length > 0 ? { ladders } : {}),
    ...(searches.length > 0 ? { searches } : {}),
    ...(probes ? { probes } : {}),
    ...(tlsInfo ? { tls: tlsInfo } : {}),
    ...processEvents(phases),
    timeseries: Object.fromEntries(['proxy', 'upstream', 'generator'].map((role) => [role, ctx.sampler.series(role, cellStartMs)])),
  });
  try {
    const replaced = await ctx.upstreamSupervisor.ensureAlive();
    if (replaced) ctx.log(`  ${describeDeath(replaced)}; restarted it for ${name} #${repetition}`);
  } catch (error) {
    if (!(error instanceof BenchError) || error instanceof PortTakenError) throw error;
    const message = `${describeDeath(ctx.upstreamSupervisor.death()!)}, and it could not be restarted: ${error.message}`;
    ctx.log(`  ${name} #${repetition} failed: ${message}`);
    return finish('failed', { message, exit: null, logFile: null, logTail: '' });
  }
  let target: RunningTarget;
  try {
    target = await ctx.runtime.startVariant(variant, startOptions(ctx, name, repetition), version);
  } catch (error) {
    if (!(error instanceof BenchError) || error instanceof PortTakenError) throw error; // another run holds the port: every later cell would fail too
    ctx.log(`  ${name} #${repetition}: did not start: ${error.message}`);
    const logTailText = error instanceof TargetStartError ? error.logTail : '';
    const logFile = keepLog(ctx.runDir, join(startOptions(ctx, name, repetition).dir, 'output.log'), name, repetition);
    keepVariantLogs(ctx.runDir, startOptions(ctx, name, repetition).dir, join(startOptions(ctx, name, repetition).dir, 'output.log'), name, repetition);
    return finish('start-failed', { message: error.message, exit: null, logFile, logTail: logTailText });
  }
  tlsInfo = target.tls?.info;
  if (target.resources) ctx.sampler.watch('proxy', target.resources);
  try {
    for (const [index, phase] of ctx.scenario.phases.entries()) {
      if (isLadderPhase(phase)) {
        // A ladder needs a fresh proxy: memory freed by earlier phases would be reused by its connections.
        if (index > 0) target = await restartForLadder(ctx, target, () => ctx.runtime.startVariant(variant, startOptions(ctx, name, repetition), version));
        const ladder = await runLadder(ctx, target, phase);
        ladders.push(ladder);
        ctx.log(`  ${name} #${repetition} ladder ${phase.name}: ${describeLadder(ladder)}`);
      } else if (isSearchPhase(phase)) {
        const search = await runSearch(ctx, target, phase);
        searches.push(search);
        ctx.log(`  ${name} #${repetition} search ${phase.name}: rate at SLO ${search.result.text} after ${search.steps.length} steps`);
      } else {
        const record = await runPhase(ctx, target, phase);
        phases.push(record);
        ctx.log(`  ${name} #${repetition} ${phase.warmup ? 'warm-up ' : ''}${phase.name}: ${describePhase(record)}`);
      }
      const death = ctx.upstreamSupervisor.death();
      if (death) {
        const message = `${describeDeath(death)} during phase ${phase.name}; the cell stopped (the next cell restarts it)`;
        ctx.log(`  ${name} #${repetition}: ${message}`);
        return finish('failed', { message, exit: null, logFile: keepLog(ctx.runDir, target.logFile, name, repetition), logTail: logTail(target.logFile ?? '') });
      }
      const exit = target.exit();
      if (exit) {
        const message = `${name} exited during phase ${phase.name} (code ${exit.code}, signal ${exit.signal})`;
        ctx.log(`  ${message}; going on with the next cell`);
        return finish('crashed', { message, exit, logFile: keepLog(ctx.runDir, target.logFile, name, repetition), logTail: logTail(target.logFile ?? '') });
      }
    }
    if (ctx.scenario.probes && (repetition === 1 || ctx.scenario.probes.everyRepetition)) {
      // The probe sweep restarts the proxy in front of the oracle upstream; `target` is then that proxy.
      const start = (o: Pick<StartOptions, 'upstream' | 'upstreamPoolSize'>) => ctx.runtime.startVariant(variant, { ...startOptions(ctx, name, repetition), ...o }, version);
      const sweep = await runProbeSweep({ ctx, sweep: ctx.scenario.probes, current: target, start: async (o) => (target = await start(o)), label: `${name}-r${repetition}` });
      probes = sweep.results;
      ctx.log(`  ${name} #${repetition} probes: ${describeSweep(probes)}`);
    }
    return finish('ok', null);
  } catch (error) {
    if (error instanceof InterruptedError) return finish('interrupted', { message: error.message, exit: null, logFile: null, logTail: '' });
    if (error instanceof OutputWriteError || error instanceof PortTakenError) throw error; // the run folder cannot take more, or another run holds a port: the run stops
    const message = errorDetail(error); // a worker's ConfigError keeps its problems, any error its fix
    ctx.log(`  ${name} #${repetition} failed: ${message}`);
    return finish('failed', { message, exit: target.exit() ?? null, logFile: keepLog(ctx.runDir, target.logFile, name, repetition), logTail: logTail(target.logFile ?? '') });
  } finally {
    ctx.sampler.unwatch('proxy');
    await target.stop();
    keepLog(ctx.runDir, target.logFile, name, repetition);
    keepVariantLogs(ctx.runDir, startOptions(ctx, name, repetition).dir, target.logFile, name, repetition);
  }
}

function startOptions(ctx: RunContext, name: string, repetition: number) {
  const s = ctx.scenario;
  return {
    dir: join(ctx.workDir, `${name}-r${repetition}`),
    listenHost: '127.0.0.1',
    listenPort: s.ports.proxy,
    upstream: ctx.upstream.address,
    cpus: s.cpus.proxy,
    workers: s.proxy.workers,
    upstreamPoolSize: s.proxy.upstreamPoolSize,
    healthDeadlineMs: 15_000,
    ...(ctx.tls ? { tls: ctx.tls, upstreamTls: ctx.upstream.tls } : {}),
    ...tlsLibraryVersion(ctx, name),
    identity: ctx.record.identity,
  };
}

function tlsLibraryVersion(ctx: RunContext, name: string): { tlsLibraryVersion?: string } {
  const version = ctx.record.variants.find((v) => v.name === name)?.tlsLibraryVersion;
  return version === undefined ? {} : { tlsLibraryVersion: version };
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

// Runs one phase of one cell: resets the upstream counters, drives the traffic, reads resources, judges validity.
import { resourceFigures } from '../analyze/resources.js';
import { generatorSideOnly, judgeValidity } from '../analyze/validity.js';
import { procTreesSource } from '../measure/resources/source.js';
import type { RunningTarget } from '../runtime/target.js';
import type { Phase } from '../scenario/schema.js';
import { BenchError } from '../shared/errors.js';
import type { Sampler } from '../measure/resources/sampler.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import type { TrafficSpec } from '../traffic/types.js';
import type { GeneratorSupply } from './generator-supply.js';
import type { PhaseRecord } from '../record/run.js';
import type { StepEnv, UpstreamCounters } from './step-env.js';
import { stopWith, throwIfStopped } from './stop.js';
import { describeDeath, type UpstreamSupervisor } from './upstream-supervisor.js';
import { startPhaseAttack, underAttackValidity } from './attack-phase.js';

/** What a phase needs besides its target: the upstream's counters, the generator and the sampler. */
export interface PhaseEnv extends StepEnv {
  /** The run's upstream as it is now (restarted between cells after it died). */
  readonly upstream: UpstreamCounters;
  /** When the upstream died, and its restart before a cell. */
  upstreamSupervisor: UpstreamSupervisor;
  generator: GeneratorSupply;
  sampler: Sampler;
  /** The proxies' TLS listener (cells with TLS phases): its port, version and the run's certificate. */
  tls: TlsListenOptions | undefined;
  /** Seam for tests: starts a phase's attack (default: the attacker process, startPhaseAttack). */
  startAttack?: typeof startPhaseAttack;
}

export function trafficSpecFor(phase: Phase, target: RunningTarget, ctx: Pick<PhaseEnv, 'scenario' | 'tls'>): TrafficSpec {
  const s = ctx.scenario;
  if (phase.traffic.loop === 'ladder') throw new BenchError('LADDER_PHASE', `phase ${phase.name} is a connection ladder: run it with runLadder (src/run/run-ladder.ts)`);
  if (phase.traffic.loop === 'search') throw new BenchError('SEARCH_PHASE', `phase ${phase.name} is a rate search: run it with runSearch (src/run/run-search.ts)`);
  const r = phase.traffic.request ?? s.request;
  const request = { method: r.method, path: r.path, headers: r.headers, bodyBytes: r.body ?? 0 };
  const http2 = phase.protocol === 'h2' || phase.protocol === 'h2c' ? { http2: { protocol: phase.protocol, streamsPerConnection: phase.traffic.streams ?? defaultH2Streams } } : {};
  const common = { ...phaseTransport(phase, target, ctx), request, durationMs: phase.duration, timeoutMs: s.requestTimeout, ...http2 };
  return phase.traffic.loop === 'closed'
    ? { kind: 'closed', ...common, connections: phase.traffic.connections }
    : { kind: 'open', ...common, ratePerSec: phase.traffic.rate, maxConnections: phase.traffic.connections };
}

/** Concurrent streams per connection of an HTTP/2 phase that names none. */
export const defaultH2Streams = 10;

/** Where a phase's traffic goes and how: the TLS listener with the phase's declared mode, else the plaintext one. */
function phaseTransport(phase: Phase, target: RunningTarget, ctx: Pick<PhaseEnv, 'tls'>): Pick<TrafficSpec, 'target' | 'transport'> {
  if (phase.protocol === 'h2c') {
    if (target.h2c === undefined) throw new BenchError('NO_H2C_LISTENER', `phase ${phase.name} is h2c but ${target.variant} was started without an h2c listener`);
    return { target: target.h2c.address };
  }
  if (phase.protocol === 'h2' && phase.tls === undefined) {
    // HTTP/2 by ALPN on the TLS listener: a keepalive TLS phase of the scenario's version and key.
    if (target.tls === undefined || ctx.tls === undefined) throw new BenchError('NO_TLS_LISTENER', `phase ${phase.name} is h2 (over TLS) but ${target.variant} was started without a TLS listener`);
    return { target: target.tls.address, transport: { kind: 'tls', mode: 'keepalive', version: ctx.tls.version, keyType: ctx.tls.material.keyType, requestsPerConnection: 1, caPem: ctx.tls.material.caPem, alpn: ['h2', 'http/1.1'] } };
  }
  if (phase.tls === undefined) return { target: target.address };
  if (target.tls === undefined || ctx.tls === undefined) {
    throw new BenchError('NO_TLS_LISTENER', `phase ${phase.name} runs over TLS but ${target.variant} was started without a TLS listener`);
  }
  const { mode, version, key, requestsPerConnection } = phase.tls;
  const alpn = phase.protocol === 'h2' ? { alpn: ['h2', 'http/1.1'] } : {};
  return { target: target.tls.address, transport: { kind: 'tls', mode, version, keyType: key, requestsPerConnection, caPem: ctx.tls.material.caPem, ...alpn } };
}

/** Pids that left and joined the proxy's process tree between two reads; undefined when unchanged or unknown. */
export function treeChange(before: readonly number[] | undefined, after: readonly number[] | undefined): { ended: number[]; appeared: number[] } | undefined {
  if (!before || !after) return undefined;
  const ended = before.filter((pid) => !after.includes(pid));
  const appeared = after.filter((pid) => !before.includes(pid));
  return ended.length === 0 && appeared.length === 0 ? undefined : { ended, appeared };
}

export async function runPhase(ctx: PhaseEnv, target: RunningTarget, phase: Phase): Promise<PhaseRecord> {
  const generator = await ctx.generator.get();
  await ctx.upstream.resetStats();
  ctx.sampler.watch('generator', procTreesSource(generator.pids));
  const spec = trafficSpecFor(phase, target, ctx);
  const treeBefore = target.treePids?.();
  const startMs = ctx.nowMs();
  ctx.sampler.sampleNow();
  let attack: Awaited<ReturnType<typeof startPhaseAttack>> | undefined;
  // A stop kills the generator (its pending run rejects) and the attacker, whose timer and process would outlive the phase.
  const stopAll = () => (attack?.abort(), generator.stop());
  const traffic = await stopWith(ctx.signal, stopAll, async () => {
    try {
      attack = phase.attack ? await (ctx.startAttack ?? startPhaseAttack)(ctx.scenario, target, phase, ctx.tls) : undefined;
      throwIfStopped(ctx.signal);
      return await generator.run(spec);
    } catch (error) {
      attack?.abort();
      throwIfStopped(ctx.signal);
      throw error;
    }
  });
  const attackRecord = attack ? await attack.finish(traffic) : undefined;
  ctx.sampler.sampleNow();
  const endMs = ctx.nowMs();
  const treeAfter = target.treePids?.();
  let statsError: string | undefined;
  const upstreamStats = await ctx.upstream.stats().catch((error: unknown) => {
    statsError = error instanceof Error ? error.message : String(error);
    return null;
  });
  const window = (role: string) => ctx.sampler.series(role, startMs).filter((p) => p.tMs <= endMs);
  // Cores over the part of the window the traffic ran in (not the generator's start-up nor the drain).
  const active = { startedAtMs: traffic.startedAtMs, endedAtMs: traffic.endedAtMs };
  const resources = {
    proxy: target.resources === undefined ? null : resourceFigures(window('proxy'), traffic.requests, active),
    upstream: resourceFigures(window('upstream'), traffic.requests, active),
    generator: resourceFigures(window('generator'), traffic.requests, active),
  };
  const validity = judgeValidity({
    traffic,
    maxConnections: spec.kind === 'open' ? spec.maxConnections : spec.connections,
    generator: resources.generator,
    // Under attack, a missed rate or answers from the proxy itself are the attack's effect, not a broken measurement.
    upstreamRequests: phase.attack ? null : (upstreamStats?.requests ?? null),
    rules: phase.attack ? underAttackValidity(ctx.scenario.validity) : ctx.scenario.validity,
  });
  const exit = target.exit();
  if (exit) validity.reasons.push(`the proxy exited during the phase (code ${exit.code}, signal ${exit.signal})`);
  const death = ctx.upstreamSupervisor.death();
  if (death) validity.reasons.push(`${describeDeath(death, startMs)}: responses after it are the proxy's own errors, not a measurement`);
  else if (upstreamStats === null) {
    // A check that cannot be made makes the phase invalid: never silently valid.
    validity.reasons.push(`the upstream's counters could not be read (${statsError ?? 'no answer'}): whether the responses reached the upstream cannot be checked`);
  }
  const proxyTree = treeChange(treeBefore, treeAfter);
  if (proxyTree && proxyTree.ended.length > 0) {
    validity.reasons.push(`a process of the proxy's tree ended during the phase (pid ${proxyTree.ended.join(', ')})${proxyTree.appeared.length > 0 ? ` and pid ${proxyTree.appeared.join(', ')} appeared (respawned by its master)` : ''}`);
  }
  return {
    name: phase.name,
    warmup: phase.warmup,
    trafficClass: 'benign',
    loop: spec.kind,
    connections: spec.kind === 'open' ? spec.maxConnections : spec.connections,
    targetRatePerSec: spec.kind === 'open' ? spec.ratePerSec : null,
    durationMs: phase.duration,
    startMs,
    endMs,
    traffic,
    upstream: upstreamStats ? { requests: upstreamStats.requests, connectionsOpened: upstreamStats.connectionsOpened } : null,
    resources,
    validity: {
      valid: validity.reasons.length === 0,
      reasons: validity.reasons,
      ...(generatorSideOnly(validity.reasons, validity.generatorReasons) ? { generatorSide: true } : {}),
    },
    ...(proxyTree ? { proxyTree } : {}),
    ...(validity.saturation && validity.reasons.length === 0 && !phase.attack ? { saturation: validity.saturation } : {}),
    ...(attackRecord ? { attack: attackRecord.params.h2 ? { ...attackRecord, upstreamAttackRequests: upstreamStats?.attackRequests ?? null } : attackRecord } : {}),
  };
}

// Runs one connection-ladder phase against a started target: hold N connections per step, let RSS settle, read it, fit.
import { setTimeout as sleep } from 'node:timers/promises';
import { closedByProxy, connectionCap, fitLadder, ladderNotes, planSteps, type PlannedStep } from '../analyze/ladder.js';
import { judgeSettle, type SettleVerdict } from '../analyze/settle.js';
import { readFdLimits } from '../measure/connections/fd-limits.js';
import { readPortConnections, type PortConnections } from '../measure/connections/tcp-table.js';
import { procTreeSource, type ResourceSource } from '../measure/resources/source.js';
import type { RunningTarget } from '../runtime/target.js';
import { resolveLadder, type LadderTraffic, type ResolvedLadder } from '../scenario/ladder-schema.js';
import type { Phase } from '../scenario/schema.js';
import { BenchError } from '../shared/errors.js';
import { startLadderWorker, type LadderWorker } from '../traffic/ladder/client.js';
import type { HolderSpec } from '../traffic/ladder/protocol.js';
import { buildH2RequestFrames } from '../traffic/open-loop-h2/request.js';
import type { TargetAddress } from '../traffic/types.js';
import { buildRequestBytes } from '../traffic/request.js';
import type { LadderRecord, LadderStepRecord } from '../record/ladder.js';
import type { StepEnv, UpstreamCounters } from './step-env.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import { stopWith, throwIfStopped, untilStopped } from './stop.js';

/** What a ladder needs besides its target: the upstream's counters. */
export interface LadderEnv extends StepEnv {
  upstream: UpstreamCounters;
  /** The proxies' TLS listener (a ladder over TLS): the run's certificate and version. */
  tls: TlsListenOptions | undefined;
}

export type LadderPhase = Phase & { traffic: LadderTraffic };

export const isLadderPhase = (phase: Phase): phase is LadderPhase => phase.traffic.loop === 'ladder';

/** What the ladder needs from the machine; the defaults read this one (tests and other runtimes may pass their own). */
export interface LadderDeps {
  startWorker: (cpus: string) => Promise<LadderWorker>;
  /** The proxy's side of its connections on its listen port (local: /proc/net/tcp{,6} of this namespace). */
  countConnections: (port: number) => PortConnections | undefined;
  /** The RLIMIT_NOFILE the proxy can raise itself to (local proxies inherit the runner's hard limit). */
  proxyFdLimit: () => number | null;
}

const defaultDeps: LadderDeps = {
  startWorker: (cpus) => startLadderWorker({ cpus }),
  countConnections: (port) => readPortConnections(port),
  proxyFdLimit: () => readFdLimits('self')?.hard ?? null,
};

/** Connections opened and closed before step 0, so one-time start-up work (first upstream connection, lazy buffers) is in the base. */
const warmConnections = 16;
/** Connections opened at once. Few: each in-flight exchange allocates transient buffers, and a higher peak of them
 * leaves a higher, more variable heap high-water mark in RSS (64 at once moved nginx's slope by ±10% between runs). */
const openConcurrency = 8;

/** The upstream answers /__pb/bytes/N with N body bytes (and counts it as a request). */
export const sizedResponsePath = (bytes: number) => `/__pb/bytes/${bytes}`;

export async function runLadder(ctx: LadderEnv, target: RunningTarget, phase: LadderPhase, deps: LadderDeps = defaultDeps): Promise<LadderRecord> {
  const plan = resolveLadder(phase.traffic, ctx.scenario.upstream.responseBody);
  const startMs = ctx.nowMs();
  const record: LadderRecord = {
    name: phase.name, kind: plan.kind, status: 'ok', note: null,
    requestBodyBytes: plan.requestBodyBytes, responseBodyBytes: plan.responseBodyBytes, activeIntervalMs: plan.activeIntervalMs,
    settle: plan.settle, fdLimits: { client: null, proxy: deps.proxyFdLimit() }, capConnections: null, stepsNotRun: [], steps: [],
    fit: null, kernelFit: null, fitOn: 'held', closedByProxy: false, upstreamRequests: null,
    client: { responses: 0, non2xx: 0, errors: {}, closedByPeer: 0 }, startMs, endMs: startMs,
    ...(phase.tls ? { tls: { version: phase.tls.version, keyType: phase.tls.key } } : {}),
    ...(phase.protocol === 'h2' && !phase.tls && ctx.tls ? { tls: { version: ctx.tls.version, keyType: ctx.tls.material.keyType } } : {}),
    ...(phase.protocol === 'h2' || phase.protocol === 'h2c' ? { protocol: phase.protocol } : {}),
  };
  if (target.resources === undefined) {
    return { ...record, status: 'skipped', note: `${target.variant} runs no proxy process: nothing to measure (a ladder against direct would measure the upstream)`, stepsNotRun: plan.steps };
  }
  const worker = await untilStopped(ctx.signal, () => deps.startWorker(ctx.scenario.cpus.generator), (late) => late.stop());
  try {
    // A stop ends a step in progress at once: the worker's pending call rejects.
    await stopWith(ctx.signal, () => worker.stop(), () => measureLadder(ctx, target, phase, plan, record, worker, deps));
  } catch (error) {
    throwIfStopped(ctx.signal);
    record.status = 'failed';
    record.note = error instanceof Error ? error.message : String(error);
  } finally {
    await worker.stop();
  }
  throwIfStopped(ctx.signal);
  record.endMs = ctx.nowMs();
  Object.assign(record, fitLadder(record.steps), { closedByProxy: closedByProxy(record.steps) });
  const notes = [...(record.note ? [record.note] : []), ...ladderNotes(record)];
  record.note = notes.length > 0 ? notes.join('; ') : null;
  if (record.status === 'ok' && (record.stepsNotRun.length > 0 || record.steps.some((s) => s.capped))) record.status = 'incomplete';
  return record;
}

async function measureLadder(
  ctx: LadderEnv, target: RunningTarget, phase: LadderPhase, plan: ResolvedLadder, record: LadderRecord, worker: LadderWorker, deps: LadderDeps,
): Promise<void> {
  const initial = await worker.init(holderSpec(ctx, target, plan, phase));
  record.fdLimits.client = initial.fdLimit;
  record.capConnections = connectionCap({ clientFdLimit: initial.fdLimit, proxyFdLimit: record.fdLimits.proxy, upstreamPoolSize: ctx.scenario.proxy.upstreamPoolSize });
  const { run, notRun } = planSteps(plan.steps, record.capConnections);
  record.stepsNotRun = notRun;
  await worker.open(warmConnections, 10_000);
  const warm = await worker.close();
  await ctx.upstream.resetStats();
  const deadline = record.startMs + phase.duration;
  const clientSource = procTreeSource(worker.pid);
  for (const [i, step] of run.entries()) {
    throwIfStopped(ctx.signal);
    if (ctx.nowMs() >= deadline || target.exit()) {
      record.stepsNotRun.unshift(...run.slice(i).map((s) => s.requested));
      record.note = target.exit() ? `the proxy exited during the ladder (code ${target.exit()!.code}, signal ${target.exit()!.signal})` : `time limit (duration ${phase.duration / 1000} s) reached`;
      break;
    }
    record.steps.push(await runStep(ctx, target, ladderAddress(target, phase), step, plan, worker, clientSource, deps, Math.max(1000, deadline - ctx.nowMs())));
  }
  const final = await worker.close();
  const errors = Object.fromEntries(Object.entries(final.errors).map(([kind, n]) => [kind, n - (warm.errors[kind] ?? 0)]).filter(([, n]) => Number(n) > 0));
  record.client = { responses: final.responses - warm.responses, non2xx: final.non2xx - warm.non2xx, errors, closedByPeer: final.closedByPeer - warm.closedByPeer };
  record.upstreamRequests = (await ctx.upstream.stats().catch(() => null))?.requests ?? null;
}

/** Where a ladder's connections go: the TLS listener for a ladder over TLS (phase `tls`), else the plaintext one. */
function ladderAddress(target: RunningTarget, phase: LadderPhase): TargetAddress {
  if (phase.protocol === 'h2c') {
    if (target.h2c === undefined) throw new BenchError('NO_H2C_LISTENER', `ladder ${phase.name} is h2c but ${target.variant} was started without an h2c listener`);
    return target.h2c.address;
  }
  if (phase.tls === undefined && phase.protocol !== 'h2') return target.address;
  if (target.tls === undefined) throw new BenchError('NO_TLS_LISTENER', `ladder ${phase.name} runs over TLS but ${target.variant} was started without a TLS listener`);
  return target.tls.address;
}

function holderSpec(ctx: LadderEnv, target: RunningTarget, plan: ResolvedLadder, phase: LadderPhase): HolderSpec {
  const durationMs = phase.duration;
  const request = plan.requestBodyBytes > 0
    ? { method: 'POST' as const, path: sizedResponsePath(plan.responseBodyBytes), bodyBytes: plan.requestBodyBytes }
    : { method: 'GET' as const, path: sizedResponsePath(plan.responseBodyBytes) };
  const address = ladderAddress(target, phase);
  const h2 = phase.protocol === 'h2' || phase.protocol === 'h2c' ? buildH2RequestFrames(address, request, phase.protocol === 'h2' ? 'https' : 'http') : undefined;
  return {
    target: address,
    requestBase64: (h2?.frames ?? buildRequestBytes(address, request)).toString('base64'),
    ...(h2 ? { http2: { protocol: phase.protocol as 'h2' | 'h2c', streamIdOffsets: h2.streamIdOffsets } } : {}),
    ...((phase.tls || phase.protocol === 'h2') && ctx.tls ? { transport: { kind: 'tls' as const, mode: 'keepalive' as const, version: ctx.tls.version, caPem: ctx.tls.material.caPem, keyType: ctx.tls.material.keyType, requestsPerConnection: 1 } } : {}),
    activeIntervalMs: plan.activeIntervalMs,
    openConcurrency,
    requestTimeoutMs: ctx.scenario.requestTimeout,
    lifetimeMs: durationMs + 60_000,
  };
}

async function runStep(
  ctx: LadderEnv, target: RunningTarget, address: TargetAddress, step: PlannedStep, plan: ResolvedLadder, worker: LadderWorker,
  clientSource: ResourceSource, deps: LadderDeps, openTimeoutMs: number,
): Promise<LadderStepRecord> {
  const before = await worker.status();
  const opened = await worker.open(step.target, openTimeoutMs);
  const settle = await waitForSettle(ctx, target.resources!, plan);
  const counts = deps.countConnections(address.port);
  const after = await worker.status();
  return {
    requested: step.requested, target: step.target, capped: step.capped,
    opened: opened.open, failed: opened.failed - before.failed,
    held: counts?.established ?? null, closeWait: counts?.closeWait ?? null, clientOpen: after.open,
    rssBytes: Math.round(settle.verdict.rssBytes), kernelBytes: settle.kernelBytes,
    settled: settle.verdict.settled, settleMs: Math.round(settle.elapsedMs), settleSamples: settle.samples,
    settleSpreadPct: Math.round(settle.verdict.spreadPct * 1000) / 1000,
    clientRssBytes: clientSource.read()?.rssBytes ?? null, tMs: Math.round(ctx.nowMs()),
  };
}

/** Reads RSS every settle interval until the settle rule is met or its maximum wait passes. */
async function waitForSettle(ctx: LadderEnv, source: ResourceSource, plan: ResolvedLadder) {
  const rule = plan.settle;
  const startMs = ctx.nowMs();
  const rss: number[] = [];
  let kernelBytes: number | null = null;
  let verdict: SettleVerdict;
  for (;;) {
    const sample = source.read();
    if (sample) {
      rss.push(sample.rssBytes);
      kernelBytes = sample.kernelBytes ?? null;
    }
    verdict = judgeSettle(rss, ctx.nowMs() - startMs, rule);
    if (verdict.done || sample === undefined) break;
    await sleep(rule.intervalMs, undefined, { signal: ctx.signal });
  }
  return { verdict, kernelBytes, samples: rss.length, elapsedMs: ctx.nowMs() - startMs };
}

/** One progress line: the fit and what the reader must know. */
export function describeLadder(l: LadderRecord): string {
  const top = l.steps[l.steps.length - 1];
  const fit = l.fit ? `${Math.round(l.fit.bytesPerConn)} B/conn, R² ${l.fit.r2.toFixed(3)}, base ${(l.fit.baseBytes / 1048576).toFixed(1)} MiB` : 'no fit';
  const held = top ? `, held ${top.held ?? '?'}/${top.opened} at ${top.target}` : '';
  return `${l.status}: ${fit}${held}${l.note ? ` (${l.note})` : ''}`;
}

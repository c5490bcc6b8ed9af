// The probe sweep of one cell: starts the oracle, restarts the proxy in front of it with a pinned pool, runs every probe.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { CellSession } from './cell-session.js';
import type { StepEnv } from './step-env.js';
import { throwIfStopped, untilStopped } from './stop.js';
import type { Runtime } from '../runtime/runtime.js';
import { BenchError } from '../shared/errors.js';
import { formatDurationMs } from '../shared/units.js';
import { loadCatalogue, shippedCatalogue } from '../scenario/probes/load-catalogue.js';
import { selectProbes } from '../scenario/probes/parse-catalogue.js';
import type { Probe, Verdict } from '../scenario/probes/probe-schema.js';
import { createOracleClient } from '../runtime/oracle-client.js';
import type { ProbeResultRecord } from '../record/probe.js';
import { runProbe, type ProbeRunner } from './run-probe.js';
import { adversarialAddress, assertStartedTarget } from '../runtime/adversarial-safety.js';
import { isPositive } from '../analyze/probes/tiers.js';
import { checkFreshHealth, type HealthAnswer } from '../traffic/probes/fresh-health.js';
import type { TargetAddress } from '../traffic/types.js';
import type { ProbeSweep } from '../scenario/adversarial-schema.js';
import type { RunningTarget } from '../runtime/target.js';
import type { H2Target } from '../traffic/transport/h2/raw-client.js';
import type { TlsListenOptions } from '../runtime/tls-listener.js';
import { streamConnector, type StreamConnector } from '../traffic/transport/stream.js';
import { assertAdversarialAddress } from '../traffic/safety.js';

/** What a sweep needs besides the cell's proxy: a runtime to start the oracle in and a scratch folder. */
export interface SweepEnv extends StepEnv {
  workDir: string;
  runtime: Pick<Runtime, 'name' | 'startUpstream'>;
  /**
   * The cell's TLS listener (a scenario with TLS phases, TLS attacks or `probes.tls`): where a sweep over TLS goes; its
   * CA is also what HTTP/2 probes trust on ALPN h2 there.
   */
  tls?: TlsListenOptions | undefined;
}

/** Where a variant takes an HTTP/2 probe: its h2c listener, else ALPN h2 on its TLS listener; undefined when it has neither. */
export function h2ProbeTarget(target: RunningTarget, caPem: string | undefined): H2Target | undefined {
  if (target.h2c) return { kind: 'h2c', address: target.h2c.address };
  if (target.tls && caPem !== undefined) return { kind: 'tls', address: target.tls.address, caPem };
  return undefined;
}

/** Runs one probe against the runner's proxy (runProbe; tests pass their own). */
export type ProbeFn = (probe: Probe, runner: ProbeRunner) => Promise<ProbeResultRecord>;

/** The nonce-proven health check through a proxy (checkFreshHealth; tests pass their own). */
export type FreshHealthFn = (address: TargetAddress, nonce: () => string, tries: number, signal: AbortSignal, identity: string | undefined, connector: StreamConnector) => Promise<HealthAnswer>;

/** How a sweep reaches the proxy: plain TCP to its plaintext listener, or TLS (probes.tls) to its TLS listener. */
export interface SweepTransport {
  connector: StreamConnector;
  /** Where the probes go on this target, checked safe (loopback or a vouched container); throws when it has no such listener. */
  address(target: RunningTarget): TargetAddress;
}

/** The sweep's transport, or why it cannot be had (TLS asked of a cell started without a TLS listener). */
export function sweepTransport(sweep: Pick<ProbeSweep, 'tls'>, tls: TlsListenOptions | undefined): SweepTransport | { skip: string } {
  if (!sweep.tls) return { connector: streamConnector(undefined), address: adversarialAddress };
  if (tls === undefined) return { skip: 'probes.tls asks for a TLS listener, but the cell was started without one' };
  return {
    connector: streamConnector({ caPem: tls.material.caPem, version: tls.version }),
    address: (target) => {
      if (target.tls === undefined) throw new BenchError('NO_TLS_LISTENER', `the probe sweep runs over TLS but ${target.variant} was started without a TLS listener`);
      // A local TLS listener is on loopback; nothing else is accepted (a container's is not reached over TLS yet).
      assertAdversarialAddress(target.tls.address, []);
      return target.tls.address;
    },
  };
}

export interface SweepRequest {
  env: SweepEnv;
  sweep: ProbeSweep;
  /** The cell's proxy: restarted in front of the oracle, and again after a probe crashed it. */
  session: CellSession;
  /** The probes the sweep selects (pickProbes, once per run). */
  probes: readonly Probe[];
  label: string;
  probe?: ProbeFn;
  freshHealth?: FreshHealthFn;
}

/** Runs the sweep; the proxy it leaves running is the session's (the cell stops it). */
export async function runProbeSweep(req: SweepRequest): Promise<ProbeResultRecord[]> {
  const { env, sweep, session, probes } = req;
  if (session.target().resources === undefined) {
    const why = `${session.target().variant} runs no proxy: its probes would only test the oracle upstream itself`;
    return probes.map((p) => skipped(p, why, sweep));
  }
  const transport = sweepTransport(sweep, env.tls);
  if ('skip' in transport) return probes.map((p) => skipped(p, transport.skip, sweep));
  if (sweep.tls && session.target().vouched) {
    const why = `${session.target().variant} runs in a container: the sweep over TLS goes only to local TLS listeners for now (run it with --runtime local)`;
    return probes.map((p) => skipped(p, why, sweep));
  }
  throwIfStopped(env.signal);
  const dir = join(env.workDir, `oracle-${req.label}`);
  mkdirSync(dir, { recursive: true });
  const options = { host: '127.0.0.1', port: sweep.oraclePort, bodyBytes: 0, latency: { distribution: 'none' as const }, cpus: env.scenario.cpus.upstream, dir, oracle: true, ...(env.identity ? { identity: env.identity } : {}) };
  const oracle = await untilStopped(env.signal, () => env.runtime.startUpstream(options), (late) => late.stop?.());
  try {
    if (oracle.stop === undefined) {
      throw new BenchError('ORACLE', `the ${env.runtime.name} runtime cannot stop an upstream before the run ends, which the probe sweep needs`, { hint: 'run the probes with --runtime local' });
    }
    const target = await session.restart('the probe sweep puts it in front of the oracle upstream', { upstream: oracle.address, upstreamPoolSize: sweep.upstreamPoolSize });
    if (target.vouched) {
      const { address, network } = target.vouched;
      env.log(`  ${req.label} probes go to its container at ${address.host}:${address.port} on network ${network} (created by this run)`);
    }
    const nonce = () => randomBytes(8).toString('hex');
    const fresh = req.freshHealth ?? checkFreshHealth;
    /** Why the proxy cannot be trusted with more probes: its health answer is not the oracle's answer to it. */
    const freshness = async (who: string): Promise<string | undefined> => {
      const health = await untilStopped(env.signal, () => fresh(transport.address(session.target()), nonce, 3, env.signal, env.identity, transport.connector));
      if (health.fresh) return undefined;
      return `${who} does not answer GET /__pb/health?n=<nonce> with the oracle's answer to it (${health.last ?? 'no complete answer'}): its verdicts could not be told from leftovers`;
    };
    let untrusted = await freshness('the proxy started for the sweep');
    const restart = async (why: string, quiet = false) => {
      await session.restart(why, {}, quiet);
      untrusted = await freshness(`the proxy restarted after ${why}`);
    };
    const caPem = env.tls?.material.caPem;
    const runner: ProbeRunner = {
      target: () => session.target(), address: () => transport.address(session.target()), connector: transport.connector, h2Target: () => h2ProbeTarget(session.target(), caPem),
      oracle: createOracleClient(oracle.address), confirm: sweep.confirm, timing: timingOf(sweep), restart, nonce, ...(env.identity ? { identity: env.identity } : {}),
    };
    const results: ProbeResultRecord[] = [];
    const deadlineMs = env.nowMs() + sweep.maxDuration;
    for (const [i, probe] of probes.entries()) {
      throwIfStopped(env.signal);
      const skip = untrusted ?? skipReason(probe, env.nowMs() >= deadlineMs, sweep, runner.h2Target!() !== undefined);
      if (skip) {
        results.push(skipped(probe, skip, sweep));
        continue;
      }
      assertStartedTarget(session.target(), session.started);
      const result = await probeWithin(req.probe ?? runProbe, probe, runner, env, deadlineMs, sweep);
      results.push(result);
      // A sweep never inherits a poisoned connection: after anything but a clean pass the next probe meets a fresh proxy.
      const clean = result.pass === true && !isPositive(result.verdict as Verdict);
      if (session.target().exit() !== undefined) await restart(`the proxy exited after probe ${probe.id}`);
      else if (!clean && i < probes.length - 1) await restart(`probe ${probe.id} (${result.verdict})`, true);
    }
    return results;
  } finally {
    await oracle.stop?.();
  }
}

/** One probe, cut at the sweep's time limit or a stop: the cut probe is SKIPPED (not judged), a stop interrupts. */
async function probeWithin(run: ProbeFn, probe: Probe, runner: ProbeRunner, env: SweepEnv, deadlineMs: number, sweep: ProbeSweep): Promise<ProbeResultRecord> {
  const cut = new AbortController();
  const timer = setTimeout(() => cut.abort('probes.maxDuration'), Math.max(0, deadlineMs - env.nowMs()));
  const signal = AbortSignal.any([env.signal, cut.signal]);
  try {
    // An abandoned probe may still be running: it must not restart the proxy behind the sweep's back.
    const restart = async (why: string, quiet?: boolean) => (throwIfStopped(signal), runner.restart(why, quiet));
    return await untilStopped(signal, () => run(probe, { ...runner, restart, signal }));
  } catch (error) {
    throwIfStopped(env.signal);
    if (cut.signal.aborted) return skipped(probe, `cut during the probe at the sweep's time limit (probes.maxDuration ${formatDurationMs(sweep.maxDuration)}); not judged`, sweep);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/** The probes a sweep selects from the shipped catalogue and its dirs (checked at load: see scenario/machine-rules.ts). */
export function pickProbes(sweep: ProbeSweep): Probe[] {
  const { root, folder } = shippedCatalogue();
  const all = loadCatalogue([folder, ...sweep.dirs], root);
  const picked = selectProbes(all, sweep.select);
  if (picked.unknown.length > 0) {
    throw new BenchError('PROBES', `probes.select names ${picked.unknown.join(', ')}: no probe id or category`, { hint: 'see `proxybench probes list` for ids and categories' });
  }
  return picked.probes;
}

function timingOf(sweep: ProbeSweep): ProbeRunner['timing'] {
  return { responseTimeoutMs: sweep.responseTimeout, victimTimeoutMs: sweep.victimTimeout, settleMs: sweep.settle, bodyTimeoutMs: sweep.bodyTimeout, resetWaitMs: 100 };
}

function skipReason(probe: Probe, pastDeadline: boolean, sweep: ProbeSweep, speaksH2: boolean): string | undefined {
  if (probe.requires.includes('h2') && !speaksH2) return 'an HTTP/2 probe: the variant was started without an h2 listener in this cell (no h2c listener, no TLS listener with ALPN h2)';
  if (pastDeadline) return `the sweep's time limit (probes.maxDuration ${formatDurationMs(sweep.maxDuration)}) was reached`;
  return undefined;
}

function skipped(probe: Probe, reason: string, sweep: Pick<ProbeSweep, 'tls'>): ProbeResultRecord {
  return { probe: probe.id, category: probe.category, tier: probe.tier, title: probe.title, transport: sweep.tls ? 'tls' : 'plain', verdict: 'SKIPPED', pass: null, reason, attempts: [], evidence: null, durationMs: 0 };
}

/** One progress line: verdict counts and the failing probes. */
export function describeSweep(results: readonly ProbeResultRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  const failed = results.filter((r) => r.pass === false).map((r) => `${r.probe}=${r.verdict}`);
  return `${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}; ${failed.length} fail${failed.length ? `: ${failed.join(' ')}` : ''}`;
}

// The probe sweep of one cell: starts the oracle, restarts the proxy in front of it with a pinned pool, runs every probe.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RunContext } from './context.js';
import type { RunningUpstream } from '../runtime/runtime.js';
import type { RunningTarget, StartOptions } from '../runtime/target.js';
import { BenchError, InterruptedError } from '../shared/errors.js';
import { loadCatalogue, shippedCatalogue } from '../scenario/probes/load-catalogue.js';
import { selectProbes } from '../scenario/probes/parse-catalogue.js';
import type { Probe, Verdict } from '../scenario/probes/probe-schema.js';
import { createOracleClient } from '../runtime/oracle-client.js';
import type { ProbeResultRecord } from '../record/probe.js';
import { runProbe, type ProbeRunner } from './run-probe.js';
import { assertStartedTarget } from '../runtime/adversarial-safety.js';
import type { ProbeSweep } from '../scenario/adversarial-schema.js';
import { isPositive } from '../analyze/probes/tiers.js';
import { checkFreshHealth } from '../traffic/probes/fresh-health.js';
import { adversarialAddress } from '../runtime/adversarial-safety.js';

export interface SweepRequest {
  ctx: RunContext;
  sweep: ProbeSweep;
  /** The cell's running target: stopped first (the sweep needs the proxy in front of the oracle). */
  current: RunningTarget;
  /** Starts the cell's variant with these options changed. */
  start: (overrides: Pick<StartOptions, 'upstream' | 'upstreamPoolSize'>) => Promise<RunningTarget>;
  label: string;
}

/** Runs the sweep; returns the results and the target now running (the caller stops it). */
export async function runProbeSweep(req: SweepRequest): Promise<{ target: RunningTarget; results: ProbeResultRecord[] }> {
  const { ctx, sweep } = req;
  const probes = pickProbes(sweep);
  if (req.current.resources === undefined) {
    const why = `${req.current.variant} runs no proxy: its probes would only test the oracle upstream itself`;
    return { target: req.current, results: probes.map((p) => skipped(p, why)) };
  }
  ctx.sampler.unwatch('proxy');
  await req.current.stop();
  const dir = join(ctx.workDir, `oracle-${req.label}`);
  mkdirSync(dir, { recursive: true });
  const s = ctx.scenario;
  const oracle = await ctx.runtime.startUpstream({ host: '127.0.0.1', port: sweep.oraclePort, bodyBytes: 0, latency: { distribution: 'none' }, cpus: s.cpus.upstream, dir, oracle: true, identity: ctx.record.identity });
  if (oracle.stop === undefined) {
    throw new BenchError('ORACLE', `the ${ctx.runtime.name} runtime cannot stop an upstream before the run ends, which the probe sweep needs`, { hint: 'run the probes with --runtime local' });
  }
  const started = new Set<RunningTarget>();
  const startProxy = async () => {
    const t = await req.start({ upstream: oracle.address, upstreamPoolSize: sweep.upstreamPoolSize });
    started.add(t);
    if (t.resources) ctx.sampler.watch('proxy', t.resources);
    return t;
  };
  let target = await startProxy().catch(async (error: unknown) => {
    await stopOracle(oracle);
    throw error;
  });
  if (target.vouched) {
    const { address, network } = target.vouched;
    ctx.log(`  ${req.label} probes go to its container at ${address.host}:${address.port} on network ${network} (created by this run)`);
  }
  const nonce = () => randomBytes(8).toString('hex');
  /** Why the proxy cannot be trusted with more probes: its health answer is not the oracle's answer to it. */
  let untrusted: string | undefined;
  try {
    untrusted = await freshness(target, nonce, 'the proxy started for the sweep');
    const restart = async (why: string, quiet = false) => {
      if (!quiet) ctx.log(`  ${req.label} ${why}; restarting the proxy`);
      ctx.sampler.unwatch('proxy');
      await target.stop();
      target = await startProxy();
      untrusted = await freshness(target, nonce, `the proxy restarted after ${why}`);
    };
    const runner: ProbeRunner = { target: () => target, oracle: createOracleClient(oracle.address), confirm: sweep.confirm, timing: timingOf(sweep), restart, nonce };
    const results: ProbeResultRecord[] = [];
    const deadline = ctx.nowMs() + sweep.maxDuration;
    for (const [i, probe] of probes.entries()) {
      if (ctx.signal.aborted) throw new InterruptedError(String(ctx.signal.reason ?? 'SIGINT'));
      const skip = untrusted ?? skipReason(probe, ctx.nowMs() >= deadline, sweep);
      if (skip) {
        results.push(skipped(probe, skip));
        continue;
      }
      assertStartedTarget(target, started);
      const result = await runProbe(probe, runner);
      results.push(result);
      // A sweep never inherits a poisoned connection: after anything but a clean pass the next probe meets a fresh proxy.
      const clean = result.pass === true && !isPositive(result.verdict as Verdict);
      if (target.exit() !== undefined) await restart(`the proxy exited after probe ${probe.id}`);
      else if (!clean && i < probes.length - 1) await restart(`probe ${probe.id} (${result.verdict})`, true);
    }
    return { target, results };
  } finally {
    await stopOracle(oracle);
  }
}

function pickProbes(sweep: ProbeSweep): Probe[] {
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

function skipReason(probe: Probe, pastDeadline: boolean, sweep: ProbeSweep): string | undefined {
  if (probe.requires.includes('h2')) return 'needs a variant that speaks h2c on its listener; none of the shipped variants does (listed, not run)';
  if (pastDeadline) return `the sweep's time limit (probes.maxDuration ${sweep.maxDuration / 1000} s) was reached`;
  return undefined;
}

function skipped(probe: Probe, reason: string): ProbeResultRecord {
  return { probe: probe.id, category: probe.category, tier: probe.tier, title: probe.title, verdict: 'SKIPPED', pass: null, reason, attempts: [], evidence: null, durationMs: 0 };
}

/** Undefined when the proxy's health answer is the oracle's answer to it; else why the sweep cannot go on with it. */
async function freshness(target: RunningTarget, nonce: () => string, who: string): Promise<string | undefined> {
  const health = await checkFreshHealth(adversarialAddress(target), nonce, 3);
  if (health.fresh) return undefined;
  return `${who} does not answer GET /__pb/health?n=<nonce> with the oracle's answer to it (${health.last ?? 'no complete answer'}): its verdicts could not be told from leftovers`;
}

async function stopOracle(oracle: RunningUpstream): Promise<void> {
  await oracle.stop?.();
}

/** One progress line: verdict counts and the failing probes. */
export function describeSweep(results: readonly ProbeResultRecord[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.verdict, (counts.get(r.verdict) ?? 0) + 1);
  const failed = results.filter((r) => r.pass === false).map((r) => `${r.probe}=${r.verdict}`);
  return `${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')}; ${failed.length} fail${failed.length ? `: ${failed.join(' ')}` : ''}`;
}

// Runs a scenario end to end: resolves variants, creates the run folder, starts the upstream, runs every cell, keeps every output.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSampler } from '../measure/resources/sampler.js';
import { assertPortFree } from '../runtime/local/ports.js';
import type { Runtime } from '../runtime/runtime.js';
import { discoverVariants, selectVariants } from '../runtime/variants.js';
import { EnvironmentError, InterruptedError, OutputWriteError } from '../shared/errors.js';
import { startGeneratorPool } from '../traffic/generator-pool.js';
import { generatorCpus } from '../scenario/generators.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import { generatorSupply, type GeneratorSupply, type LoadGenerator } from './generator-supply.js';
import { createRunDir, newRunId, pointLatest } from './run-dir.js';
import { createWorkDir, removeStaleWorkDirs } from './work-dir.js';
import { superviseUpstream } from './upstream-supervisor.js';
import { newRunIdentity } from '../runtime/identity.js';
import { pickFreePorts } from '../runtime/local/free-ports.js';
import { pidAlive } from '../shared/pid-alive.js';
import type { Provenance, RunRecord, VariantRecord } from '../record/run.js';
import { runRecordSchemaVersion } from '../record/run.js';
import type { CellEnv } from './run-cell.js';
import { runCells } from './run-cells.js';
import { warmGenerator } from './generator-warmup.js';
import { untilStopped } from './stop.js';
import { scenarioTls } from '../scenario/tls-schema.js';
import { scenarioHttp2 } from '../scenario/http2-schema.js';
import { assertVariantsServeHttp2, http2UnsupportedReason } from '../runtime/http2-listener.js';
import { generateTlsMaterial } from '../tls/certificates.js';
import { assertVariantsTerminateTls, tlsUnsupportedReason } from '../runtime/tls-listener.js';
import type { VariantManifest } from '../runtime/manifest.js';
import type { Probe } from '../scenario/probes/probe-schema.js';
import type { TlsKeyType } from '../tls/key-types.js';
import { pickProbes } from './run-sweep.js';
import type { Scenario } from '../scenario/schema.js';
import { plannedCellMs, type RunProgressEvent } from './progress.js';
import { checkMachine, describeMachineCheck, type MachineCheck } from '../measure/noise/machine-check.js';
import { expandCpuList } from '../scenario/fields.js';
import { realtimeSpinYield } from '../traffic/open-loop/spin-yield.js';
import { describeRtThrottle, readRtThrottle, readSchedPolicy, realtimeSupport, type GeneratorPriority } from '../measure/noise/realtime.js';

export interface RunRequest {
  scenario: Scenario;
  provenance: Omit<Provenance, 'startedAt' | 'endedAt'>;
  repoRoot: string;
  resultsRoot: string;
  /** The runtime to start variants and the upstream in (the caller picks local or docker). */
  runtime: Runtime;
  /** Extra variant folders (users' own variants) besides the repository's docker/. */
  variantDirs: string[];
  log: (line: string) => void;
  /** Structured progress (cell i of N, phase) for a live display; the log lines say the same in words. */
  progress?: (event: RunProgressEvent) => void;
  signal: AbortSignal;
  /** Tests: a generator of their own instead of the forked one. */
  startGenerator?: () => Promise<LoadGenerator>;
  /**
   * Generator workers placed elsewhere (Swarm tasks): started like the local pool, not warmed against the upstream
   * (each phase's workers are fresh tasks; each warms its engine on its own loopback before the common start).
   */
  remoteGenerator?: { describe: string; start: () => Promise<LoadGenerator> };
  /** Tests: the ladder's machine access and the probe runner. */
  seams?: Pick<CellEnv, 'ladderDeps' | 'runProbe' | 'freshHealth'>;
  /** --realtime: the generator workers (and the noise check's spin) at SCHED_FIFO 1 where permitted. */
  realtime?: boolean;
  /** Tests: the pre-flight noise check (default: the real one on the generator's CPUs). */
  checkMachine?: (scenario: Scenario) => Promise<MachineCheck>;
}

/** The pre-flight noise check on `cpus` against validity limits (the scenario's; `doctor` uses the defaults on every CPU). */
export function machineCheckFor(cpus: readonly number[], validity: Scenario['validity'], wrap?: readonly string[]): Promise<MachineCheck> {
  return checkMachine({
    cpus: [...new Set(cpus)],
    ...(wrap ? { wrap } : {}),
    // The scheduler-lag rule is a p99: more than 1% of requests late by more than the limit makes a phase invalid.
    limits: { limitUs: validity.maxSendLagP99 * 1000, lateShareLimit: 0.01, othersShareLimit: 1 - validity.maxGeneratorBusy },
  });
}

export async function runScenario(req: RunRequest): Promise<{ record: RunRecord; runDir: string }> {
  const { log } = req;
  const progress = req.progress ?? (() => undefined);
  const scenario = await resolvePorts(req.scenario);
  const variants = selectVariants(discoverVariants(join(req.repoRoot, 'docker'), ...req.variantDirs), scenario.variants);
  const probes = scenario.probes ? pickProbes(scenario.probes) : [];
  const probeListeners = h2ProbeListeners(variants, probes, scenarioTls(scenario)?.key ?? 'rsa2048');
  const tlsWanted = scenarioTls(scenario) ?? (probeListeners ? { version: '1.3' as const, key: 'rsa2048' as const } : undefined);
  if (tlsWanted) assertVariantsTerminateTls(variants, tlsWanted.key);
  const http2Wanted = withH2Probes(scenarioHttp2(scenario.phases), probeListeners);
  if (http2Wanted) assertVariantsServeHttp2(variants, http2Wanted);
  const availability = await Promise.all(variants.map((v) => req.runtime.availability(v)));
  const variantRecords: VariantRecord[] = variants.map((v, i) => {
    const a = availability[i]!;
    return {
      name: v.manifest.name,
      language: v.manifest.language,
      role: v.manifest.role,
      status: a.available ? 'available' : 'skipped',
      version: a.available ? (a.version ?? null) : null,
      ...(a.available && a.imageId ? { imageId: a.imageId } : {}),
      ...(a.available && a.tlsLibraryVersion ? { tlsLibraryVersion: a.tlsLibraryVersion } : {}),
      skipReason: a.available ? null : a.reason,
      fix: a.available ? null : a.fix,
    };
  });
  for (const v of variantRecords.filter((v) => v.status === 'skipped')) log(`skipping ${v.name}: ${v.skipReason} (fix: ${v.fix})`);
  availability.forEach((a, i) => {
    if (a.available && a.warning) log(`warning: ${variants[i]!.manifest.name}: ${a.warning}`);
  });
  const runnable = variants.filter((_, i) => availability[i]!.available);
  if (runnable.length === 0) {
    throw new EnvironmentError('none of the scenario’s variants can run on this machine', {
      hint: variantRecords.map((v) => `${v.name}: ${v.fix}`).join('; '),
    });
  }
  await assertPortFree('127.0.0.1', scenario.ports.upstream, 'ports.upstream');
  await assertPortFree('127.0.0.1', scenario.ports.proxy, 'ports.proxy');
  if (tlsWanted) {
    await assertPortFree('127.0.0.1', scenario.ports.upstreamTls, 'ports.upstreamTls');
    await assertPortFree('127.0.0.1', scenario.ports.proxyTls, 'ports.proxyTls');
  }
  if (http2Wanted?.h2c) await assertPortFree('127.0.0.1', scenario.ports.proxyH2c, 'ports.proxyH2c');
  if (scenario.probes) await assertPortFree('127.0.0.1', scenario.probes.oraclePort, 'probes.oraclePort');
  const runId = newRunId(scenario.name, new Date());
  const identity = newRunIdentity(runId);
  const runDir = createRunDir(req.resultsRoot, runId);
  const record: RunRecord = {
    schemaVersion: runRecordSchemaVersion,
    runId,
    status: 'running',
    provenance: { ...req.provenance, startedAt: new Date().toISOString(), endedAt: null },
    scenario,
    upstream: { version: req.provenance.tool.version, bodyBytes: scenario.upstream.responseBody, latency: scenario.upstream.latency },
    variants: variantRecords,
    identity,
    cells: [],
  };
  const persist = () => writeRunOutputs(runDir, record);
  persist();
  log(`run ${runId} → ${runDir}`);

  const t0 = performance.now();
  const nowMs = () => performance.now() - t0;
  const { runtime, signal } = req;
  const killOnExit = () => runtime.killAllNow();
  process.on('exit', killOnExit);
  const sampler = startSampler(scenario.sampleInterval, { nowMs });
  const stale = removeStaleWorkDirs(pidAlive);
  if (stale.length > 0) log(`removed ${stale.length} work folder(s) left by runs that were killed: ${stale.join(', ')}`);
  const workDir = createWorkDir(runId);
  let generator: GeneratorSupply | undefined;
  let failure: unknown;
  try {
    // Before anything of the run starts: what the machine's own noise does to the generator's CPUs. A warning, never a failure.
    const remote = req.remoteGenerator !== undefined && req.startGenerator === undefined ? req.remoteGenerator.describe : undefined;
    const priority = generatorPriority(req.realtime === true, remote);
    record.generatorPriority = priority;
    if (priority.fallback) log(`warning: --realtime: ${priority.fallback}; the generator runs at normal priority`);
    else if (priority.wrap) {
      const y = realtimeSpinYield;
      if (priority.throttle.runtimeUs !== null && priority.throttle.runtimeUs >= 0) priority.spinYield = { everyUs: y.everyNs / 1000, forUs: y.forNs / 1000 };
      log(`--realtime: generator workers under \`${priority.wrap}\`; ${describeRtThrottle(priority.throttle)}, so the open loop sleeps ${y.forNs / 1000} µs of every ${y.everyNs / 1000} µs it spins and is never throttled`);
    }
    const wrap = priority.wrap ? priority.wrap.split(' ') : undefined;
    const machine = remote
      ? notChecked(`the generator workers are ${remote}, not on this machine's CPUs`)
      : await untilStopped(signal, () => req.checkMachine ? req.checkMachine(scenario) : machineCheckFor(expandCpuList(scenario.cpus.generator), scenario.validity, wrap));
    record.machineCheck = machine;
    for (const line of describeMachineCheck(machine)) log(line);
    for (const warning of machine.warnings) log(`warning: ${warning}`);
    // One CA + server certificate and key for every variant of the run, in the run's work folder.
    const tlsMaterial = tlsWanted ? await untilStopped(signal, () => generateTlsMaterial(join(workDir, 'tls'), tlsWanted.key, new Date())) : undefined;
    const tlsFor = (listenPort: number) => (tlsMaterial && tlsWanted ? { listenPort, version: tlsWanted.version, material: tlsMaterial } : undefined);
    if (tlsMaterial) record.tls = { keyType: tlsMaterial.keyType, version: tlsWanted!.version, certificateFingerprint256: tlsMaterial.fingerprint256 };
    const upstreamOptions = { ...(tlsMaterial ? { tls: tlsFor(scenario.ports.upstreamTls) } : {}), host: '127.0.0.1', port: scenario.ports.upstream, bodyBytes: scenario.upstream.responseBody, latency: scenario.upstream.latency, cpus: scenario.cpus.upstream, dir: workDir, runId, identity };
    const startUpstream = () => runtime.startUpstream(upstreamOptions);
    const first = await untilStopped(signal, startUpstream);
    sampler.watch('upstream', first.resources);
    const supervisor = superviseUpstream(first, startUpstream, nowMs, (u) => sampler.watch('upstream', u.resources));
    generator = generatorSupply({
      start: req.startGenerator ?? req.remoteGenerator?.start ?? (() => startGeneratorPool(generatorCpus(scenario), wrap ? { wrap } : {})),
      warm: async (g) => {
        if (req.remoteGenerator && !req.startGenerator) return log(`${req.remoteGenerator.describe}: not warmed against the upstream (each phase's workers are fresh tasks; each warms on its own loopback before the common start)`);
        noteWorkerPriority(priority, g.pids, generatorCpus(scenario), log);
        if (g.pids.length > 1) log(`${g.pids.length} generator workers, pinned to CPUs ${generatorCpus(scenario).join(', ')} (pids ${g.pids.join(', ')})`);
        log(`warming the load generator (${scenario.generatorWarmup / 1000} s against the upstream, not recorded)`);
        await warmGenerator(g, supervisor.current().address, scenario);
        await supervisor.current().resetStats();
      },
      signal,
    });
    const env: CellEnv = {
      scenario, runtime, generator, sampler, workDir, runDir, nowMs, log, signal, probes, identity, tls: tlsFor(scenario.ports.proxyTls), progress,
      http2: http2Wanted ? { overTls: http2Wanted.h2, ...(http2Wanted.h2c ? { h2cListenPort: scenario.ports.proxyH2c } : {}) } : undefined, ...req.seams,
      get upstream() {
        return supervisor.current();
      },
      upstreamSupervisor: supervisor,
    };
    progress({ kind: 'run-start', runId, totalCells: scenario.repetitions * runnable.length, plannedCellMs: plannedCellMs(scenario) });
    await runCells(env, { record, variants: runnable, persist });
  } catch (error) {
    record.status = error instanceof InterruptedError ? 'interrupted' : 'failed';
    if (!(error instanceof InterruptedError)) {
      failure = error;
      throw error;
    }
  } finally {
    sampler.stop();
    await generator?.stop();
    await runtime.close();
    process.off('exit', killOnExit);
    rmSync(workDir, { recursive: true, force: true });
    record.provenance.endedAt = new Date().toISOString();
    // After a failed write, writing again would only fail again (and hide the first error).
    if (!(failure instanceof OutputWriteError)) {
      persist();
      pointLatest(req.resultsRoot, runId);
    }
  }
  return { record, runDir };
}

/** A machine check that was not made, and why. */
function notChecked(why: string): MachineCheck {
  return { spinMs: 0, thresholdUs: 0, idleMs: 0, limits: { limitUs: 0, lateShareLimit: 0, othersShareLimit: 0 }, cpus: [], warnings: [], error: why };
}

/** What the generator will run under: --realtime's `chrt -f 1` where this machine permits it, else why not. */
function generatorPriority(realtime: boolean, remote: string | undefined): GeneratorPriority {
  const throttle = readRtThrottle();
  if (!realtime) return { requested: 'normal', wrap: null, fallback: null, throttle, workers: [] };
  if (remote) return { requested: 'realtime', wrap: null, fallback: `the generator workers are ${remote}: --realtime applies to local workers only`, throttle, workers: [] };
  const support = realtimeSupport();
  return { requested: 'realtime', wrap: support.ok ? support.wrap.join(' ') : null, fallback: support.ok ? null : support.reason, throttle, workers: [] };
}

/** Reads back each started worker's policy (a worker started again replaces the list); a real-time request not met is a fallback. */
function noteWorkerPriority(priority: GeneratorPriority, pids: readonly number[], cpus: readonly string[], log: (line: string) => void): void {
  priority.workers = pids.map((pid, k) => ({ pid, cpu: cpus[k] ?? '?', ...(readSchedPolicy(pid) ?? { policy: 'unknown', rtPriority: 0 }) }));
  if (priority.requested !== 'realtime' || priority.wrap === null) return;
  const missed = priority.workers.filter((w) => w.policy !== 'SCHED_FIFO');
  if (missed.length > 0 && priority.fallback === null) {
    priority.fallback = `worker pid ${missed.map((w) => `${w.pid} has ${w.policy}`).join(', ')} although started under ${priority.wrap}`;
    log(`warning: --realtime: ${priority.fallback}`);
  } else if (missed.length === 0) {
    log(`generator worker(s) at ${priority.workers.map((w) => `${w.policy} ${w.rtPriority} (pid ${w.pid}, CPU ${w.cpu})`).join(', ')}`);
  }
}

/**
 * HTTP/2 probes need an h2 listener: when the sweep selects any and every variant can serve h2 by ALPN on a TLS
 * listener, the cells start one (TLS 1.3 with the default key when no phase names its own); otherwise they are skipped
 * in the sweep with the reason (e.g. a test fixture without TLS), never refused.
 */
function h2ProbeListeners(variants: readonly { manifest: VariantManifest; dir: string }[], probes: readonly Probe[], key: TlsKeyType): boolean {
  if (!probes.some((p) => p.requires.includes('h2'))) return false;
  return variants.every((v) => tlsUnsupportedReason(v.manifest, key) === undefined && http2UnsupportedReason(v.manifest, { h2: true, h2c: false }) === undefined);
}

function withH2Probes(wanted: { h2: boolean; h2c: boolean; traffic: boolean } | undefined, probes: boolean): { h2: boolean; h2c: boolean; traffic: boolean } | undefined {
  return probes ? { h2: true, h2c: wanted?.h2c ?? false, traffic: wanted?.traffic ?? false } : wanted;
}

/** `ports: auto` (and `probes.oraclePort: auto`): free loopback ports, picked now and recorded in run.json. */
async function resolvePorts(scenario: Scenario): Promise<Scenario> {
  const oracleAuto = scenario.probes !== undefined && scenario.probes.oraclePort === 0;
  const needed = (scenario.ports.auto ? 5 : 0) + (oracleAuto ? 1 : 0);
  if (needed === 0) return scenario;
  const p = scenario.ports;
  const explicit = [...(p.auto ? [] : [p.proxy, p.upstream, p.proxyTls, p.upstreamTls, p.proxyH2c]), ...(scenario.probes && !oracleAuto ? [scenario.probes.oraclePort] : [])];
  const picked = await pickFreePorts('127.0.0.1', needed, explicit);
  if (picked.length < needed) throw new EnvironmentError('could not find free loopback ports for `ports: auto`', { hint: 'set ports.proxy and ports.upstream in the scenario' });
  const ports = p.auto ? { auto: true, proxy: picked.shift()!, upstream: picked.shift()!, proxyTls: picked.shift()!, upstreamTls: picked.shift()!, proxyH2c: picked.shift()! } : p;
  const probes = scenario.probes && oracleAuto ? { ...scenario.probes, oraclePort: picked.shift()! } : scenario.probes;
  return { ...scenario, ports, ...(probes ? { probes } : {}) };
}

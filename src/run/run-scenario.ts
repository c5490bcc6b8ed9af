// Runs a scenario end to end: resolves variants, starts upstream and generator, runs every cell, keeps every output.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startSampler } from '../measure/resources/sampler.js';
import { assertPortFree } from '../runtime/local/ports.js';
import type { Runtime } from '../runtime/runtime.js';
import { discoverVariants, selectVariants } from '../runtime/variants.js';
import { EnvironmentError } from '../shared/errors.js';
import { startGeneratorPool } from '../traffic/generator-pool.js';
import { generatorCpus } from '../scenario/generators.js';
import { writeRunOutputs } from '../report/write-outputs.js';
import type { LoadGenerator, RunContext } from './context.js';
import { createRunDir, newRunId, pointLatest } from './run-dir.js';
import { OutputWriteError } from '../shared/errors.js';
import type { Provenance, RunRecord, VariantRecord } from '../record/run.js';
import { runRecordSchemaVersion } from '../record/run.js';
import { runCell } from './run-cell.js';
import { generatorWarmupMs, warmGenerator } from './generator-warmup.js';
import type { Scenario } from '../scenario/schema.js';
import { expandCpuList } from '../scenario/fields.js';
import { cpus as osCpus } from 'node:os';
import { scenarioTls } from '../scenario/tls-schema.js';
import { generateTlsMaterial } from '../tls/certificates.js';
import { assertVariantsTerminateTls } from '../runtime/tls-listener.js';
import { pidAlive } from '../shared/pid-alive.js';
import { createWorkDir, removeStaleWorkDirs } from './work-dir.js';
import { superviseUpstream } from './upstream-supervisor.js';
import { newRunIdentity } from '../runtime/identity.js';
import { pickFreePorts } from '../runtime/local/free-ports.js';

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
  signal: AbortSignal;
}

export async function runScenario(req: RunRequest): Promise<{ record: RunRecord; runDir: string }> {
  const { log } = req;
  assertCpusExist(req.scenario);
  const scenario = await resolvePorts(req.scenario);
  const variants = selectVariants(discoverVariants(join(req.repoRoot, 'docker'), ...req.variantDirs), scenario.variants);
  const tlsWanted = scenarioTls(scenario.phases);
  if (tlsWanted) assertVariantsTerminateTls(variants, tlsWanted.key);
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
  const runtime = req.runtime;
  const killOnExit = () => runtime.killAllNow();
  process.on('exit', killOnExit);
  const sampler = startSampler(scenario.sampleInterval, { nowMs });
  const stale = removeStaleWorkDirs(pidAlive);
  if (stale.length > 0) log(`removed ${stale.length} work folder(s) left by runs that were killed: ${stale.join(', ')}`);
  const workDir = createWorkDir(runId);
  let generator: LoadGenerator | undefined;
  let failure: unknown;
  try {
    // One CA + server certificate and key for every variant of the run, in the run's work folder.
    const tlsMaterial = tlsWanted ? await generateTlsMaterial(join(workDir, 'tls'), tlsWanted.key, new Date()) : undefined;
    const tlsFor = (listenPort: number) => (tlsMaterial && tlsWanted ? { listenPort, version: tlsWanted.version, material: tlsMaterial } : undefined);
    if (tlsMaterial) record.tls = { keyType: tlsMaterial.keyType, version: tlsWanted!.version, certificateFingerprint256: tlsMaterial.fingerprint256 };
    const startUpstream = () => runtime.startUpstream({
      ...(tlsMaterial ? { tls: tlsFor(scenario.ports.upstreamTls) } : {}),
      host: '127.0.0.1',
      port: scenario.ports.upstream,
      bodyBytes: scenario.upstream.responseBody,
      latency: scenario.upstream.latency,
      cpus: scenario.cpus.upstream,
      dir: workDir,
      runId,
      identity,
    });
    const first = await startUpstream();
    sampler.watch('upstream', first.resources);
    const supervisor = superviseUpstream(first, startUpstream, nowMs, (u) => sampler.watch('upstream', u.resources));
    const ctx: RunContext = {
      scenario, record, runDir, workDir, sampler, runtime, nowMs, log, signal: req.signal, persist,
      get upstream() {
        return supervisor.current();
      },
      upstreamSupervisor: supervisor,
      tls: tlsFor(scenario.ports.proxyTls),
      generator: async () => {
        if (generator && generator.alive()) return generator;
        await generator?.stop().catch(() => undefined); // a pool that lost a worker: start it afresh
        const cpus = generatorCpus(scenario);
        const started = await startGeneratorPool(cpus);
        generator = started;
        if (cpus.length > 1) log(`${cpus.length} generator workers, pinned to CPUs ${cpus.join(', ')} (pids ${started.pids.join(', ')})`);
        log(`warming the load generator (${(generatorWarmupMs.closed + generatorWarmupMs.open) / 1000} s against the upstream, not recorded)`);
        await warmGenerator(started, supervisor.current().address, scenario);
        await supervisor.current().resetStats();
        return started;
      },
    };
    const total = scenario.repetitions * runnable.length;
    for (let repetition = 1; repetition <= scenario.repetitions && !req.signal.aborted; repetition++) {
      for (const variant of runnable) {
        if (req.signal.aborted) break;
        log(`[${record.cells.length + 1}/${total}] ${variant.manifest.name} #${repetition}`);
        const version = variantRecords.find((v) => v.name === variant.manifest.name)?.version ?? undefined;
        record.cells.push(await runCell(ctx, variant, repetition, version));
        persist();
      }
    }
    record.status = req.signal.aborted ? 'interrupted' : 'complete';
  } catch (error) {
    record.status = req.signal.aborted ? 'interrupted' : 'failed';
    failure = error;
    throw error;
  } finally {
    sampler.stop();
    await generator?.stop().catch(() => undefined);
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

/** `ports: auto` (and `probes.oraclePort: auto`): free loopback ports, picked now and recorded in run.json. */
async function resolvePorts(scenario: Scenario): Promise<Scenario> {
  const oracleAuto = scenario.probes !== undefined && scenario.probes.oraclePort === 0;
  const needed = (scenario.ports.auto ? 4 : 0) + (oracleAuto ? 1 : 0);
  if (needed === 0) return scenario;
  const p = scenario.ports;
  const explicit = [...(p.auto ? [] : [p.proxy, p.upstream, p.proxyTls, p.upstreamTls]), ...(scenario.probes && !oracleAuto ? [scenario.probes.oraclePort] : [])];
  const picked = await pickFreePorts('127.0.0.1', needed, explicit);
  if (picked.length < needed) throw new EnvironmentError('could not find free loopback ports for `ports: auto`', { hint: 'set ports.proxy and ports.upstream in the scenario' });
  const ports = p.auto ? { auto: true, proxy: picked.shift()!, upstream: picked.shift()!, proxyTls: picked.shift()!, upstreamTls: picked.shift()! } : p;
  const probes = scenario.probes && oracleAuto ? { ...scenario.probes, oraclePort: picked.shift()! } : scenario.probes;
  return { ...scenario, ports, ...(probes ? { probes } : {}) };
}

function assertCpusExist(scenario: Scenario): void {
  const count = osCpus().length;
  for (const [role, list] of Object.entries(scenario.cpus)) {
    const missing = expandCpuList(list).filter((cpu) => cpu >= count);
    if (missing.length > 0) {
      throw new EnvironmentError(`cpus.${role} names CPU ${missing.join(', ')}, but this machine has CPUs 0–${count - 1}`, {
        hint: `change cpus.${role} in the scenario (taskset -c syntax, e.g. "0" or "0-1")`,
      });
    }
  }
}

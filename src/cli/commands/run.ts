// `proxybench run`: loads each scenario, runs it, prints where the results are.
import { resolve } from 'node:path';
import { applyOverrides, loadScenarioFile } from '../../scenario/load.js';
import { runScenario } from '../../run/run-scenario.js';
import { hostInfo, toolVersion } from '../../run/provenance.js';
import { UsageError } from '../../shared/errors.js';
import { createLocalRuntime } from '../../runtime/local/local-runtime.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { repoRoot } from '../paths.js';
import { describeMissingResults, runOutcome } from '../../analyze/run-outcome.js';
import { phaseResults } from './run-json.js';
import { dockerSetup, swarmSetup } from './run-docker.js';
import { generatorCpus, generatorPlacement } from '../../scenario/generators.js';
import { checkScenarioRules } from '../../scenario/rules.js';
import { ConfigError } from '../../shared/errors.js';
import type { Scenario } from '../../scenario/schema.js';
import type { Provenance } from '../../record/run.js';
import { scenarioEnvironment } from '../scenario-environment.js';
import { createRunDisplay } from '../progress/run-display.js';
import { performance } from 'node:perf_hooks';

export interface RunOptions {
  variants?: string[];
  runtime?: string;
  out: string;
  variantDir: string[];
  repeat?: number;
  retries?: number;
  /** Real-time priority (SCHED_FIFO 1) for the generator worker(s) where permitted. */
  realtime?: boolean;
  quick: boolean;
  json: boolean;
  /** Docker runtime: host or bridge networking (overrides the scenario's docker.network). */
  network?: string;
  /** --generators: N local workers or "swarm:N" (overrides the scenario's generators). */
  generators?: number | string;
}

export async function runCommand(files: string[], options: RunOptions): Promise<number> {
  if (options.runtime !== undefined && options.runtime !== 'local' && options.runtime !== 'docker') {
    throw new UsageError(`unknown runtime "${options.runtime}"`, { hint: 'use --runtime local or --runtime docker' });
  }
  const env = scenarioEnvironment(options.runtime as 'local' | 'docker' | undefined);
  const parsed = await Promise.all(files.map(async (file) => ({ file, ...(await loadScenarioFile(file, env)) })));
  const root = repoRoot();
  const [tool, host] = await Promise.all([toolVersion(root), hostInfo()]);
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (signal: NodeJS.Signals) => {
    signals += 1;
    if (signals > 1) process.exit(ExitCode.interrupted); // the exit hook still stops every process started
    process.stderr.write(`\nproxybench: ${signal}: stopping, keeping finished cells (press Ctrl-C again to force)\n`);
    controller.abort(signal);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const results = [];
  let exitCode: number = ExitCode.ok;
  const display = createRunDisplay({ stream: process.stderr, nowMs: () => performance.now(), env: process.env });
  try {
    for (const { file, scenario: loaded, sha256 } of parsed) {
      if (controller.signal.aborted) {
        exitCode = ExitCode.interrupted; // scenarios left to run
        break;
      }
      const scenario = applyOverrides(loaded, { quick: options.quick, repeat: options.repeat, retries: options.retries, variants: options.variants, generators: options.generators });
      if (options.generators !== undefined) assertRules(scenario, file, env);
      const placement = generatorPlacement(scenario);
      if (placement.kind === 'swarm' && options.runtime === 'local') {
        throw new UsageError('Swarm generator workers run with the docker runtime', { hint: 'leave --runtime out (swarm:N implies docker) or use --generators N for local workers' });
      }
      const runtime = placement.kind === 'swarm' ? 'docker' : ((options.runtime ?? scenario.runtime) as 'local' | 'docker');
      const docker = runtime === 'docker' ? await dockerSetup(scenario, options.network, placement.kind === 'swarm') : undefined;
      const swarm = placement.kind === 'swarm' && docker ? await swarmSetup(docker.runtime, placement.replicas, scenario.name, (line) => display.log(line)) : undefined;
      const { record, runDir } = await runScenario({
        scenario,
        runtime: docker?.runtime ?? createLocalRuntime(),
        repoRoot: root,
        resultsRoot: resolve(options.out),
        variantDirs: options.variantDir.map((d) => resolve(d)),
        log: (line) => display.log(line),
        progress: (event) => display.progress(event),
        signal: controller.signal,
        realtime: options.realtime === true,
        ...(swarm ? { remoteGenerator: swarm.generator } : {}),
        provenance: {
          tool: { name: 'proxybench', ...tool },
          node: process.version,
          scenario: { file, sha256, name: scenario.name, quick: options.quick },
          host,
          runtime,
          ...(docker ? { docker: docker.provenance } : {}),
          ...(swarm ? { swarm: swarm.provenance } : {}),
          cpuLayout: cpuLayoutOf(scenario),
          command: process.argv.slice(2),
        },
      });
      const failed = record.cells.filter((c) => c.status !== 'ok');
      const outcome = runOutcome(record);
      const missing = describeMissingResults(outcome);
      const lines = [
        `${record.status}: ${record.cells.length} cell(s), ${failed.length} not ok${missing ? `; ${missing}` : ''} → ${runDir}/report.md`,
        ...outcome.withoutResult.map((p) => `  no valid result: ${p.variant} ${p.phase}: ${p.reasons.join('; ')}`),
        ...outcome.referenceWithoutResult.map((p) => `  no valid result (reference row, not counted): ${p.variant} ${p.phase}: ${p.reasons.join('; ')}`),
      ];
      for (const line of lines) display.log(line);
      results.push({
        runId: record.runId, runDir, status: record.status,
        measuredPhases: outcome.measured, phasesWithoutResult: outcome.withoutResult.length,
        cells: record.cells.map((c) => ({ variant: c.variant, repetition: c.repetition, status: c.status, phases: phaseResults(c) })),
      });
      if (record.status === 'interrupted') exitCode = ExitCode.interrupted;
      else if (failed.length > 0 && exitCode !== ExitCode.interrupted) exitCode = ExitCode.runIncomplete;
      else if (missing && exitCode === ExitCode.ok) exitCode = ExitCode.noValidResult;
    }
  } finally {
    display.stop();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  if (options.json) process.stdout.write(JSON.stringify({ runs: results }, null, 1) + '\n');
  // A stop after the last cell changes nothing: the run is complete and exits as such.
  return exitCode;
}

/** A flag that changes the scenario (--generators) is checked by the same rules as the file. */
function assertRules(scenario: Scenario, file: string, env: Parameters<typeof checkScenarioRules>[1]): void {
  const problems = checkScenarioRules(scenario, env);
  if (problems.length > 0) {
    throw new ConfigError(`${file} with these flags has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems.map((p) => `${p.path.join('.')}: ${p.message}`), { hint: 'change the flags or the fields named above' });
  }
}

/** The CPU layout the run record keeps; with several generator workers, the CPU each one is pinned to. */
function cpuLayoutOf(scenario: Scenario): Provenance['cpuLayout'] {
  const workers = generatorCpus(scenario);
  return workers.length > 1 ? { ...scenario.cpus, generatorWorkers: workers } : scenario.cpus;
}

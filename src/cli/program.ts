// The command line (commander): parses flags and hands each command to its module.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { maxRepetitions, maxRetries } from '../scenario/schema.js';
import { repoRoot } from './paths.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('expected a whole number ≥ 1');
  return n;
}

function repetitionCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > maxRepetitions) throw new InvalidArgumentError(`expected a whole number from 1 to ${maxRepetitions} (the most repetitions a scenario may ask for)`);
  return n;
}

function retryCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > maxRetries) throw new InvalidArgumentError(`expected a whole number from 0 to ${maxRetries} (re-runs of a phase invalid for a generator-side reason)`);
  return n;
}

/** --generators N (local workers) or swarm:N (Swarm tasks), N in 1..64. */
export function generatorsFlag(value: string): number | string {
  const swarm = /^swarm:(\d+)$/.exec(value);
  const n = Number(swarm ? swarm[1] : value);
  if (!Number.isInteger(n) || n < 1 || n > 64 || !/^(swarm:)?\d+$/.test(value)) throw new InvalidArgumentError('expected a worker count from 1 to 64, or swarm:N (N Docker Swarm tasks, N from 1 to 64)');
  return swarm ? `swarm:${n}` : n;
}

function variantList(value: string): string[] {
  const names = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new InvalidArgumentError('expected variant names separated by commas, e.g. direct,nginx');
  return names;
}

function percent(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new InvalidArgumentError('expected a percentage ≥ 0, e.g. 10');
  return n;
}

function toolPackageVersion(): string {
  return (JSON.parse(readFileSync(join(repoRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** `setExitCode` receives each command's exit code (commands return codes; they never exit the process). */
export function buildProgram(setExitCode: (code: number) => void): Command {
  const program = new Command('proxybench')
    .description('Load and latency benchmarks for reverse proxies: tail latency, CPU and memory, side by side.')
    .version(`proxybench ${toolPackageVersion()}`, '-V, --version', 'print the version')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('run')
    .description('run one or more scenario files; each run lands in its own folder under --out')
    .argument('<scenario...>', 'scenario files (YAML), e.g. scenarios/quickstart.yaml')
    .option('--variants <names>', 'only these variants (comma-separated)', variantList)
    .option('--variant-dir <dir>', 'also read variant folders from DIR (your own variants; repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--runtime <runtime>', 'local (proxies as host processes) or docker', undefined)
    .option('--network <mode>', 'docker runtime: host (default) or bridge (a network of the run\'s own)')
    .option('--generators <workers>', 'generator workers: N local processes (one per CPU of cpus.generator), or swarm:N (N Docker Swarm tasks; docker runtime, an overlay network of the run\'s own)', generatorsFlag)
    .option('--out <dir>', 'results root; each run creates <dir>/<run-id>/', 'results')
    .option('--repeat <n>', `repetitions of every cell, 1-${maxRepetitions} (overrides the scenario)`, repetitionCount)
    .option('--retries <n>', `re-run a phase invalid for a generator-side reason (its lag, its busy core) up to N times, 0-${maxRetries} (overrides the scenario's retries, default 2)`, retryCount)
    .option('--realtime', 'run the generator worker(s) at real-time priority (SCHED_FIFO 1) where permitted, else say why not; recorded in run.json generatorPriority', false)
    .option('--quick', 'shorten every phase to a few seconds (CI, first look)', false)
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (files: string[], options) => {
      const { runCommand } = await import('./commands/run.js');
      setExitCode(await runCommand(files, options));
    });

  program
    .command('report')
    .description('re-render every output of a run folder from its run.json, without re-running')
    .argument('<run-dir>', 'a run folder, e.g. results/latest')
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (runDir: string, options) => {
      const { reportCommand } = await import('./commands/report.js');
      setExitCode(await reportCommand(runDir, options));
    });

  program
    .command('merge')
    .description('merge whole runs of one scenario (as repetitions), or generator workers\' outputs, exactly into a new run folder')
    .argument('<input...>', 'run folders (with run.json), or files of worker output (Swarm service logs, kubectl logs)')
    .option('--out <dir>', 'results root; the merged run lands in <dir>/<run-id>/', 'results')
    .option('--scenario <file>', 'worker outputs: the scenario file the workers ran')
    .option('--variant <name>', 'worker outputs: the name of the target they drove', 'target')
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (inputs: string[], options) => {
      const { mergeCommand } = await import('./commands/merge.js');
      setExitCode(await mergeCommand(inputs, options));
    });

  program
    .command('kubernetes')
    .description('print the Kubernetes manifest (namespace, Service, Indexed Job) that runs a scenario\'s generator workers; merge their logs with `merge`')
    .argument('<scenario>', 'the scenario file the workers run (its open- and closed-loop phases)')
    .requiredOption('--workers <n>', 'generator workers (Job completions = parallelism = N; the completion index is the worker index)', positiveInt)
    .requiredOption('--target-selector <labels>', 'labels of the proxy pods the run\'s Service sends to, e.g. app=myproxy')
    .requiredOption('--target-port <port>', 'the port the proxy pods listen on', positiveInt)
    .option('--image <image>', 'the generator worker image (default proxybench/generator-worker:VERSION)')
    .option('--start-in <duration>', 'the first phase starts this long after the manifest is made, on every worker at once', '2m')
    .option('--id <id>', 'names the namespace pb-ID and its objects (default: a new run id)')
    .action(async (file: string, options) => {
      const { kubernetesCommand } = await import('./commands/kubernetes.js');
      setExitCode(await kubernetesCommand(file, options));
    });

  program
    .command('compare')
    .description('the release gate: compare a candidate run with a baseline run; pass (0), fail (10) or inconclusive (11)')
    .argument('<baseline-run-dir>', 'the baseline run folder, e.g. results/baselines/nightly')
    .argument('<candidate-run-dir>', 'the candidate run folder, e.g. results/latest')
    .option('--out <dir>', 'where to write compare.md, compare.csv, junit.xml (default: CANDIDATE/compare-<baseline run id>)')
    .option('--p99-regression-pct <n>', 'p99 may grow by at most N% (default: the scenario slo, else 10)', percent)
    .option('--p999-regression-pct <n>', 'p99.9 may grow by at most N% (default: the scenario slo, else 20)', percent)
    .option('--rps-drop-pct <n>', 'rps may drop by at most N% (default: the scenario slo, else 5)', percent)
    .option('--cpu-regression-pct <n>', 'proxy CPU per 1k requests may grow by at most N% (default: the scenario slo, else 10)', percent)
    .option('--bytes-per-conn-regression-pct <n>', 'memory per connection may grow by at most N% (default: the scenario slo, else 5)', percent)
    .option('--cpu-per-handshake-regression-pct <n>', 'TLS full/resumed phases: proxy CPU per handshake may grow by at most N% (default: the scenario slo, else 10)', percent)
    .option('--allow-missing', 'let a variant, phase, ladder or probe the baseline has and the candidate lacks pass (the verdict says so)', false)
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (baseline: string, candidate: string, options) => {
      const { compareCommand } = await import('./commands/compare.js');
      const { cpuRegressionPct, ...rest } = options;
      setExitCode(await compareCommand(baseline, candidate, { ...rest, cpuPer1kRegressionPct: cpuRegressionPct }));
    });

  program
    .command('variants')
    .description('list the variants, whether each can run here, and what provides a missing one')
    .option('--json', 'print JSON on stdout', false)
    .action(async (options) => {
      const { variantsCommand } = await import('./commands/variants.js');
      setExitCode(await variantsCommand(options));
    });

  const images = program.command('images').description('container images of the docker runtime');
  images
    .command('build')
    .description('build the base, the upstream and variant images that are missing or changed (all when no name is given)')
    .argument('[names...]', 'images to build: upstream and variant names, e.g. nginx haproxy')
    .option('--from-source', 'compile the own programs inside the image (their sourceDockerfile; needs rust/golang images from a registry)', false)
    .option('--base <image>', 'build FROM this image (e.g. debian:bookworm-slim) instead of the local proxybench/base:bookworm')
    .option('--force', 'rebuild even when nothing changed', false)
    .option('--variant-dir <dir>', 'also read variant folders from DIR (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (names: string[], options) => {
      const { imagesBuildCommand } = await import('./commands/images.js');
      setExitCode(await imagesBuildCommand(names, options));
    });

  program
    .command('clean')
    .description('remove the Swarm services, containers and networks proxybench runs left behind (after a crash); those of runs still in progress here are kept')
    .option('--images', 'also remove the proxybench/* images', false)
    .option('--all', 'also remove the containers of runs still in progress on this machine', false)
    .option('--json', 'print a JSON result on stdout', false)
    .action(async (options) => {
      const { cleanCommand } = await import('./commands/clean.js');
      setExitCode(await cleanCommand(options));
    });

  const probes = program.command('probes').description('the adversarial probe catalogue (scenarios/probes/*.yaml)');
  probes
    .command('list')
    .description('every probe: id, category, tier (severe, ambiguous, acceptable) and what a safe proxy does')
    .option('--category <name>', 'only this category (smuggling, parser, limits, expect-pause-upgrade, h2, …)')
    .option('--probe-dir <dir>', 'also read probe files from DIR (repeatable)', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--json', 'print JSON on stdout', false)
    .action(async (options) => {
      const { probesListCommand } = await import('./commands/probes.js');
      setExitCode(await probesListCommand(options));
    });

  program
    .command('doctor')
    .description('check the machine: cores, fd limit, CPU pinning, installed proxies, container engine')
    .option('--json', 'print JSON on stdout', false)
    .action(async (options) => {
      const { doctorCommand } = await import('./commands/doctor.js');
      setExitCode(await doctorCommand(options));
    });

  return program;
}

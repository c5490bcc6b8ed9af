// `proxybench kubernetes SCENARIO`: prints the Indexed Job manifest of the scenario's generator workers, and how to merge them.
import { newRunId } from '../../run/run-dir.js';
import { jobManifestProblems, renderJobManifest } from '../../run/kubernetes/job-manifest.js';
import { loadScenarioFile } from '../../scenario/load.js';
import { parseDurationMs } from '../../shared/units.js';
import { ConfigError, UsageError } from '../../shared/errors.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { toolVersion } from '../../run/provenance.js';
import { repoRoot } from '../paths.js';

export interface KubernetesOptions {
  workers: number;
  targetSelector: string;
  targetPort: number;
  image?: string;
  startIn: string;
  id?: string;
}

function selector(text: string): Record<string, string> {
  const pairs = text.split(',').map((p) => p.trim()).filter(Boolean).map((p) => p.split('='));
  if (pairs.some((p) => p.length !== 2 || !p[0] || !p[1])) throw new UsageError(`--target-selector ${JSON.stringify(text)}: expected labels like app=myproxy or app=myproxy,tier=edge`);
  return Object.fromEntries(pairs as [string, string][]);
}

export async function kubernetesCommand(file: string, options: KubernetesOptions): Promise<number> {
  const { scenario } = await loadScenarioFile(file);
  const startInMs = parseDurationMs(options.startIn);
  if (startInMs === undefined || startInMs < 10_000) throw new UsageError(`--start-in ${JSON.stringify(options.startIn)}: expected a duration of at least 10s, e.g. 2m`, { hint: 'the pods must be scheduled and running before the first phase starts' });
  const id = options.id ?? newRunId(scenario.name, new Date()).toLowerCase();
  const input = {
    id, scenario, workers: options.workers, targetSelector: selector(options.targetSelector), targetPort: options.targetPort,
    workerImage: options.image ?? `proxybench/generator-worker:${(await toolVersion(repoRoot())).version}`, t0EpochMs: Date.now() + startInMs,
  };
  const problems = jobManifestProblems(input);
  if (problems.length > 0) throw new ConfigError('the Kubernetes manifest cannot be made', problems);
  process.stdout.write(renderJobManifest(input));
  const ns = `pb-${id}`;
  process.stderr.write([
    `apply it within ${options.startIn} (the first phase starts then, on every worker at once): kubectl apply -f job.yaml`,
    `run the proxy under test in namespace ${ns} with labels ${options.targetSelector}, listening on port ${options.targetPort}`,
    `when the Job completes: kubectl logs -n ${ns} -l proxybench.run=${id} --tail=-1 --max-log-requests=${Math.max(5, options.workers)} > workers.log`,
    `then: proxybench merge --scenario ${file} --variant NAME workers.log   (and kubectl delete namespace ${ns})`,
    '',
  ].join('\n'));
  return ExitCode.ok;
}

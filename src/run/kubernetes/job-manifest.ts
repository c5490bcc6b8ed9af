// Pure: the Kubernetes manifest of a scenario's generator workers: the run's own namespace and Service, an Indexed Job.
import { stringify } from 'yaml';
import type { Scenario } from '../../scenario/schema.js';
import { encodePlan, phaseStarts, type RemotePlan } from '../../traffic/remote/plan.js';
import type { TrafficSpec } from '../../traffic/types.js';

export interface JobManifestInput {
  /** Names every object: namespace pb-<id>, Service pb-<id>-target, Job pb-<id>-generators. Lower-case letters, digits, dashes. */
  id: string;
  scenario: Scenario;
  workers: number;
  /** The generator worker image (proxybench images build generator-worker), e.g. proxybench/generator-worker:0.1.0. */
  workerImage: string;
  /** The pods of the proxy under test, in the run's namespace: the Service selects them by these labels. */
  targetSelector: Record<string, string>;
  targetPort: number;
  /** The first phase's common start, epoch ms: leave the pods time to be scheduled and pull nothing. */
  t0EpochMs: number;
}

/** Kubernetes names are DNS labels: at most 63 characters. */
const maxLabel = 63;

export function jobManifestProblems(input: Pick<JobManifestInput, 'id' | 'workers' | 'targetPort' | 'targetSelector'>): string[] {
  const problems: string[] = [];
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(input.id)) problems.push(`id ${JSON.stringify(input.id)}: lower-case letters, digits and dashes`);
  if (`pb-${input.id}-generators`.length > maxLabel) problems.push(`id ${JSON.stringify(input.id)} is too long: the names it makes must fit in ${maxLabel} characters`);
  if (!Number.isInteger(input.workers) || input.workers < 1 || input.workers > 1000) problems.push('workers must be an integer in 1..1000');
  if (!Number.isInteger(input.targetPort) || input.targetPort < 1 || input.targetPort > 65535) problems.push('the target port must be in 1..65535');
  if (Object.keys(input.targetSelector).length === 0) problems.push('the target selector needs at least one label (key=value), naming the proxy pods the Service sends to');
  return problems;
}

/** The scenario's phases (no ladders, rate searches or attacks: those need the coordinator beside the proxy) as worker specs to the Service. */
export function remotePlan(input: JobManifestInput): RemotePlan {
  const namespace = `pb-${input.id}`;
  const service = `pb-${input.id}-target.${namespace}.svc.cluster.local`;
  const s = input.scenario;
  const phases = s.phases.flatMap((phase) => {
    const t = phase.traffic;
    if (t.loop === 'ladder' || t.loop === 'search' || phase.attack) return []; // a rate search picks its steps as it goes: the coordinator's
    const r = t.request ?? s.request;
    const common = { target: { host: service, port: input.targetPort }, request: { method: r.method, path: r.path, headers: r.headers, bodyBytes: r.body ?? 0 }, durationMs: phase.duration, timeoutMs: s.requestTimeout };
    const spec: TrafficSpec = t.loop === 'closed' ? { kind: 'closed', ...common, connections: t.connections } : { kind: 'open', ...common, ratePerSec: t.rate, maxConnections: t.connections };
    return [{ name: phase.name, spec }];
  });
  return { format: 1, scenario: s.name, count: input.workers, t0EpochMs: input.t0EpochMs, phases, ownService: service };
}

/** Namespace, Service and Indexed Job (completions = parallelism = workers; the completion index is the worker index). */
export function renderJobManifest(input: JobManifestInput): string {
  const namespace = `pb-${input.id}`;
  const labels = { 'app.kubernetes.io/part-of': 'proxybench', 'proxybench.run': input.id };
  const plan = remotePlan(input);
  const starts = phaseStarts(plan);
  const last = plan.phases.at(-1)?.spec;
  const deadlineSec = Math.ceil(((starts.at(-1) ?? input.t0EpochMs) - input.t0EpochMs + (last ? last.durationMs + 2 * last.timeoutMs : 0)) / 1000) + 600;
  const docs = [
    { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace, labels } },
    {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: `pb-${input.id}-target`, namespace, labels },
      spec: { selector: input.targetSelector, ports: [{ name: 'http', port: input.targetPort, targetPort: input.targetPort, protocol: 'TCP' }] },
    },
    {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: { name: `pb-${input.id}-generators`, namespace, labels },
      spec: {
        completionMode: 'Indexed', completions: input.workers, parallelism: input.workers, backoffLimit: 0,
        activeDeadlineSeconds: deadlineSec, ttlSecondsAfterFinished: 86_400,
        template: {
          metadata: { labels: { ...labels, 'proxybench.role': 'generator-worker' } },
          spec: {
            restartPolicy: 'Never',
            // One worker per node where the cluster has enough: workers on one node compete for its cores.
            topologySpreadConstraints: [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { 'proxybench.run': input.id, 'proxybench.role': 'generator-worker' } } }],
            containers: [{
              name: 'worker', image: input.workerImage, imagePullPolicy: 'IfNotPresent',
              env: [{ name: 'PROXYBENCH_PLAN', value: encodePlan(plan) }],
              resources: { requests: { cpu: '1', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
            }],
          },
        },
      },
    },
  ];
  return docs.map((d) => stringify(d)).join('---\n');
}

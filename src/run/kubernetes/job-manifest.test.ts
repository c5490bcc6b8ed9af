// The Kubernetes manifest's shape, checked against the Kubernetes API schemas (kubernetes-models): no cluster here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Namespace } from 'kubernetes-models/v1/Namespace';
import { Service } from 'kubernetes-models/v1/Service';
import { Job } from 'kubernetes-models/batch/v1/Job';
import { parseAllDocuments } from 'yaml';
import { scenarioSchema } from '../../scenario/schema.js';
import { decodePlan, phaseStarts, workerIndexFromEnv } from '../../traffic/remote/plan.js';
import { ownServiceName } from '../../traffic/safety.js';
import { jobManifestProblems, renderJobManifest } from './job-manifest.js';

const scenario = scenarioSchema.parse({
  name: 'k8s', variants: ['nginx'],
  phases: [
    { name: 'warm', warmup: true, duration: '5s', traffic: { loop: 'closed', connections: 16 } },
    { name: 'load', duration: '30s', traffic: { loop: 'open', rate: '20000/s', connections: 256 } },
    { name: 'idle', duration: '20s', traffic: { loop: 'ladder', kind: 'idle', steps: [0, 100] } },
  ],
});
const input = { id: '20261201-1200-k8s-ab12', scenario, workers: 3, workerImage: 'proxybench/generator-worker:0.1.0', targetSelector: { app: 'myproxy' }, targetPort: 8080, t0EpochMs: 1_800_000_000_000 };

test('namespace, Service and an Indexed Job with completions = parallelism = workers, each valid against the API schema', () => {
  const docs = parseAllDocuments(renderJobManifest(input)).map((d) => d.toJS() as Record<string, unknown>);
  assert.deepEqual(docs.map((d) => d.kind), ['Namespace', 'Service', 'Job']);
  new Namespace(docs[0] as never).validate();
  new Service(docs[1] as never).validate();
  const job = new Job(docs[2] as never);
  job.validate();
  assert.equal(job.metadata?.namespace, 'pb-20261201-1200-k8s-ab12');
  assert.equal(job.spec?.completionMode, 'Indexed');
  assert.equal(job.spec?.completions, 3);
  assert.equal(job.spec?.parallelism, 3);
  assert.equal(job.spec?.backoffLimit, 0);
  assert.equal(job.spec?.template.spec?.restartPolicy, 'Never');
  assert.ok((job.spec?.activeDeadlineSeconds ?? 0) > 5 + 30, 'every worker is bounded in time');
  const container = job.spec!.template.spec!.containers[0]!;
  assert.equal(container.image, 'proxybench/generator-worker:0.1.0');
  const service = docs[1] as { metadata: { name: string }; spec: { selector: Record<string, string>; ports: { port: number }[] } };
  assert.deepEqual(service.spec.selector, { app: 'myproxy' });
  assert.ok([docs[0], docs[1], docs[2]].every((d) => ((d as { metadata: { name: string } }).metadata.name.length <= 63)));

  // The plan each pod reads: the workers' shares come from the completion index Kubernetes sets.
  const plan = decodePlan(container.env!.find((e) => e.name === 'PROXYBENCH_PLAN')!.value!);
  assert.equal(plan.count, 3);
  assert.deepEqual(plan.phases.map((p) => p.name), ['warm', 'load'], 'ladders stay with the coordinator');
  assert.equal(plan.ownService, 'pb-20261201-1200-k8s-ab12-target.pb-20261201-1200-k8s-ab12.svc.cluster.local');
  assert.ok(ownServiceName.test(plan.ownService));
  assert.ok(plan.phases.every((p) => p.spec.target.host === plan.ownService && p.spec.target.port === 8080));
  assert.equal(phaseStarts(plan)[0], input.t0EpochMs);
  assert.equal(workerIndexFromEnv({ JOB_COMPLETION_INDEX: '2' }), 2);
});

test('bad inputs are named before anything is printed', () => {
  assert.deepEqual(jobManifestProblems({ ...input, id: 'Bad_Id', workers: 0, targetPort: 70000, targetSelector: {} }).length, 4);
  assert.match(jobManifestProblems({ ...input, id: 'x'.repeat(60) })[0]!, /too long/);
});

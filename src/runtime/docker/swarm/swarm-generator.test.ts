// The Swarm generator's own checks, before docker is asked anything: only the run's containers on its overlay are targets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BenchError } from '../../../shared/errors.js';
import type { TargetAddress, TrafficSpec } from '../../../traffic/types.js';
import type { DockerSession } from '../session.js';
import { createSwarmGenerator, phaseDeadlineMs } from './swarm-generator.js';

/** A session of run r1 on overlay pb-r1 that knows one container, published at 127.0.0.1:40001, by its alias. */
function fakeSession(network: 'overlay' | 'bridge' = 'overlay'): { session: DockerSession; services: string[] } {
  const services: string[] = [];
  const known = new Map<string, TargetAddress>([['127.0.0.1:40001', { host: 'pb-r1-nginx-2-target', port: 8080 }]]);
  const session = {
    options: { network },
    runId: () => 'r1',
    networkName: () => 'pb-r1',
    workerTarget: (a: TargetAddress) => known.get(`${a.host}:${a.port}`),
    trackService: (name: string) => void services.push(name),
    releaseService: () => undefined,
    nextName: (role: string) => `pb-r1-${role}-9`,
    labels: (role: string) => ({ 'proxybench.run': 'r1', 'proxybench.role': role }),
  } as unknown as DockerSession;
  return { session, services };
}

const spec = (port: number): TrafficSpec => ({ kind: 'open', target: { host: '127.0.0.1', port }, request: { method: 'GET', path: '/' }, ratePerSec: 100, maxConnections: 4, durationMs: 1000, timeoutMs: 1000 });
const code = (c: string) => (e: unknown) => e instanceof BenchError && e.code === c;

test('a target the run did not start on its network is refused, and no service is created for it', async () => {
  const { session, services } = fakeSession();
  const generator = createSwarmGenerator(session, { replicas: 2, scenario: 's' });
  await assert.rejects(generator.run(spec(40002)), code('UNSAFE_TARGET'), 'a loopback port, but no container of the run publishes it');
  assert.deepEqual(services, [], 'nothing was deployed');
  assert.equal(generator.pids.length, 0);
});

test('Swarm workers need the run\'s overlay: on a bridge network they are refused before docker is asked', async () => {
  const { session, services } = fakeSession('bridge');
  await assert.rejects(createSwarmGenerator(session, { replicas: 2, scenario: 's' }).run(spec(40001)), code('GENERATOR_EXITED'));
  assert.deepEqual(services, []);
});

test('every phase has a deadline: the phase, its drain, the worker\'s own exit margin', () => {
  const t0 = 1_800_000_000_000;
  const deadline = phaseDeadlineMs(spec(40001), t0);
  assert.ok(deadline > t0 + 1000 + 2 * 1000, 'after the phase and its drain');
  assert.ok(deadline < t0 + 120_000, 'bounded');
});

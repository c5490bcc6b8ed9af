// Tests the docker run flags built for host and bridge networking, and the exit-code → signal mapping.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerName, fallbackRunId, imageRef, networkName, runLabel } from './naming.js';
import { containerRunArgs, exitInfoFromCode, type ContainerSpec } from './run-args.js';

const spec: ContainerSpec = {
  name: 'pb-run1-nginx-2',
  image: imageRef('nginx'),
  labels: { 'proxybench.run': 'run1', 'proxybench.role': 'proxy' },
  network: { mode: 'host' },
  cpus: '1',
  mounts: [{ host: '/tmp/x/nginx-r1', container: '/tmp/x/nginx-r1' }],
  workdir: '/tmp/x/nginx-r1',
  env: { GOMAXPROCS: '1' },
  command: ['nginx', '-c', '/tmp/x/nginx-r1/nginx.conf'],
};

test('host networking: labelled, pinned, tini as init, bind mount at the same path, command last', () => {
  assert.deepEqual(containerRunArgs(spec), [
    'run', '--detach', '--init', '--name', 'pb-run1-nginx-2',
    '--label', 'proxybench.run=run1', '--label', 'proxybench.role=proxy',
    '--network', 'host', '--cpuset-cpus', '1',
    '--volume', '/tmp/x/nginx-r1:/tmp/x/nginx-r1', '--workdir', '/tmp/x/nginx-r1',
    '--env', 'GOMAXPROCS=1',
    'proxybench/nginx:latest', 'nginx', '-c', '/tmp/x/nginx-r1/nginx.conf',
  ]);
});

test('bridge networking publishes on loopback; a memory limit covers swap too', () => {
  const args = containerRunArgs({
    ...spec,
    network: { mode: 'bridge', network: 'pb-run1', aliases: ['upstream'], publish: [{ hostIp: '127.0.0.1', hostPort: 18080, containerPort: 8080 }] },
    memoryBytes: 268435456,
  });
  const joined = args.join(' ');
  assert.match(joined, /--network pb-run1 --network-alias upstream --publish 127\.0\.0\.1:18080:8080/);
  assert.match(joined, /--memory 268435456 --memory-swap 268435456/);
  assert.ok(!args.includes('host'));
});

test('exit codes above 128 from tini are signals', () => {
  const signals = { SIGKILL: 9, SIGTERM: 15 };
  assert.deepEqual(exitInfoFromCode(143, signals), { code: null, signal: 'SIGTERM' });
  assert.deepEqual(exitInfoFromCode(137, signals), { code: null, signal: 'SIGKILL' });
  assert.deepEqual(exitInfoFromCode(1, signals), { code: 1, signal: null });
  assert.deepEqual(exitInfoFromCode(0, signals), { code: 0, signal: null });
});

test('names and labels are valid docker names and carry the run id', () => {
  assert.equal(runLabel('20261121-073130-quick-0751'), 'proxybench.run=20261121-073130-quick-0751');
  assert.equal(containerName('r1', 'nginx-lua', 3), 'pb-r1-nginx-lua-3');
  assert.equal(networkName('a b'), 'pb-a-b');
  assert.match(fallbackRunId(new Date('2026-01-02T03:04:05.678Z'), 42), /^adhoc-20260102-030405-42$/);
});

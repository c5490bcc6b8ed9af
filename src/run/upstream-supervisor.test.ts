// The upstream's death is seen when it happens, named with its time, and a dead upstream is restarted before the next cell.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ExitInfo } from '../record/run.js';
import type { RunningUpstream } from '../runtime/runtime.js';
import { describeDeath, superviseUpstream } from './upstream-supervisor.js';
import { treeChange } from './run-phase.js';

function fakeUpstream(port: number): RunningUpstream & { kill(exit: ExitInfo): void } {
  let kill: (exit: ExitInfo) => void = () => undefined;
  const exited = new Promise<ExitInfo>((resolve) => (kill = resolve));
  return {
    address: { host: '127.0.0.1', port },
    resources: { describe: 'fake', read: () => undefined },
    stats: async () => ({ requests: 0, connectionsOpened: 0, connectionsOpen: 0 }),
    resetStats: async () => undefined,
    exited,
    kill: (exit) => kill(exit),
  };
}

test('death at a known time, described into the phase; ensureAlive restarts it once and forgets the death', async () => {
  let clock = 1000;
  const first = fakeUpstream(1);
  const second = fakeUpstream(2);
  const restarted: RunningUpstream[] = [];
  const supervisor = superviseUpstream(first, async () => second, () => clock, (u) => restarted.push(u));
  assert.equal(supervisor.death(), undefined);
  assert.equal(await supervisor.ensureAlive(), undefined, 'alive: nothing to do');
  clock = 3500;
  first.kill({ code: null, signal: 'SIGKILL' });
  await new Promise((resolve) => setImmediate(resolve));
  const death = supervisor.death()!;
  assert.deepEqual(death, { atMs: 3500, exit: { code: null, signal: 'SIGKILL' } });
  assert.equal(describeDeath(death, 1200), 'the upstream died at t = 2.3 s into the phase (code null, signal SIGKILL)');
  assert.equal(await supervisor.ensureAlive(), death);
  assert.equal(supervisor.current(), second);
  assert.deepEqual(restarted, [second]);
  assert.equal(supervisor.death(), undefined);
});

test('a restart that fails leaves the death in place (the cell fails with it)', async () => {
  const first = fakeUpstream(1);
  const supervisor = superviseUpstream(first, async () => { throw new Error('port 18090 is in use'); }, () => 0, () => undefined);
  first.kill({ code: 1, signal: null });
  await new Promise((resolve) => setImmediate(resolve));
  await assert.rejects(supervisor.ensureAlive(), /in use/);
  assert.ok(supervisor.death());
});

test('the proxy tree: a worker killed and respawned shows as one ended, one appeared; unchanged or unknown is undefined', () => {
  assert.deepEqual(treeChange([10, 11], [10, 12]), { ended: [11], appeared: [12] });
  assert.equal(treeChange([10, 11], [11, 10]), undefined);
  assert.equal(treeChange(undefined, [10]), undefined);
});

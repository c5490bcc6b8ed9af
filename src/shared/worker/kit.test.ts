// The worker kit end to end with a sample worker: pinning from birth, replies, full error detail, timeouts, deaths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { pidAlive } from '../pid-alive.js';
import { BenchError, ConfigError, EnvironmentError } from '../errors.js';
import { startWorker, type WorkerOptions } from './spawn.js';
import { errorDetail, fromWireError, toWireError } from './wire-error.js';

const options: WorkerOptions = { modulePath: fileURLToPath(new URL('./testing/sample-worker.js', import.meta.url)), name: 'sample worker', code: 'SAMPLE' };

test('a worker is pinned from birth, answers calls in order and stops', async () => {
  const worker = await startWorker({ ...options, cpus: '0' });
  try {
    assert.equal(await worker.call('cpus', undefined, 10_000), '0');
    const replies = await Promise.all([1, 2, 3].map((n) => worker.call('echo', { n }, 10_000)));
    assert.deepEqual(replies, [{ n: 1 }, { n: 2 }, { n: 3 }]);
  } finally {
    await worker.stop();
  }
  assert.equal(worker.alive(), false);
  await assert.rejects(worker.call('echo', 1, 1000), (e: unknown) => e instanceof BenchError && e.code === 'SAMPLE_EXITED');
});

test("a worker's ConfigError comes back as a ConfigError with every problem and its fix; a bug keeps its stack", async () => {
  const worker = await startWorker(options);
  try {
    await assert.rejects(worker.call('config', undefined, 10_000), (e: unknown) => {
      assert.ok(e instanceof ConfigError, String(e));
      assert.deepEqual(e.problems, ['ratePerSec must be in (0, 1000000]', 'durationMs must be in (0, 3600000]']);
      assert.equal(e.hint, 'fix the phase');
      // What a failed cell records: nothing of it is dropped.
      assert.equal(errorDetail(e), 'the spec is invalid; ratePerSec must be in (0, 1000000]; durationMs must be in (0, 3600000]; fix: fix the phase');
      return true;
    });
    await assert.rejects(worker.call('bug', undefined, 10_000), (e: unknown) => e instanceof BenchError && e.code === 'SAMPLE' && /TypeError/.test(e.message) && /sample-worker/.test(e.message));
    await assert.rejects(worker.call('nope', undefined, 10_000), (e: unknown) => e instanceof BenchError && /unknown method "nope"/.test(e.message));
    assert.deepEqual(await worker.call('echo', 'still serving', 10_000), 'still serving');
  } finally {
    await worker.stop();
  }
});

test('a call past its bound kills the worker; a worker that dies fails its call with its last words', async () => {
  const hung = await startWorker(options);
  await assert.rejects(hung.call('hang', undefined, 200), (e: unknown) => e instanceof BenchError && e.code === 'SAMPLE_TIMEOUT');
  await hung.stop();
  assert.equal(pidAlive(hung.pid), false);
  const dying = await startWorker(options);
  await assert.rejects(dying.call('die', undefined, 10_000), (e: unknown) => e instanceof BenchError && e.code === 'SAMPLE_EXITED' && /code 3/.test(e.message) && /dying on purpose/.test(e.message));
});

test('bad and missing CPUs are refused before anything runs, leaving no process', async () => {
  await assert.rejects(startWorker({ ...options, cpus: '0;rm' }), (e: unknown) => e instanceof ConfigError);
  await assert.rejects(startWorker({ ...options, cpus: '999' }), (e: unknown) => e instanceof EnvironmentError && /taskset/.test(e.hint ?? ''));
});

test('errors round-trip as plain data with their class and detail', () => {
  const back = fromWireError(JSON.parse(JSON.stringify(toWireError(new ConfigError('bad', ['a', 'b'], { cause: new Error('root') })))), 'X', 'w');
  assert.ok(back instanceof ConfigError);
  assert.deepEqual(back.problems, ['a', 'b']);
  assert.equal((back.cause as Error).message, 'root');
});

// Real-time priority: the policy read back from /proc/<pid>/stat, the RT throttle in words, the report's sentence.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeGeneratorPriority, describeRtThrottle, parseSchedPolicy, readRtThrottle, readSchedPolicy } from './realtime.js';

const stat = (rtPriority: number, policy: number) => `42 (node) R 1 42 42 0 -1 4194304 0 0 0 0 10 0 0 0 -2 0 1 0 100 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 ${rtPriority} ${policy} 0 0 0`;

test('the policy and real-time priority come from fields 40 and 41 of /proc/<pid>/stat', () => {
  assert.deepEqual(parseSchedPolicy(stat(1, 1)), { policy: 'SCHED_FIFO', rtPriority: 1 });
  assert.deepEqual(parseSchedPolicy(stat(0, 0)), { policy: 'SCHED_OTHER', rtPriority: 0 });
  assert.equal(parseSchedPolicy('garbage'), undefined);
  assert.equal(readSchedPolicy(process.pid)?.policy, 'SCHED_OTHER', 'this test runs at normal priority');
});

test('the RT throttle: a spinning real-time task loses (period − runtime) every period', () => {
  const files: Record<string, string> = { '/proc/sys/kernel/sched_rt_runtime_us': '950000\n', '/proc/sys/kernel/sched_rt_period_us': '1000000\n' };
  const t = readRtThrottle((p) => files[p] ?? '');
  assert.deepEqual(t, { runtimeUs: 950_000, periodUs: 1_000_000 });
  assert.match(describeRtThrottle(t), /stopped up to 50 ms every 1000 ms .* a 50 ms scheduling gap/);
  assert.match(describeRtThrottle({ runtimeUs: -1, periodUs: 1_000_000 }), /never throttled/);
  assert.match(describeRtThrottle(readRtThrottle(() => { throw new Error('ENOENT'); })), /could not be read/);
});

test('the report says what was asked for and what each worker got', () => {
  const throttle = { runtimeUs: 950_000, periodUs: 1_000_000 };
  const fifo = { pid: 7, cpu: '0', policy: 'SCHED_FIFO', rtPriority: 1 };
  assert.match(describeGeneratorPriority({ requested: 'realtime', wrap: 'chrt -f 1', fallback: null, throttle, workers: [fifo] }), /real-time under `chrt -f 1`: SCHED_FIFO 1 \(pid 7, CPU 0\); sched_rt_runtime_us 950000/);
  assert.match(describeGeneratorPriority({ requested: 'realtime', wrap: 'chrt -f 1', fallback: null, throttle, spinYield: { everyUs: 900, forUs: 100 }, workers: [fifo] }), /slept 100 µs of every 900 µs it spun, so the throttle never stopped it/);
  assert.match(describeGeneratorPriority({ requested: 'realtime', wrap: null, fallback: 'chrt -f 1 was refused', throttle, workers: [{ ...fifo, policy: 'SCHED_OTHER', rtPriority: 0 }] }), /asked for but not obtained \(chrt -f 1 was refused\): SCHED_OTHER \(pid 7/);
  assert.match(describeGeneratorPriority({ requested: 'normal', wrap: null, fallback: null, throttle, workers: [] }), /normal \(--realtime not asked for\): not started/);
});

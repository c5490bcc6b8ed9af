// Health answers judged against the run's identity: ours, another run's (named), a stranger's 200, not ready yet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identityInHealth, judgeHealthAnswer, newRunIdentity, runIdOf } from './identity.js';

test('a token names its run and carries a nonce no other run shares', () => {
  const [a, b] = [newRunIdentity('20261201-quick-ab12'), newRunIdentity('20261201-quick-ab12')];
  assert.notEqual(a, b);
  assert.equal(runIdOf(a), '20261201-quick-ab12');
  assert.equal(identityInHealth(`ok ${a}`), a);
  assert.equal(identityInHealth('ok'), undefined);
});

test('only our own token is healthy; another run’s is named, a bare 200 is refused; not ready yet is not foreign', () => {
  const ours = newRunIdentity('run-a');
  const theirs = newRunIdentity('run-b');
  assert.deepEqual(judgeHealthAnswer(200, `ok ${ours}`, ours), { ok: true });
  const other = judgeHealthAnswer(200, `ok ${theirs}`, ours);
  assert.ok(!other.ok && other.foreign && /another proxybench run, run-b/.test(other.reason));
  const stranger = judgeHealthAnswer(200, 'hello', ours);
  assert.ok(!stranger.ok && stranger.foreign && /without this run’s identity/.test(stranger.reason));
  const starting = judgeHealthAnswer('ECONNREFUSED', '', ours);
  assert.ok(!starting.ok && !starting.foreign);
});

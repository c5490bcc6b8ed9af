// Names and labels: whose containers `proxybench clean` must spare.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ownedByLiveRun, ownerValue } from './naming.js';

test('clean spares only resources of a runner alive on this host; unlabelled or foreign ones are cleaned', () => {
  const alive = (pid: number) => pid === 4242;
  assert.equal(ownerValue('ci-box', 4242), 'ci-box:4242');
  assert.equal(ownedByLiveRun('ci-box:4242', 'ci-box', alive), true);
  assert.equal(ownedByLiveRun('ci-box:4243', 'ci-box', alive), false, 'its runner is gone: a leftover');
  assert.equal(ownedByLiveRun('other-box:4242', 'ci-box', alive), false, 'another host’s pid says nothing here');
  assert.equal(ownedByLiveRun('', 'ci-box', alive), false, 'containers of older runs carry no owner');
  assert.equal(ownedByLiveRun(undefined, 'ci-box', alive), false);
  assert.equal(ownedByLiveRun('host:with:colons:4242', 'host:with:colons', alive), true);
});

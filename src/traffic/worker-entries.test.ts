// The three worker entry modules (generator, ladder, attacker) register nothing when imported: they serve only as programs.
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('importing a worker entry module registers no process handlers', async () => {
  const before = process.listenerCount('message') + process.listenerCount('disconnect');
  await import('./attacks/attacker-worker.js');
  await import('./worker.js');
  await import('./ladder/worker.js');
  assert.equal(process.listenerCount('message') + process.listenerCount('disconnect'), before);
});

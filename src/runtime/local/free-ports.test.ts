// `ports: auto` picks distinct free ports below the ephemeral range, skipping taken and excluded ones.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { test } from 'node:test';
import { autoPortRange, pickFreePorts } from './free-ports.js';

test('distinct ports in the auto range; a taken port and an excluded one are skipped', async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  const takenPort = (taken.address() as { port: number }).port;
  try {
    const sequence = [takenPort, 25_001, 25_001, 25_002, 25_003];
    const ports = await pickFreePorts('127.0.0.1', 2, [25_002], () => sequence.shift() ?? 25_004);
    assert.deepEqual(ports, [25_001, 25_003]);
    const real = await pickFreePorts('127.0.0.1', 4);
    assert.equal(new Set(real).size, 4);
    assert.ok(real.every((p) => p >= autoPortRange.min && p < autoPortRange.max));
  } finally {
    taken.close();
  }
});

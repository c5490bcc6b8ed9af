// Tests of the raw connection layer on its own: ids, timestamps, byte chunks to a pluggable handler, close().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { listenRaw, type RawConnection } from './connection-layer.js';

test('each connection gets an id, open/close timestamps, and its bytes in order', async () => {
  const received = new Map<number, Buffer[]>();
  const closed: RawConnection[] = [];
  const listener = await listenRaw({
    host: '127.0.0.1',
    port: 0,
    createHandler: (connection) => ({
      onData: (chunk) => {
        received.set(connection.id, [...(received.get(connection.id) ?? []), chunk]);
        connection.write(Buffer.from(`echo:${chunk.length}`));
      },
      onEnd: () => connection.end(),
      onClose: () => {},
    }),
    onConnectionClosed: (connection) => closed.push(connection),
  });
  for (const text of ['first', 'second']) {
    const reply = await new Promise<string>((resolve) => {
      const socket = net.connect({ host: '127.0.0.1', port: listener.port }, () => socket.end(text));
      let data = '';
      socket.on('data', (d) => (data += d.toString()));
      socket.on('close', () => resolve(data));
    });
    assert.equal(reply, `echo:${text.length}`);
  }
  for (let i = 0; i < 50 && closed.length < 2; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.deepEqual(closed.map((c) => c.id), [1, 2]);
  assert.deepEqual([...received.entries()].map(([id, chunks]) => [id, Buffer.concat(chunks).toString()]), [[1, 'first'], [2, 'second']]);
  for (const c of closed) {
    assert.ok(c.closedAtUs !== undefined && c.closedAtUs >= c.openedAtUs);
    assert.ok(c.openedAtUs > 1.6e15, 'epoch microseconds');
    assert.ok(c.bytesRead > 0 && c.bytesWritten > 0);
  }
  assert.equal(listener.openConnections, 0);
  await listener.close();
});

test('close() ends open connections', async () => {
  const listener = await listenRaw({
    host: '127.0.0.1', port: 0, createHandler: () => ({ onData: () => {}, onEnd: () => {}, onClose: () => {} }),
  });
  const socket = net.connect({ host: '127.0.0.1', port: listener.port });
  await new Promise((resolve) => socket.once('connect', resolve));
  for (let i = 0; i < 50 && listener.openConnections === 0; i++) await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(listener.openConnections, 1);
  const socketClosed = new Promise((resolve) => socket.once('close', resolve));
  socket.on('error', () => {});
  await listener.close();
  await socketClosed;
});

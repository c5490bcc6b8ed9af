// /proc/net/tcp parsing on literal tables: the server's side of connections on one port, by state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countPortConnections } from './tcp-table.js';

// Port 18080 = 0x46A0. Rows: the listening socket, two server-side ESTABLISHED sockets, the client's side of one
// of them (local port ephemeral, remote 46A0: not counted), one CLOSE_WAIT, one TIME_WAIT (06), one SYN_RECV (03,
// a handshake held back by TCP_DEFER_ACCEPT), another port.
const tcp4 = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:46A0 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 136720 1 0000000083ea07c6 100 0 0 10 0',
  '   1: 0100007F:46A0 0100007F:9C40 01 00000000:00000000 00:00000000 00000000     0        0 136801 1 00000000a1b2c3d4 20 4 30 10 -1',
  '   2: 0100007F:46A0 0100007F:9C41 01 00000000:00000000 00:00000000 00000000     0        0 136802 1 00000000a1b2c3d5 20 4 30 10 -1',
  '   3: 0100007F:9C40 0100007F:46A0 01 00000000:00000000 00:00000000 00000000     0        0 136803 1 00000000a1b2c3d6 20 4 30 10 -1',
  '   4: 0100007F:46A0 0100007F:9C42 08 00000000:00000000 00:00000000 00000000     0        0 136804 1 00000000a1b2c3d7 20 4 30 10 -1',
  '   5: 0100007F:46A0 0100007F:9C43 06 00000000:00000000 03:00001770 00000000     0        0 0 3 00000000a1b2c3d8',
  '   7: 0100007F:46A0 0100007F:9C45 03 00000000:00000000 02:00000123 00000000     0        0 0 1 00000000a1b2c3da',
  '   6: 0100007F:46AA 0100007F:9C44 01 00000000:00000000 00:00000000 00000000     0        0 136805 1 00000000a1b2c3d9 20 4 30 10 -1',
  '',
].join('\n');

const tcp6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0000000000000000FFFF00000100007F:46A0 0000000000000000FFFF00000100007F:A000 01 00000000:00000000 00:00000000 00000000     0        0 9001 1 0000000000000000 20 4 30 10 -1',
  '',
].join('\n');

test('counts server-side ESTABLISHED, CLOSE_WAIT and SYN_RECV sockets on the port, nothing else', () => {
  assert.deepEqual(countPortConnections(tcp4, 18080), { established: 2, closeWait: 1, synRecv: 1 });
});

test('reads IPv6 tables (IPv4-mapped addresses) the same way', () => {
  assert.deepEqual(countPortConnections(tcp6, 18080), { established: 1, closeWait: 0, synRecv: 0 });
});

test('a port with nothing on it, an empty table and a header-only table count zero', () => {
  assert.deepEqual(countPortConnections(tcp4, 80), { established: 0, closeWait: 0, synRecv: 0 });
  assert.deepEqual(countPortConnections('', 18080), { established: 0, closeWait: 0, synRecv: 0 });
  assert.deepEqual(countPortConnections(tcp4.split('\n')[0]!, 18080), { established: 0, closeWait: 0, synRecv: 0 });
});

test('a line read twice (the table changed between two reads of it) counts once', () => {
  const lines = tcp4.split('\n');
  const repeated = [...lines.slice(0, 3), lines[2]!, ...lines.slice(3)].join('\n');
  assert.deepEqual(countPortConnections(repeated, 18080), { established: 2, closeWait: 1, synRecv: 1 });
});

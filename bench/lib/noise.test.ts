// Tests for the /proc parsing of the noise meter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseProcessTicks, parseTotalBusyTicks } from './noise.js';

test('total busy = user + nice + system of the cpu line', () => {
  assert.equal(parseTotalBusyTicks('cpu  100 5 40 9000 3 7 8 0 0 0\ncpu0 1 2 3 4\n'), 145);
});

test('process ticks survive spaces and parentheses in the command name', () => {
  const stat = '1234 (node (x) y) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 7 3 20 0 11 0 100 0 0';
  assert.equal(parseProcessTicks(stat, false), 300);
  assert.equal(parseProcessTicks(stat, true), 310);
});

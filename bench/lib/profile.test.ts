// Summing a CPU profile's samples by function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { selfTimeByFunction } from './profile.js';

test('self time is summed per function across nodes, the hottest first, as shares of every sample', () => {
  const frame = (functionName: string, url: string, lineNumber = 0) => ({ functionName, url, lineNumber });
  const nodes = [
    { id: 1, callFrame: frame('(program)', ''), hitCount: 10 },
    { id: 2, callFrame: frame('feed', 'file:///x/dist/src/traffic/open-loop/response-parser.js', 40), hitCount: 30 },
    { id: 3, callFrame: frame('feed', 'file:///x/dist/src/traffic/open-loop/response-parser.js', 40), hitCount: 20 },
    { id: 4, callFrame: frame('writev', 'node:internal/stream_base_commons'), hitCount: 40 },
  ];
  assert.deepEqual(selfTimeByFunction({ nodes }, 2), [
    { name: 'feed', where: 'open-loop/response-parser.js:41', sharePct: 50 },
    { name: 'writev', where: 'node:internal/stream_base_commons:1', sharePct: 40 },
  ]);
});

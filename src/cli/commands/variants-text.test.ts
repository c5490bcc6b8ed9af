// Tests of the `variants` table: a reason shared by several variants is printed once, with its fix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderVariants, type VariantRow } from './variants-text.js';

const engine = { available: false as const, reason: 'the docker engine does not answer', fix: 'start dockerd' };
const rows: VariantRow[] = [
  { name: 'nginx', language: 'C', local: { available: true, version: '1.22.1' }, docker: engine },
  { name: 'haproxy', language: 'C', local: { available: true, version: '2.6.12' }, docker: engine },
  { name: 'pingora', language: 'Rust', local: { available: false, reason: 'pb-pingora not found', fix: 'bash docker/pingora/build.sh' }, docker: engine },
];

test('a shared reason is said once, below the table, and every row points to it', () => {
  const text = renderVariants(rows);
  assert.equal(text.split('the docker engine does not answer').length - 1, 1);
  assert.equal(text.split('docker: no: see [1] below').length - 1, 3);
  assert.match(text, /^\[1\] docker, 3 variants: the docker engine does not answer\n {4}fix: start dockerd$/m);
});

test('a reason of one variant stays on its row', () => {
  const text = renderVariants(rows);
  assert.match(text, /^pingora +Rust +local: no: pb-pingora not found — fix: bash docker\/pingora\/build.sh$/m);
  assert.match(text, /^nginx +C +local: yes \(1\.22\.1\)$/m);
});

test('nothing shared: no notes', () => {
  const text = renderVariants([rows[0]!]);
  assert.ok(!text.includes('[1]'));
  assert.match(text, /docker: no: the docker engine does not answer — fix: start dockerd/);
});

test('a variant that can run with a warning (an image out of date) says it on its row', () => {
  const warning = 'image proxybench/node:latest is out of date: …; rebuild it: proxybench images build node';
  const text = renderVariants([{ name: 'node', language: 'JavaScript', local: { available: true, version: '20.20.2' }, docker: { available: true, version: '18.20.4', warning } }]);
  assert.ok(text.includes(`docker: yes (18.20.4) — warning: ${warning}`), text);
});

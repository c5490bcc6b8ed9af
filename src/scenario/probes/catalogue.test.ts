// The shipped catalogue loads, covers every category the issue names, and its macros give the documented bytes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { expandProbeText, escapeBytes } from './expand.js';
import { catalogueFolder, loadCatalogue } from './load-catalogue.js';
import { parseProbeFile, selectProbes } from './parse-catalogue.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const bytesOf = (probe: { steps: ({ send: Buffer } | { pauseMs: number })[] }) => Buffer.concat(probe.steps.flatMap((s) => ('send' in s ? [s.send] : [])));

test('the shipped catalogue: at least 40 probes in every category, ids unique', () => {
  const probes = loadCatalogue([join(repoRoot, catalogueFolder)], repoRoot);
  assert.ok(probes.length >= 40, `${probes.length} probes`);
  const categories = new Set(probes.map((p) => p.category));
  for (const c of ['smuggling', 'parser', 'limits', 'expect-pause-upgrade', 'h2']) assert.ok(categories.has(c), c);
  assert.equal(new Set(probes.map((p) => p.id)).size, probes.length);
  assert.ok(probes.filter((p) => p.requires.includes('h2')).every((p) => p.category === 'h2'));
});

test('macros: {S} is 33 bytes, {SB} 52 (0x34), CL.TE declares exactly its body', () => {
  assert.equal(expandProbeText('{S}', '01').length, 33);
  assert.equal(expandProbeText('{SB}', '02').length, 0x34);
  const probes = loadCatalogue([join(repoRoot, catalogueFolder)], repoRoot);
  const clte = bytesOf(probes.find((p) => p.id === '01-cl-te')!).toString('latin1');
  const body = clte.slice(clte.indexOf('\r\n\r\n') + 4);
  assert.equal(body.length, 38);
  assert.ok(body.endsWith('GET /SMUG01 HTTP/1.1\r\nHost: t\r\n\r\n'));
  const spill = bytesOf(probes.find((p) => p.id === '17a-spill-xx')!).toString('latin1');
  assert.equal('8\r\nAAAABBBB\r\n0\r\n\r\nCCCCDDDD'.length, 0x1a, 'the SPILL chunk is 0x1a bytes');
  assert.ok(spill.includes('AAAAAXX1a\r\n'));
});

test('escapes and nested repetition', () => {
  assert.deepEqual([...expandProbeText('a\0\xff{rep:2:{rep:2:x}-}', 'ZZ')], [0x61, 0, 0xff, 0x78, 0x78, 0x2d, 0x78, 0x78, 0x2d]);
  assert.equal(escapeBytes(Buffer.from('A\r\n\x00\\', 'latin1')), 'A\\r\\n\\x00\\\\');
});

test('a bad probe file lists every problem with the probe id', () => {
  const text = 'probes:\n  - id: x1\n    category: parser\n    title: t\n    tier: severe\n    expect: e\n    send: "{Q}"\n  - id: x2\n    category: parser\n    title: t\n    tier: worst\n    expect: e\n';
  const parsed = parseProbeFile(text, 'mine.yaml');
  assert.equal(parsed.probes.length, 0);
  assert.match(parsed.problems.join('\n'), /mine\.yaml: probes\[1\] \(id x2\)\.tier/);
  const ok = parseProbeFile(text.split('  - id: x2')[0]!, 'mine.yaml');
  assert.match(ok.problems[0]!, /probe x1: unknown macro \{Q\}/);
});

test('selection by id and category; unknown names reported', () => {
  const probes = loadCatalogue([join(repoRoot, catalogueFolder)], repoRoot);
  const picked = selectProbes(probes, ['01-cl-te', 'limits', 'nope']);
  assert.deepEqual(picked.unknown, ['nope']);
  assert.ok(picked.probes.some((p) => p.id === '01-cl-te') && picked.probes.some((p) => p.category === 'limits'));
});

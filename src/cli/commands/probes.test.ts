// `proxybench probes list`: every probe with its category, tier and expectation; a count per category.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadCatalogue, shippedCatalogue } from '../../scenario/probes/load-catalogue.js';
import { startCli } from '../../testing/cli.js';
import { renderProbeList } from './probes.js';

test('the list names every probe, its tier and what a safe proxy does', () => {
  const { root, folder } = shippedCatalogue();
  const probes = loadCatalogue([folder], root);
  const text = renderProbeList(probes);
  assert.match(text, /^01-cl-te +smuggling +ambiguous +CL\.TE/m);
  assert.match(text, /expect: 400 and close, or frame by Transfer-Encoding alone/);
  assert.match(text, /requires h2/);
  assert.match(text, new RegExp(`^${probes.length} probes: \\d+ smuggling, \\d+ parser`, 'm'));
});

test('probes list --json through the CLI', async () => {
  const run = await startCli(['probes', 'list', '--category', 'h2', '--json']);
  assert.equal(run.exitCode, 0, run.all);
  const probes = (JSON.parse(run.stdout) as { probes: { id: string; requires: string[]; h2?: { headers: [string, string][]; data?: string } }[] }).probes;
  assert.deepEqual(probes.slice(0, 3).map((p) => p.id), ['30-h2-cl', '30b-h2-cl-short', '30c-h2-cl-long']);
  assert.ok(probes.length >= 14 && probes.every((p) => p.requires.includes('h2') && p.h2 !== undefined), JSON.stringify(probes.map((p) => p.id)));
  assert.equal(probes[0]!.h2!.data, 'GET /SMUG30 HTTP/1.1\r\nHost: t\r\n\r\n');
  assert.deepEqual(probes[0]!.h2!.headers.at(-1), ['content-length', '0']);
});

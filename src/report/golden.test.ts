// Golden fixture: a real run's run.json (open, closed, attack and ladder phases, a probe sweep) renders byte for byte the files committed beside it.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { parseRunRecord } from '../record/read.js';
import { repoRoot, startCli, tempDir } from '../testing/cli.js';
import { renderRunOutputs } from './write-outputs.js';

const fixtureDir = join(repoRoot, 'src', 'testing', 'fixtures', 'golden');
const expectedDir = join(fixtureDir, 'expected');
const runJson = readFileSync(join(fixtureDir, 'run.json'), 'utf8');

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile()).map((e) => relative(dir, join(e.parentPath, e.name))).sort();

test('every output of the golden run renders byte-identical to the committed files (expected/ came from the code before the layer moves)', () => {
  const outputs = renderRunOutputs(parseRunRecord(runJson));
  assert.deepEqual([...outputs.keys()].filter((f) => f !== 'run.json').sort(), filesUnder(expectedDir));
  for (const file of filesUnder(expectedDir)) {
    assert.equal(outputs.get(file), readFileSync(join(expectedDir, file), 'utf8'), `${file} differs from src/testing/fixtures/golden/expected/${file}`);
  }
  assert.equal(outputs.get('run.json'), runJson, 'run.json written back unchanged');
});

test('`proxybench report` of the golden run folder writes the same files, as a user would get them', async () => {
  const dir = tempDir('golden');
  cpSync(join(fixtureDir, 'run.json'), join(dir, 'run.json'));
  const result = await startCli(['report', dir]);
  assert.equal(result.exitCode, 0, result.all);
  assert.deepEqual(filesUnder(dir).filter((f) => f !== 'run.json'), filesUnder(expectedDir));
  for (const file of filesUnder(expectedDir)) {
    assert.ok(readFileSync(join(dir, file)).equals(readFileSync(join(expectedDir, file))), `${file} differs`);
  }
  assert.equal(readFileSync(join(dir, 'run.json'), 'utf8'), runJson, 'report leaves run.json alone');
});

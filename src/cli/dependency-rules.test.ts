// The layer rules of .dependency-cruiser.cjs catch what they forbid: a planted circle, an upward import, a sibling import, test support in shipped code.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { execa } from 'execa';
import { repoRoot, tempDir } from '../testing/cli.js';

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Writes `files` (path → source) under a fresh folder and cruises its src/ with the repository's rule set. */
function plant(files: Record<string, string>): string {
  const dir = tempDir('layers');
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), source);
  }
  return dir;
}

const depcruise = (dir: string, outputType: 'json' | 'err') =>
  execa(join(repoRoot, 'node_modules', '.bin', 'depcruise'), ['src', '--config', join(repoRoot, '.dependency-cruiser.cjs'), '--output-type', outputType], { cwd: dir, reject: false });

async function violationsOf(files: Record<string, string>): Promise<Violation[]> {
  const result = await depcruise(plant(files), 'json');
  const report = JSON.parse(result.stdout) as { summary: { violations: Violation[] } };
  return report.summary.violations;
}

const rules = (violations: Violation[]) => violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();

test('a tree that follows the layers passes', async () => {
  const violations = await violationsOf({
    'src/shared/units.ts': 'export const us = 1;\n',
    'src/record/run.ts': "import { us } from '../shared/units.js';\nexport const r = us;\n",
    'src/cli/main.ts': "import { r } from '../record/run.js';\nimport { us } from '../shared/units.js';\nexport const m = r + us;\n",
  });
  assert.deepEqual(rules(violations), []);
});

test('a planted import circle fails (one report per circle), type-only imports and one folder included', async () => {
  const violations = await violationsOf({
    'src/scenario/rules.ts': "import type { B } from './ladder-rules.js';\nexport interface A { b?: B }\n",
    'src/scenario/ladder-rules.ts': "import type { A } from './rules.js';\nexport interface B { a?: A }\n",
  });
  assert.deepEqual(rules(violations), [
    'no-circular: src/scenario/ladder-rules.ts → src/scenario/rules.ts',
  ]);
});

test('the check npm test runs (npm run lint:deps, output err) exits non-zero on a circle, zero without', async () => {
  const circle = plant({
    'src/shared/a.ts': "import { b } from './b.js';\nexport const a = () => b();\n",
    'src/shared/b.ts': "import { a } from './a.js';\nexport const b = () => a();\n",
  });
  const failed = await depcruise(circle, 'err');
  assert.notEqual(failed.exitCode, 0);
  assert.match(failed.stdout, /no-circular: src\/shared\/a\.ts/);
  const clean = await depcruise(plant({ 'src/shared/a.ts': 'export const a = 1;\n' }), 'err');
  assert.equal(clean.exitCode, 0, clean.stdout);
});

test('an upward import fails (a type-only one too), and so does an import between siblings of one layer', async () => {
  const violations = await violationsOf({
    'src/analyze/rows.ts': "export const rows = 1;\n",
    'src/report/csv.ts': "export const csv = 1;\n",
    'src/run/run.ts': "export const run = 1;\n",
    'src/compare/gate.ts': "import { run } from '../run/run.js';\nexport const gate = run;\n",
    'src/record/run.ts': "import type { csv } from '../report/csv.js';\nexport type R = typeof csv;\n",
    'src/scenario/schema.ts': "import { rows } from '../analyze/rows.js';\nexport const s = rows;\n",
  });
  assert.deepEqual(rules(violations), [
    'layer-compare: src/compare/gate.ts → src/run/run.ts',
    'layer-record: src/record/run.ts → src/report/csv.ts',
    'layer-scenario: src/scenario/schema.ts → src/analyze/rows.ts',
  ]);
});

test('shipped code may not import test support, a folder outside the layers fails, a test may use test support', async () => {
  const violations = await violationsOf({
    'src/testing/fixture.ts': "export const fixture = 1;\n",
    'src/report/csv.ts': "import { fixture } from '../testing/fixture.js';\nexport const csv = fixture;\n",
    'src/report/csv.test.ts': "import { fixture } from '../testing/fixture.js';\nexport const t = fixture;\n",
    'src/misc/helper.ts': "import { fixture } from '../testing/fixture.js';\nexport const h = fixture;\n",
  });
  assert.deepEqual(rules(violations), [
    'test-support-only-in-tests: src/misc/helper.ts → src/testing/fixture.ts',
    'test-support-only-in-tests: src/report/csv.ts → src/testing/fixture.ts',
    'unlayered-folder: src/misc/helper.ts → src/testing/fixture.ts',
  ]);
});

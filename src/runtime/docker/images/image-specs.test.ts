// Tests which images `images build` plans, in which order, and how compiled variants choose their Dockerfile.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { manifestSchema } from '../../manifest.js';
import type { Variant } from '../../variants.js';
import { imageSpecs } from './image-specs.js';
import { importSpecifiers, packageName, stageProgramContext } from './upstream-context.js';

function variants(root: string): Variant[] {
  const make = (name: string, extra: object, dockerfile: boolean): Variant => {
    const dir = join(root, name);
    mkdirSync(dir, { recursive: true });
    if (dockerfile) writeFileSync(join(dir, 'Dockerfile'), 'FROM x\n');
    return { dir, manifest: manifestSchema.parse({ name, language: 'x', description: 'x', ...extra }) };
  };
  return [
    make('direct', { role: 'direct' }, false),
    make('hyper', { docker: { prebuild: ['bash', 'build.sh'], sourceDockerfile: 'Dockerfile.source' } }, true),
    make('nginx', {}, true),
    make('nodockerfile', {}, false),
  ];
}

test('all images: the upstream first, then every variant with a Dockerfile; direct and folders without one are left out', () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-specs-'));
  try {
    const all = imageSpecs(variants(root), [], false);
    assert.deepEqual(all.map((s) => s.name), ['upstream', 'hyper', 'nginx']);
    assert.equal(all[0]!.contextDir, 'staged-upstream');
    assert.deepEqual(all[1]!.prebuild, { command: ['bash', 'build.sh'], cwd: join(root, 'hyper') });
    assert.equal(all[1]!.dockerfile, 'Dockerfile');
    const source = imageSpecs(variants(root), ['hyper'], true);
    assert.equal(source[0]!.dockerfile, 'Dockerfile.source');
    assert.equal(source[0]!.contextDir, join(root, 'hyper'));
    const shared = { ...variants(root)[1]! };
    shared.manifest = { ...shared.manifest, docker: { ...shared.manifest.docker!, sourceContext: '..' } };
    const parent = imageSpecs([shared], ['hyper'], true)[0]!;
    assert.deepEqual([parent.contextDir, parent.dockerfile], [root, join('hyper', 'Dockerfile.source')], 'a shared context: the parent folder');
    assert.equal(source[0]!.prebuild, undefined, 'from source: nothing is compiled on the host');
    assert.throws(() => imageSpecs(variants(root), ['nodockerfile'], false), /no image called nodockerfile/);
    assert.deepEqual(imageSpecs(variants(root), ['generator-worker'], false).map((s) => [s.name, s.contextDir]), [['generator-worker', 'staged-generator-worker']], 'the Swarm/Kubernetes worker: built when named');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the upstream context follows relative imports and names npm packages', () => {
  const source = "import { a } from './a.js';\nimport x from 'zod/v4';\nexport * from '../b.js';\nconst m = await import('@scope/pkg/sub');\nimport { readFileSync } from 'node:fs';\n";
  assert.deepEqual(importSpecifiers(source), { relative: ['./a.js', '../b.js'], bare: ['zod/v4', '@scope/pkg/sub'] });
  assert.deepEqual(importSpecifiers("import { createRequire } from 'node:module';\nconst h = createRequire(import.meta.url)('hpack.js');\n").bare, ['hpack.js'], 'a package loaded with require() is staged too');
  assert.equal(packageName('zod/v4'), 'zod');
  assert.equal(packageName('@scope/pkg/sub'), '@scope/pkg');
});

test('the generator worker context holds its Dockerfile, the compiled worker with every module it imports, and their packages', () => {
  const repoRoot = fileURLToPath(new URL('../../../../../', import.meta.url));
  const dir = stageProgramContext(repoRoot, 'generator-worker');
  try {
    assert.match(readFileSync(join(dir, 'Dockerfile'), 'utf8'), /worker-main\.js/);
    for (const file of ['dist/src/traffic/remote/worker-main.js', 'dist/src/traffic/open-loop/engine.js', 'dist/src/traffic/closed-loop/engine.js', 'dist/src/shared/clock.js']) {
      assert.ok(existsSync(join(dir, 'app', file)), file);
    }
    for (const pkg of ['autocannon', 'hdr-histogram-js', 'hpack.js']) assert.ok(existsSync(join(dir, 'app', 'node_modules', pkg, 'package.json')), pkg);
    assert.ok(!existsSync(join(dir, 'app', 'dist', 'src', 'cli')), 'nothing the worker does not import');
    const manifest = JSON.parse(readFileSync(join(dir, 'app', 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    assert.match(manifest.dependencies['hpack.js'] ?? '', /^\d+\.\d+/, 'the staged packages are named with versions (the context hash skips node_modules)');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

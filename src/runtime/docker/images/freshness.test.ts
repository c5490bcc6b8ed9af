// Tests that an image is named out of date exactly when `images build` would rebuild it (its files, base or build mode changed).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { manifestSchema } from '../../manifest.js';
import type { Variant } from '../../variants.js';
import type { ImageInfo } from '../docker-cli.js';
import { baseImage, imageRef } from '../naming.js';
import { buildInputs, buildLabels, imageOutOfDate } from './freshness.js';
import { imageSpecs } from './image-specs.js';

const baseId = 'sha256:base1';

function variant(root: string, name: string, extra: object = {}, copy = 'proxy.mjs'): Variant {
  const dir = join(root, 'docker', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'Dockerfile'), `ARG BASE\nFROM \${BASE}\nCOPY ${copy} /opt/\n`);
  writeFileSync(join(dir, 'proxy.mjs'), 'v1');
  return { dir, manifest: manifestSchema.parse({ name, language: 'x', description: 'x', ...extra }) };
}

/** An engine holding the base and the variant's image labelled as `images build` labels it, built from the folder as it is now. */
function engineWithImageBuiltNow(v: Variant, baseRef = baseImage, fromSource = false): (ref: string) => Promise<ImageInfo | undefined> {
  const spec = imageSpecs([v], [v.manifest.name], fromSource)[0]!;
  const { hash } = buildInputs(spec, spec.contextDir, baseRef, baseId);
  const images: Record<string, ImageInfo> = {
    [baseRef]: { id: baseId, labels: {}, created: '', sizeBytes: 1 },
    [imageRef(v.manifest.name)]: { id: 'sha256:img', labels: buildLabels(hash, baseRef, fromSource), created: '', sizeBytes: 1 },
  };
  return async (ref) => images[ref];
}

test('an image built from the folder as it is is current; a changed file makes it out of date, naming the rebuild', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-fresh-'));
  try {
    const v = variant(root, 'node');
    const engine = engineWithImageBuiltNow(v);
    assert.equal(await imageOutOfDate(root, [v], 'node', engine), undefined);
    writeFileSync(join(v.dir, 'proxy.mjs'), 'v2 with h2c');
    const stale = await imageOutOfDate(root, [v], 'node', engine);
    assert.match(stale ?? '', /image proxybench\/node:latest is out of date: docker\/node, .*; rebuild it: proxybench images build node$/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('the hash is redone with the base and build mode the image records; a rebuilt base makes it out of date', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-fresh-'));
  try {
    const v = variant(root, 'nginx');
    assert.equal(await imageOutOfDate(root, [v], 'nginx', engineWithImageBuiltNow(v, 'debian:bookworm-slim')), undefined, 'built with --base');
    const engine = engineWithImageBuiltNow(v);
    const rebuiltBase = async (ref: string) => (ref === baseImage ? { id: 'sha256:base2', labels: {}, created: '', sizeBytes: 1 } : engine(ref));
    assert.match((await imageOutOfDate(root, [v], 'nginx', rebuiltBase)) ?? '', /out of date/);
    const noBase = async (ref: string) => (ref === baseImage ? undefined : engine(ref));
    assert.equal(await imageOutOfDate(root, [v], 'nginx', noBase), undefined, 'without the base it cannot be told');
    assert.equal(await imageOutOfDate(root, [v], 'nginx', async () => undefined), undefined, 'no image: nothing to say here');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('a compiled program whose binary is not on this host cannot be judged; with it, its change is seen', async () => {
  const root = mkdtempSync(join(tmpdir(), 'pb-fresh-'));
  try {
    const v = variant(root, 'hyper', {
      local: { requires: ['{{variantDir}}/bin/pb-hyper'], install: 'x', version: { command: ['x'], pattern: 'x' }, files: [], command: ['x'] },
      docker: { prebuild: ['bash', 'build.sh'] },
    }, 'bin/pb-hyper');
    mkdirSync(join(v.dir, 'bin'));
    writeFileSync(join(v.dir, 'bin', 'pb-hyper'), 'binary 1');
    const engine = engineWithImageBuiltNow(v);
    assert.equal(await imageOutOfDate(root, [v], 'hyper', engine), undefined);
    writeFileSync(join(v.dir, 'bin', 'pb-hyper'), 'binary 2');
    assert.match((await imageOutOfDate(root, [v], 'hyper', engine)) ?? '', /out of date/);
    rmSync(join(v.dir, 'bin'), { recursive: true });
    assert.equal(await imageOutOfDate(root, [v], 'hyper', engine), undefined);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

// Tests that the context hash changes with what builds an image and ignores what is not sent.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { contextFiles, hashContext, parseDockerignore } from './context-hash.js';

test('parseDockerignore keeps plain names, drops comments, negations and slashes', () => {
  assert.deepEqual(parseDockerignore('# build output\ntarget/\n/bin\n!keep\n\n'), ['target', 'bin']);
});

test('the hash follows files, base id and build args, and skips ignored folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-hash-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\n');
    writeFileSync(join(dir, 'nginx.conf'), 'a');
    mkdirSync(join(dir, 'target'));
    writeFileSync(join(dir, 'target', 'big'), 'ignored');
    const inputs = { contextDir: dir, dockerfile: 'Dockerfile', baseImageId: 'sha256:1', buildArgs: { A: '1' } };
    const first = hashContext(inputs);
    assert.deepEqual(contextFiles(dir), ['Dockerfile', 'nginx.conf']);
    writeFileSync(join(dir, 'target', 'big'), 'changed');
    assert.equal(hashContext(inputs), first, 'target/ is not part of the context');
    assert.notEqual(hashContext({ ...inputs, baseImageId: 'sha256:2' }), first);
    assert.notEqual(hashContext({ ...inputs, buildArgs: { A: '2' } }), first);
    writeFileSync(join(dir, 'nginx.conf'), 'b');
    assert.notEqual(hashContext(inputs), first);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

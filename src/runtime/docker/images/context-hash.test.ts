// Tests that the context hash changes with what builds an image and ignores what is not sent.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { contextFiles, copiedSources, hashContext, parseDockerignore } from './context-hash.js';

test('parseDockerignore keeps plain names, drops comments, negations and slashes', () => {
  assert.deepEqual(parseDockerignore('# build output\ntarget/\n/bin\n!keep\n\n'), ['target', 'bin']);
});

test('the hash follows files, base id and build args, and skips ignored folders', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-hash-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nCOPY nginx.conf /etc/\n');
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

test('only the files the Dockerfile copies count (a template rendered at run time does not); unsure lines count them all', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-hash-'));
  try {
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nRUN apt-get install -y nginx\nCOPY bin/ /opt/bin/\n');
    writeFileSync(join(dir, 'nginx.conf'), 'a');
    mkdirSync(join(dir, 'bin'));
    writeFileSync(join(dir, 'bin', 'prog'), '1');
    const inputs = { contextDir: dir, dockerfile: 'Dockerfile', baseImageId: 'sha256:1', buildArgs: {} };
    const first = hashContext(inputs);
    writeFileSync(join(dir, 'nginx.conf'), 'b');
    assert.equal(hashContext(inputs), first, 'nginx.conf is not in the image');
    writeFileSync(join(dir, 'bin', 'prog'), '2');
    const second = hashContext(inputs);
    assert.notEqual(second, first, 'a file under a copied folder is');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nRUN apt-get install -y nginx\nCOPY bin/ /opt/bin/\n# changed\n');
    assert.notEqual(hashContext(inputs), second, 'the Dockerfile itself is');
    writeFileSync(join(dir, 'Dockerfile'), 'FROM x\nCOPY . /opt/\n');
    const whole = hashContext(inputs);
    writeFileSync(join(dir, 'nginx.conf'), 'c');
    assert.notEqual(hashContext(inputs), whole, 'COPY . takes the whole context');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('copiedSources: plain COPY / ADD sources; other stages skipped; globs, `.`, JSON form and continued lines cannot be told', () => {
  assert.deepEqual(copiedSources('FROM x\nCOPY proxy.mjs /opt/p.mjs\nCOPY --from=build /out/x /y\nCOPY --chown=1 ./a/ b/c ./\n'), ['proxy.mjs', 'a', 'b/c']);
  for (const text of ['COPY . /x', 'COPY *.mjs /x', 'COPY ["a", "b"]', 'COPY a \\\n  b /x', 'ADD https://example.invalid/x /x']) assert.equal(copiedSources(text), undefined, text);
});

// Tests what a variant runs inside its container: the docker section first, else its local section, rendered for the image.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { manifestSchema, noHttp2Values, noTlsValues } from '../manifest.js';
import { containerPlan, containerValues, containerVersionProbe, matchVersion } from './templates.js';

const values = containerValues({
  dir: '/tmp/run/node-r1', listenHost: '127.0.0.1', listenPort: 18080, upstreamHost: '127.0.0.1', upstreamPort: 18090, workers: 1, upstreamPoolSize: 64, ...noTlsValues, ...noHttp2Values,
});

test('the local command runs in the container with {{variantDir}} and {{node}} pointing into the image', () => {
  const manifest = manifestSchema.parse({
    name: 'node', language: 'JavaScript', description: 'x',
    local: { install: 'x', version: { command: ['{{node}}', '--version'], pattern: 'v(\\S+)' }, command: ['{{node}}', '{{variantDir}}/proxy.mjs', '--listen-port={{listenPort}}'], env: { DIR: '{{dir}}' } },
  });
  assert.deepEqual(containerPlan(manifest, values), {
    files: [],
    command: ['/usr/bin/node', '/opt/proxybench/variant/proxy.mjs', '--listen-port=18080'],
    env: { DIR: '/tmp/run/node-r1' },
  });
  assert.deepEqual(containerVersionProbe(manifest), { command: ['/usr/bin/node', '--version'], pattern: 'v(\\S+)' });
  assert.equal(matchVersion('v18.20.4\n', 'v(\\S+)'), '18.20.4');
});

test('a docker section overrides command, env, files and version; no command at all is undefined', () => {
  const manifest = manifestSchema.parse({
    name: 'mine', language: 'Rust', description: 'x',
    docker: { command: ['/usr/local/bin/mine', '--port={{listenPort}}'], env: { A: '1' }, files: ['mine.conf'], version: { command: ['mine', '-V'], pattern: '(\\d+)' }, listenPort: 8080 },
  });
  assert.deepEqual(containerPlan(manifest, values), { files: ['mine.conf'], command: ['/usr/local/bin/mine', '--port=18080'], env: { A: '1' } });
  assert.equal(manifest.docker?.dockerfile, 'Dockerfile');
  const bare = manifestSchema.parse({ name: 'bare', language: 'x', description: 'x' });
  assert.equal(containerPlan(bare, values), undefined);
  assert.equal(containerVersionProbe(bare), undefined);
});

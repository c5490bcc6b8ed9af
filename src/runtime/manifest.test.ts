// Unit tests of config templating and of every shipped variant manifest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTemplate, type TemplateValues } from './manifest.js';
import { discoverVariants, selectVariants } from './variants.js';
import { UsageError } from '../shared/errors.js';

const values: TemplateValues = {
  dir: '/tmp/x', variantDir: '/v', listenHost: '127.0.0.1', listenPort: 18080,
  upstreamHost: '127.0.0.1', upstreamPort: 18090, workers: 1, upstreamPoolSize: 64, node: '/usr/bin/node',
};

test('renders template values and rejects unknown names', () => {
  assert.equal(renderTemplate('listen {{listenHost}}:{{ listenPort }};', values), 'listen 127.0.0.1:18080;');
  assert.throws(() => renderTemplate('{{nope}}', values), /unknown template value \{\{nope\}\}/);
});

test('every shipped variant has a valid manifest and renders', () => {
  const dockerDir = fileURLToPath(new URL('../../../docker', import.meta.url));
  const variants = discoverVariants(dockerDir);
  const names = variants.map((v) => v.manifest.name);
  for (const required of ['direct', 'node', 'nginx', 'nginx-lua', 'haproxy', 'caddy', 'trafficserver']) {
    assert.ok(names.includes(required), `docker/${required} is missing`);
  }
  for (const v of variants.filter((v) => v.manifest.role === 'proxy')) {
    assert.ok(v.manifest.local, `${v.manifest.name} has no local run`);
    for (const part of v.manifest.local.command) renderTemplate(part, values);
    assert.equal(v.dir, join(dockerDir, v.manifest.name));
  }
});

test('an unknown variant is a usage error naming the known ones', () => {
  const variants = discoverVariants(fileURLToPath(new URL('../../../docker', import.meta.url)));
  assert.throws(() => selectVariants(variants, ['nginx', 'envoyy']), (e: unknown) => e instanceof UsageError && /envoyy/.test(e.message) && /nginx/.test(e.hint ?? ''));
});

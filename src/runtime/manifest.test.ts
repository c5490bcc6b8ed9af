// Unit tests of config templating and of every shipped variant manifest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { noHttp2Values, noTlsValues, renderTemplate, type TemplateValues } from './manifest.js';
import { discoverVariants, selectVariants } from './variants.js';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { ConfigError, UsageError } from '../shared/errors.js';

const values: TemplateValues = {
  dir: '/tmp/x', variantDir: '/v', listenHost: '127.0.0.1', listenPort: 18080,
  upstreamHost: '127.0.0.1', upstreamPort: 18090, workers: 1, upstreamPoolSize: 64, node: '/usr/bin/node', ...noTlsValues, ...noHttp2Values,
};

test('renders template values and rejects unknown names', () => {
  assert.equal(renderTemplate('listen {{listenHost}}:{{ listenPort }};', values), 'listen 127.0.0.1:18080;');
  assert.throws(() => renderTemplate('{{nope}}', values), /unknown template value \{\{nope\}\}/);
});

test('{{#tls}} sections are kept only with TLS on, {{^tls}} only with it off; an unknown or open section is an error', () => {
  const template = 'listen {{listenPort}}{{#tls}} ssl crt {{tlsCertFile}} v{{tlsVersion}}{{/tls}}{{^tls}} plain{{/tls}};';
  assert.equal(renderTemplate(template, values), 'listen 18080 plain;');
  const on = { ...values, tls: true, tlsListenPort: 18443, tlsCertFile: '/tmp/x/tls-cert.pem', tlsVersion: '1.3' };
  assert.equal(renderTemplate(template, on), 'listen 18080 ssl crt /tmp/x/tls-cert.pem v1.3;');
  assert.throws(() => renderTemplate('{{#h3}}x{{/h3}}', values), /unknown template section \{\{#h3\}\}/);
  assert.throws(() => renderTemplate('{{#tls}}x', values), /unbalanced template section/);
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
    // Every shipped proxy terminates TLS: its files (or its TLS flags) open a listener on {{tlsListenPort}}.
    assert.ok(v.manifest.tls, `${v.manifest.name} has no tls section`);
    const tlsOn = { ...values, tls: true, tlsListenPort: 18443, tlsCertFile: '/tmp/x/tls-cert.pem', tlsKeyFile: '/tmp/x/tls-key.pem', tlsCertKeyFile: '/tmp/x/tls-cert-key.pem', tlsVersion: '1.3', tlsVersionUnderscore: '1_3', tls12: 0, tls13: 1 };
    const rendered = (with_: TemplateValues) => [
      ...v.manifest.local!.files.map((file) => renderTemplate(readFileSync(join(v.dir, file), 'utf8'), with_)),
      ...[...v.manifest.local!.command, ...(with_.tls ? v.manifest.tls!.args : []), ...(with_.h2c ? v.manifest.http2?.h2cArgs ?? [] : [])].map((part) => renderTemplate(part, with_)),
    ].join('\n');
    assert.doesNotMatch(rendered(values), /18443|tls-cert/, `${v.manifest.name}: TLS settings leak into a plaintext run`);
    assert.doesNotMatch(rendered(tlsOn), /\{\{/, `${v.manifest.name}: a template value was left unrendered`);
    assert.match(rendered(tlsOn), /18443/, `${v.manifest.name}: no TLS listener on {{tlsListenPort}}`);
    assert.match(rendered(tlsOn), /tls-(cert|cert-key)\.pem/, `${v.manifest.name}: the run's certificate is not loaded`);
    // Every shipped proxy serves HTTP/2 (docker/README.md, "HTTP/2"): with h2c on, a listener on {{h2cListenPort}}.
    assert.ok(v.manifest.http2, `${v.manifest.name} has no http2 section`);
    const h2cOn = { ...tlsOn, h2c: true, h2cListenPort: 18444 };
    assert.doesNotMatch(rendered(tlsOn), /18444/, `${v.manifest.name}: the h2c listener leaks into a run without h2c`);
    assert.doesNotMatch(rendered(h2cOn), /\{\{/, `${v.manifest.name}: a template value was left unrendered with h2c on`);
    assert.match(rendered(h2cOn), /18444/, `${v.manifest.name}: no h2c listener on {{h2cListenPort}}`);
  }
});

test('an unknown variant is a usage error naming the known ones', () => {
  const variants = discoverVariants(fileURLToPath(new URL('../../../docker', import.meta.url)));
  assert.throws(() => selectVariants(variants, ['nginx', 'envoyy']), (e: unknown) => e instanceof UsageError && /envoyy/.test(e.message) && /nginx/.test(e.hint ?? ''));
});

test('an unknown {{name}} in a manifest or its config template is found at discovery, with file and line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pb-manifest-'));
  mkdirSync(join(dir, 'mine'));
  writeFileSync(join(dir, 'mine', 'variant.yaml'), [
    'name: mine', 'language: C', 'description: d', 'local:', '  install: apt-get install -y mine', '  version: { command: [mine, -v], pattern: "(\\\\d+)" }',
    '  files: [mine.conf, missing.conf]', '  command: [mine, -c, "{{dir}}/mine.conf", --port, "{{listenport}}"]', '',
  ].join('\n'));
  writeFileSync(join(dir, 'mine', 'mine.conf'), 'listen {{listenPort}};\nupstream {{upstream}};\n');
  assert.throws(() => discoverVariants(dir), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    const text = e.problems.join('\n');
    assert.match(text, /mine\/variant\.yaml:8: \{\{listenport\}\} is no template value; use one of dir, variantDir, listenHost, listenPort/);
    assert.match(text, /mine\/mine\.conf:2: \{\{upstream\}\} is no template value/);
    assert.match(text, /files names missing\.conf, but .*missing\.conf does not exist/);
    return true;
  });
});

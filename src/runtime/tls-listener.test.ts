// Tests for what a variant's TLS listener needs: a tls section, a key type it can load, the template values it gets.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../shared/errors.js';
import { tempDir } from '../testing/cli.js';
import { generateTlsMaterial } from '../tls/certificates.js';
import { manifestSchema } from './manifest.js';
import { assertVariantsTerminateTls, tlsTemplateValues, tlsUnsupportedReason } from './tls-listener.js';

const manifest = (extra: Record<string, unknown>) => manifestSchema.parse({
  name: 'mine', language: 'C', description: 'x', local: { install: 'x', version: { command: ['x'], pattern: 'x' }, command: ['x'] }, ...extra,
});

test('no tls section, or a key type it cannot load: the reason names the variant and what it lacks', () => {
  assert.match(tlsUnsupportedReason(manifest({}), 'rsa2048')!, /^mine cannot terminate TLS: its variant\.yaml has no tls section/);
  const rsaOnly = manifest({ tls: { library: 'L', resumption: 'r', keyTypes: ['rsa2048'] } });
  assert.equal(tlsUnsupportedReason(rsaOnly, 'rsa2048'), undefined);
  assert.match(tlsUnsupportedReason(rsaOnly, 'ecdsa-p256')!, /^mine cannot load a ecdsa-p256 key \(its tls\.keyTypes: rsa2048\)/);
  assert.throws(() => assertVariantsTerminateTls([{ manifest: rsaOnly, dir: '/v' }], 'ecdsa-p256'), (e: unknown) => e instanceof ConfigError && /mine cannot load/.test(e.problems.join()));
  assert.equal(tlsUnsupportedReason(manifestSchema.parse({ name: 'direct', language: '-', description: 'x', role: 'direct' }), 'ecdsa-p256'), undefined);
});

test('the template values copy the run certificate into the variant folder and spell the version for every config', async () => {
  const material = await generateTlsMaterial(tempDir('tls-values'), 'rsa2048', new Date());
  const dir = tempDir('tls-variant');
  const values = tlsTemplateValues(dir, { listenPort: 18443, version: '1.2', material });
  assert.equal(values.tls, true);
  assert.deepEqual([values.tlsVersion, values.tlsVersionUnderscore, values.tls12, values.tls13], ['1.2', '1_2', 1, 0]);
  assert.equal(readFileSync(values.tlsCertFile, 'utf8'), readFileSync(material.certFile, 'utf8'));
  assert.ok(values.tlsKeyFile.startsWith(dir) && values.tlsCertKeyFile.startsWith(dir));
  assert.equal(tlsTemplateValues(dir, undefined).tls, false);
});

// Tests for what a variant's HTTP/2 needs: an http2 section, h2c where asked, its template values, and the verified request.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createSecureServer, createServer } from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { ConfigError } from '../shared/errors.js';
import { tempDir } from '../testing/cli.js';
import { generateTlsMaterial } from '../tls/certificates.js';
import { h2Settings } from './http2-settings.js';
import { assertVariantsServeHttp2, checkHttp2Listeners, http2TemplateValues, http2UnsupportedReason, probeHttp2 } from './http2-listener.js';
import { manifestSchema } from './manifest.js';

const manifest = (extra: Record<string, unknown>) => manifestSchema.parse({
  name: 'mine', language: 'C', description: 'x', local: { install: 'x', version: { command: ['x'], pattern: 'x' }, command: ['x'] }, ...extra,
});

test('no http2 section, or h2c asked of a variant that cannot: the reason names the variant and what it lacks', () => {
  assert.match(http2UnsupportedReason(manifest({}), { h2: true, h2c: false })!, /^mine cannot serve HTTP\/2: its variant\.yaml has no http2 section/);
  const noH2c = manifest({ http2: { settings: 's', h2cUnsupported: 'it has no cleartext HTTP/2' } });
  assert.equal(http2UnsupportedReason(noH2c, { h2: true, h2c: false }), undefined);
  assert.equal(http2UnsupportedReason(noH2c, { h2: false, h2c: true }), 'mine cannot serve h2c: it has no cleartext HTTP/2');
  assert.throws(() => assertVariantsServeHttp2([{ manifest: noH2c }], { h2: false, h2c: true }), (e: unknown) => e instanceof ConfigError && /cannot serve h2c/.test(e.problems.join()));
});

test('template values: the shared settings always, the h2c port and section only when asked', () => {
  const off = http2TemplateValues(undefined);
  assert.deepEqual(off, { h2c: false, h2cListenPort: '', h2MaxStreams: h2Settings.maxConcurrentStreams, h2WindowBytes: h2Settings.initialWindowBytes });
  const on = http2TemplateValues({ overTls: true, h2cListenPort: 18444 });
  assert.equal(on.h2c, true);
  assert.equal(on.h2cListenPort, 18444);
});

test('a listener that speaks HTTP/2 passes with its SETTINGS recorded; one that cannot is refused with the reason', async () => {
  const material = await generateTlsMaterial(tempDir('h2-probe'), 'rsa2048', new Date());
  const answer = (body: string) => (_req: unknown, res: import('node:http2').Http2ServerResponse) => res.end(body);
  const h2 = createSecureServer({ cert: readFileSync(material.certFile), key: readFileSync(material.keyFile), settings: { maxConcurrentStreams: 7 } }, answer('ok run.1'));
  const h1Only = createHttpsServer({ cert: readFileSync(material.certFile), key: readFileSync(material.keyFile), ALPNProtocols: ['http/1.1'] }, (_req, res) => res.end('ok run.1'));
  const h2c = createServer({ settings: { initialWindowSize: 1000 } }, answer('ok other.2'));
  const port = async (server: import('node:net').Server) => new Promise<number>((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)));
  const [h2Port, h1Port, h2cPort] = [await port(h2), await port(h1Only), await port(h2c)];
  try {
    const tls = (listenPort: number) => ({ listenPort, version: '1.3' as const, material });
    const good = await checkHttp2Listeners('mine', '127.0.0.1', '/', { overTls: true }, tls(h2Port), 'configured', 'run.1');
    assert.ok('info' in good, JSON.stringify(good));
    assert.equal(good.info.tls?.alpn, 'h2');
    assert.equal(good.info.tls?.remoteSettings.maxConcurrentStreams, 7);
    assert.equal(good.info.settings, 'configured');
    const h1 = await checkHttp2Listeners('mine', '127.0.0.1', '/', { overTls: true }, tls(h1Port), 'configured');
    assert.ok('reason' in h1 && /^mine's TLS listener on 127\.0\.0\.1:\d+ over HTTP\/2: /.test(h1.reason), JSON.stringify(h1));
    // h2c answering for another run: refused like a health check that reached someone else's upstream.
    const foreign = await checkHttp2Listeners('mine', '127.0.0.1', '/', { overTls: false, h2cListenPort: h2cPort }, undefined, 'configured', 'run.1');
    assert.ok('reason' in foreign && /h2c listener/.test(foreign.reason) && /another proxybench run, other/.test(foreign.reason), JSON.stringify(foreign));
    const plain = await probeHttp2(`http://127.0.0.1:${h2cPort}`, '/', undefined);
    assert.ok(plain.ok && plain.negotiated.alpn === 'h2c' && plain.negotiated.remoteSettings.initialWindowSize === 1000, JSON.stringify(plain));
  } finally {
    for (const server of [h2, h1Only, h2c]) server.close();
  }
});

// End to end: every installed variant serves HTTP/2 by ALPN on its TLS listener and over h2c, and a request through it reaches this run's upstream.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { repoRoot, tempDir } from '../../testing/cli.js';
import { generateTlsMaterial, type TlsMaterial } from '../../tls/certificates.js';
import { h2Settings } from '../http2-settings.js';
import { probeHttp2 } from '../http2-listener.js';
import { newRunIdentity } from '../identity.js';
import type { RunningUpstream } from '../runtime.js';
import { discoverVariants } from '../variants.js';
import { pickFreePorts } from './free-ports.js';
import { createLocalRuntime } from './local-runtime.js';

const runtime = createLocalRuntime();
const identity = newRunIdentity('h2-e2e');
const proxies = discoverVariants(join(repoRoot, 'docker')).filter((v) => v.manifest.role === 'proxy');
let upstream: RunningUpstream;
let material: TlsMaterial;

before(async () => {
  const work = tempDir('h2-e2e');
  material = await generateTlsMaterial(join(work, 'tls'), 'rsa2048', new Date());
  const [port] = await pickFreePorts('127.0.0.1', 1);
  upstream = await runtime.startUpstream({ host: '127.0.0.1', port: port!, bodyBytes: 64, latency: { distribution: 'none' }, cpus: '0', dir: work, identity });
});

after(async () => {
  await runtime.close();
});

test('the nine proxies all have an http2 section', () => {
  assert.deepEqual(proxies.filter((v) => v.manifest.http2 === undefined).map((v) => v.manifest.name), []);
  assert.ok(proxies.length >= 9, `found ${proxies.length} proxy variants`);
});

for (const variant of proxies) {
  const name = variant.manifest.name;
  test(`${name}: h2 by ALPN and h2c, answered by this run's upstream, with the settings its manifest records`, async (t) => {
    const availability = await runtime.availability(variant);
    if (!availability.available) return t.skip(`${name} is not installed here: ${availability.reason}`);
    const [listenPort, tlsPort, h2cPort] = await pickFreePorts('127.0.0.1', 3);
    const tls = { listenPort: tlsPort!, version: '1.3' as const, material };
    const before = await upstream.stats();
    const target = await runtime.startVariant(variant, {
      dir: tempDir(`h2-${name}`), listenHost: '127.0.0.1', listenPort: listenPort!, upstream: upstream.address, cpus: '0', workers: 1,
      upstreamPoolSize: 8, healthDeadlineMs: 15_000, identity, tls, http2: { overTls: true, h2cListenPort: h2cPort! },
    }, availability.version);
    try {
      // The start itself verified both listeners (ALPN h2, 200 with this run's identity) and recorded their SETTINGS.
      const info = target.http2?.info;
      assert.equal(info?.tls?.alpn, 'h2');
      assert.equal(info?.h2c?.alpn, 'h2c');
      assert.equal(target.h2c?.address.port, h2cPort);
      assert.equal(info?.settings, variant.manifest.http2!.settings);
      // Equal limits wherever the proxy can express them; the manifest says so where it cannot (caddy 2.6).
      if (!/cannot/.test(info!.settings)) {
        for (const listener of [info!.tls!, info!.h2c!]) {
          assert.equal(listener.remoteSettings.maxConcurrentStreams, h2Settings.maxConcurrentStreams, `${name} max concurrent streams`);
          assert.equal(listener.remoteSettings.initialWindowSize, h2Settings.initialWindowBytes, `${name} initial window`);
        }
      }
      // A benign request over each reaches the upstream (HTTP/1.1 behind the proxy): its request count moves.
      const overTls = await probeHttp2(`https://127.0.0.1:${tlsPort}`, '/h2-e2e', tls);
      const overH2c = await probeHttp2(`http://127.0.0.1:${h2cPort}`, '/h2-e2e', undefined);
      for (const probe of [overTls, overH2c]) {
        assert.ok(probe.ok, probe.ok ? '' : probe.reason);
        assert.equal(probe.status, 200);
      }
      const health = await probeHttp2(`https://127.0.0.1:${tlsPort}`, '/__pb/health', tls);
      assert.ok(health.ok && health.body.includes(identity), `health over h2 carries the run's nonce: ${JSON.stringify(health)}`);
      const stats = await upstream.stats();
      assert.ok(stats.requests - before.requests >= 2, `upstream saw ${stats.requests - before.requests} benign requests`);
    } finally {
      await target.stop();
    }
  });
}

// End-to-end over TLS in containers: nginx and haproxy terminate TLS with the run's certificate mounted in, every mode is
// verified per connection, the record names library, version, protocol, cipher and key type; and an nginx without
// session tickets or cache makes a resumed phase invalid; nginx serves HTTP/2 in its container (ALPN h2 and h2c) through to
// the upstream container. Skips (saying why) without a docker engine or the CI images.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunRecord } from '../../record/run.js';
import { assertRunDone, repoRoot, startCli, tempDir } from '../../testing/cli.js';
import { dockerSkip } from '../../testing/docker.js';
import { nginxWithoutResumption, tlsScenario } from '../../testing/tls-scenario.js';
import { generateTlsMaterial } from '../../tls/certificates.js';
import { probeHttp2 } from '../http2-listener.js';
import { h2Settings } from '../http2-settings.js';
import { newRunIdentity } from '../identity.js';
import { pickFreePorts } from '../local/free-ports.js';
import { discoverVariants } from '../variants.js';
import { docker } from './docker-cli.js';
import { createDockerRuntime } from './docker-runtime.js';
import { runLabelKey } from './naming.js';

const skip = await dockerSkip('docker-tls.e2e');

const runDirOf = (stdout: string) => (JSON.parse(stdout) as { runs: { runDir: string }[] }).runs[0]!.runDir;
const readRecord = (runDir: string) => JSON.parse(readFileSync(join(runDir, 'run.json'), 'utf8')) as RunRecord;

test('docker over TLS: nginx and haproxy terminate with the run certificate; keepalive, full and resumed verified and recorded', { skip }, async () => {
  const dir = tempDir('docker-tls');
  const run = await startCli(['run', await tlsScenario(dir, ['direct', 'nginx', 'haproxy'], 'rsa2048'), '--runtime', 'docker', '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const record = readRecord(runDirOf(run.stdout));
  assert.equal(record.provenance.runtime, 'docker');
  assert.equal(record.tls?.keyType, 'rsa2048');
  for (const cell of record.cells) {
    assert.equal(cell.status, 'ok', `${cell.variant}: ${cell.failure?.message}`);
    const tls = cell.tls!;
    assert.equal(tls.negotiated.protocol, 'TLSv1.3', cell.variant);
    assert.equal(tls.negotiated.keyType, 'rsa2048', cell.variant);
    assert.match(tls.negotiated.cipher, /^TLS_/, cell.variant);
    assert.equal(tls.negotiated.fingerprint256, record.tls?.certificateFingerprint256, `${cell.variant}: the run's own certificate was served`);
    assert.match(tls.library, /OpenSSL/, cell.variant); // direct: the upstream image's nodejs links Debian's OpenSSL
    assert.match(tls.libraryVersion ?? '', /^\d+\.\d+\.\d+/, `${cell.variant}: the TLS library's version is read in its image`);
    const phase = (name: string) => cell.phases.find((p) => p.name === name)!;
    assert.equal(phase('plain').traffic.tls, undefined);
    const full = phase('full').traffic.tls!;
    assert.ok(full.handshakes >= phase('full').traffic.requests && full.handshakes > 0, `${cell.variant}: a handshake per request`);
    assert.equal(full.resumed, 0, `${cell.variant}: no full-mode connection resumed`);
    const resumed = phase('resumed').traffic.tls!;
    assert.ok(resumed.handshakes > 0);
    assert.equal(resumed.resumed, resumed.handshakes, `${cell.variant}: every resumed-mode connection resumed`);
    for (const name of ['tls-ka', 'full', 'resumed']) assert.deepEqual(phase(name).validity.reasons.filter((r) => /mode|TLS|certificate/.test(r)), [], `${cell.variant} ${name}`);
    assert.equal(phase('closed-tls').traffic.tls!.handshakes, 4);
  }
  assert.equal((await docker(['ps', '--all', '--quiet', '--filter', `label=${runLabelKey}=${record.runId}`])).stdout, '', 'no container left');
});

test('docker: an nginx with session tickets and session cache off makes a resumed phase invalid, with the reason', { skip }, async () => {
  const dir = tempDir('docker-tls-noresume');
  const run = await startCli(['run', await tlsScenario(dir, ['nginx']), '--runtime', 'docker', '--variant-dir', nginxWithoutResumption(dir), '--out', join(dir, 'out'), '--json']);
  assertRunDone(run);
  const cell = readRecord(runDirOf(run.stdout)).cells[0]!;
  assert.equal(cell.status, 'ok', cell.failure?.message);
  const resumed = cell.phases.find((p) => p.name === 'resumed')!;
  assert.equal(resumed.traffic.tls!.resumed, 0);
  assert.equal(resumed.validity.valid, false);
  assert.ok(resumed.validity.reasons.some((r) => /mode resumed, but \d+ of \d+ connections did a full handshake/.test(r)), resumed.validity.reasons.join('; '));
  const full = cell.phases.find((p) => p.name === 'full')!;
  assert.equal(full.traffic.tls!.resumed, 0, 'full handshakes are unaffected');
});

test('docker over HTTP/2: nginx in its container answers h2 by ALPN and h2c, and the requests reach the upstream container', { skip }, async () => {
  const dir = tempDir('docker-h2');
  const runId = `e2e-h2-${process.pid}`;
  const identity = newRunIdentity(runId);
  const material = await generateTlsMaterial(join(dir, 'tls'), 'rsa2048', new Date());
  const [upstreamPort, listenPort, tlsPort, h2cPort] = await pickFreePorts('127.0.0.1', 4);
  const tls = { listenPort: tlsPort!, version: '1.3' as const, material };
  const nginx = discoverVariants(join(repoRoot, 'docker')).find((v) => v.manifest.name === 'nginx')!;
  const runtime = createDockerRuntime({ network: 'host', repoRoot });
  try {
    const upstream = await runtime.startUpstream({ host: '127.0.0.1', port: upstreamPort!, bodyBytes: 64, latency: { distribution: 'none' }, cpus: '0', dir, runId, identity });
    const target = await runtime.startVariant(nginx, {
      dir: join(dir, 'nginx'), listenHost: '127.0.0.1', listenPort: listenPort!, upstream: upstream.address, cpus: '1', workers: 1,
      upstreamPoolSize: 8, healthDeadlineMs: 15_000, identity, tls, http2: { overTls: true, h2cListenPort: h2cPort! },
    }, undefined);
    // The start verified both listeners in the container (h2 negotiated, 200 with this run's identity) and kept their SETTINGS.
    assert.equal(target.http2?.info.tls?.alpn, 'h2');
    assert.equal(target.http2?.info.h2c?.alpn, 'h2c');
    assert.equal(target.http2?.info.tls?.remoteSettings.maxConcurrentStreams, h2Settings.maxConcurrentStreams);
    const before = (await upstream.stats()).requests;
    for (const probe of [await probeHttp2(`https://127.0.0.1:${tlsPort}`, '/docker-h2', tls), await probeHttp2(`http://127.0.0.1:${h2cPort}`, '/docker-h2', undefined)]) {
      assert.ok(probe.ok && probe.status === 200, JSON.stringify(probe));
    }
    assert.ok((await upstream.stats()).requests - before >= 2, 'both HTTP/2 requests crossed nginx to the upstream container');
  } finally {
    await runtime.close();
  }
  assert.equal((await docker(['ps', '--all', '--quiet', '--filter', `label=${runLabelKey}=${runId}`])).stdout, '', 'no container left');
});

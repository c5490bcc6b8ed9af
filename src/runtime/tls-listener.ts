// A variant's TLS listener: the template values that turn it on, what it can load, and the handshake that checks it.
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:https';
import type { TlsMaterial } from '../tls/certificates.js';
import { keyTypeOf, type TlsKeyType, type TlsVersion } from '../tls/key-types.js';
import { tlsClientOptions } from '../traffic/transport/tls.js';
import { ConfigError } from '../shared/errors.js';
import type { NegotiatedTls, TlsListenerInfo } from '../record/tls.js';
import { noTlsValues, type TemplateValues, type VariantManifest } from './manifest.js';

/** What a cell asks of a variant's TLS listener (StartOptions.tls). */
export interface TlsListenOptions {
  listenPort: number;
  version: TlsVersion;
  material: TlsMaterial;
}

type TlsValues = Pick<TemplateValues, keyof typeof noTlsValues>;

/** The upstream's flags for its TLS listener (src/upstream/cli-options.ts). */
export function upstreamTlsArgs(tls: TlsListenOptions | undefined): string[] {
  if (tls === undefined) return [];
  return ['--tls-port', String(tls.listenPort), '--tls-cert', tls.material.certFile, '--tls-key', tls.material.keyFile, '--tls-version', tls.version];
}

/** Checks the started listener with a verified handshake; a failure is a start failure naming the target. */
export async function checkTlsListener(
  name: string, host: string, path: string, tls: TlsListenOptions, described: Omit<TlsListenerInfo, 'port' | 'negotiated'>,
): Promise<{ address: { host: string; port: number }; info: TlsListenerInfo } | { reason: string }> {
  const probe = await probeTls(host, tls.listenPort, path, tls);
  if (!probe.ok) return { reason: `${name}'s TLS listener on ${host}:${tls.listenPort}: ${probe.reason}` };
  return { address: { host, port: tls.listenPort }, info: { ...described, port: tls.listenPort, negotiated: probe.negotiated } };
}

/** Why this variant cannot terminate TLS with this key type, or undefined when it can. */
export function tlsUnsupportedReason(manifest: VariantManifest, keyType: TlsKeyType): string | undefined {
  if (manifest.role === 'direct') return undefined; // the upstream's own TLS listener (Node) loads both key types
  if (manifest.tls === undefined) return `${manifest.name} cannot terminate TLS: its variant.yaml has no tls section (docker/README.md, "TLS")`;
  if (!manifest.tls.keyTypes.includes(keyType)) return `${manifest.name} cannot load a ${keyType} key (its tls.keyTypes: ${manifest.tls.keyTypes.join(', ')})`;
  return undefined;
}

/** Copies the run's certificate and key into the variant's folder (bind-mounted in containers) and names them. */
export function tlsTemplateValues(dir: string, tls: TlsListenOptions | undefined): TlsValues {
  if (tls === undefined) return { ...noTlsValues };
  const files = { tlsCertFile: join(dir, 'tls-cert.pem'), tlsKeyFile: join(dir, 'tls-key.pem'), tlsCertKeyFile: join(dir, 'tls-cert-key.pem') };
  copyFileSync(tls.material.certFile, files.tlsCertFile);
  copyFileSync(tls.material.keyFile, files.tlsKeyFile);
  copyFileSync(tls.material.certKeyFile, files.tlsCertKeyFile);
  return {
    tls: true,
    tlsListenPort: tls.listenPort,
    ...files,
    tlsVersion: tls.version,
    tlsVersionUnderscore: tls.version.replace('.', '_'),
    tls12: tls.version === '1.2' ? 1 : 0,
    tls13: tls.version === '1.3' ? 1 : 0,
  };
}

/**
 * One HTTPS request to `path` that trusts only the run's CA and pins the protocol version: the status and what was
 * negotiated, or the reason it failed (a wrong certificate, version or key type is a failure, never worked around).
 */
export async function probeTls(host: string, port: number, path: string, tls: TlsListenOptions, timeoutMs = 2000): Promise<{ ok: true; negotiated: NegotiatedTls } | { ok: false; reason: string }> {
  return new Promise((resolve) => {
    const client = tlsClientOptions({ caPem: tls.material.caPem, version: tls.version });
    const req = request({ host, port, path, method: 'GET', agent: false, timeout: timeoutMs, ...client }, (res) => {
      const socket = res.socket as import('node:tls').TLSSocket;
      const cert = socket.getPeerX509Certificate();
      const negotiated: NegotiatedTls = {
        protocol: socket.getProtocol() ?? 'unknown',
        cipher: socket.getCipher().standardName,
        keyType: cert ? keyTypeOf(cert.publicKey) : 'unknown',
        fingerprint256: cert?.fingerprint256 ?? '',
      };
      res.resume();
      res.on('end', () => {
        if (res.statusCode !== 200) return resolve({ ok: false, reason: `GET ${path} over TLS answered ${res.statusCode}` });
        if (negotiated.fingerprint256 !== tls.material.fingerprint256) return resolve({ ok: false, reason: 'served a certificate other than the run\'s' });
        if (negotiated.keyType !== tls.material.keyType) return resolve({ ok: false, reason: `served a ${negotiated.keyType} key, not ${tls.material.keyType}` });
        resolve({ ok: true, negotiated });
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, reason: `TLS handshake or request failed: ${error.code ?? error.message}` }));
    req.end();
  });
}

/** Refuses, before anything runs, a scenario whose TLS phases name variants that cannot terminate TLS with this key. */
export function assertVariantsTerminateTls(variants: readonly { manifest: VariantManifest; dir: string }[], keyType: TlsKeyType): void {
  const problems = variants.flatMap((v) => {
    const reason = tlsUnsupportedReason(v.manifest, keyType);
    return reason === undefined ? [] : [reason];
  });
  if (problems.length > 0) {
    throw new ConfigError('the scenario needs a TLS listener (TLS phases, probes.tls, a TLS attack or HTTP/2 over TLS), but not every variant can terminate TLS', problems, {
      hint: 'remove those variants (--variants), use a key type they load (phases[].tls.key), or add a tls section to their variant.yaml (docker/README.md, "TLS")',
    });
  }
}

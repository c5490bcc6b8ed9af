// Generates the run's own CA and one server certificate + key (RSA-2048 or ECDSA P-256) and writes them as PEM files.
import 'reflect-metadata'; // @peculiar/x509 resolves its services through tsyringe, which needs this polyfill first
import { webcrypto, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { keyAlgorithm, signingAlgorithm, type TlsKeyType } from './key-types.js';

/** The PEM files of one run's TLS material; every variant loads the same certificate and key. */
export interface TlsMaterial {
  keyType: TlsKeyType;
  /** The run's CA certificate: the only certificate the generator trusts. */
  caFile: string;
  /** The server certificate (leaf) followed by the CA: what proxies serve. */
  certFile: string;
  /** The server's private key, PKCS#8. */
  keyFile: string;
  /** certFile + keyFile in one file (haproxy's `crt`). */
  certKeyFile: string;
  /** The CA certificate's PEM text (what clients put in `ca`). */
  caPem: string;
  /** SHA-256 fingerprint of the server certificate, colon-separated hex (as Node's `fingerprint256`). */
  fingerprint256: string;
}

/** Names the server certificate is valid for: loopback by name and address (containers on the run's network use IPs). */
export interface CertificateNames {
  dns: string[];
  ips: string[];
}

export const defaultCertificateNames: CertificateNames = { dns: ['localhost'], ips: ['127.0.0.1', '::1'] };

const validityMs = 7 * 24 * 3600 * 1000;

/**
 * Generates a CA and a server certificate signed by it, both of `keyType`, and writes the PEM files into `dir`
 * (created if missing). `now` is the validity start (a minute before, for clock skew between containers).
 */
export async function generateTlsMaterial(dir: string, keyType: TlsKeyType, now: Date, names: CertificateNames = defaultCertificateNames): Promise<TlsMaterial> {
  const crypto = webcrypto as unknown as Crypto;
  const alg = keyAlgorithm(keyType);
  const sign = signingAlgorithm(keyType);
  const notBefore = new Date(now.getTime() - 60_000);
  const notAfter = new Date(now.getTime() + validityMs);
  const caKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial(), name: 'CN=proxybench run CA', notBefore, notAfter, keys: caKeys, signingAlgorithm: sign,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey, false, crypto),
    ],
  }, crypto);
  const serverKeys = await crypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const usage = keyType === 'rsa2048' ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment : x509.KeyUsageFlags.digitalSignature;
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: serial(), subject: 'CN=localhost', issuer: ca.subject, notBefore, notAfter, publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey, signingAlgorithm: sign,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usage, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ], false),
      await x509.AuthorityKeyIdentifierExtension.create(ca, false, crypto),
    ],
  }, crypto);
  const keyPem = x509.PemConverter.encode(await crypto.subtle.exportKey('pkcs8', serverKeys.privateKey), 'PRIVATE KEY');
  const caPem = ca.toString('pem');
  const certPem = `${server.toString('pem')}\n${caPem}\n`;
  const thumbprint = Buffer.from(await server.getThumbprint('SHA-256', crypto)).toString('hex').toUpperCase();
  mkdirSync(dir, { recursive: true });
  const material: TlsMaterial = {
    keyType,
    caFile: join(dir, 'ca.pem'),
    certFile: join(dir, 'cert.pem'),
    keyFile: join(dir, 'key.pem'),
    certKeyFile: join(dir, 'cert-key.pem'),
    caPem,
    fingerprint256: thumbprint.match(/../g)!.join(':'),
  };
  writeFileSync(material.caFile, `${caPem}\n`);
  writeFileSync(material.certFile, certPem);
  writeFileSync(material.keyFile, `${keyPem}\n`, { mode: 0o600 });
  writeFileSync(material.certKeyFile, `${certPem}${keyPem}\n`, { mode: 0o600 });
  return material;
}

/** A positive 16-byte serial number in hex (RFC 5280: positive, at most 20 octets). */
function serial(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! & 0x7f;
  return bytes.toString('hex');
}

// The TLS key types and protocol versions proxybench can ask for: names, WebCrypto algorithms, how each is spelled.

/** RSA-2048 (the default: the server's sign dominates) or ECDSA P-256 (the client's verify costs more). */
export const tlsKeyTypes = ['rsa2048', 'ecdsa-p256'] as const;
export type TlsKeyType = (typeof tlsKeyTypes)[number];

/** TLS 1.3 by default; 1.2 as an option. The proxy's listener is pinned to exactly this version (min = max). */
export const tlsVersions = ['1.3', '1.2'] as const;
export type TlsVersion = (typeof tlsVersions)[number];

/** How each handshake mode is verified per connection (`isSessionReused()`), see docs and analyze/validity. */
export const tlsModes = ['keepalive', 'full', 'resumed'] as const;
export type TlsMode = (typeof tlsModes)[number];

/** WebCrypto parameters for key generation and certificate signing. */
export function keyAlgorithm(keyType: TlsKeyType): RsaHashedKeyGenParams | EcKeyGenParams {
  if (keyType === 'rsa2048') {
    return { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048 };
  }
  return { name: 'ECDSA', namedCurve: 'P-256' };
}

/** Signing parameters for a key of this type (ECDSA names its hash at signing time). */
export function signingAlgorithm(keyType: TlsKeyType): Algorithm | EcdsaParams {
  return keyType === 'rsa2048' ? keyAlgorithm(keyType) : { name: 'ECDSA', hash: 'SHA-256' };
}

/** Node's name for the protocol (`tls.connect({minVersion})`, `socket.getProtocol()`). */
export function nodeProtocolName(version: TlsVersion): 'TLSv1.3' | 'TLSv1.2' {
  return version === '1.3' ? 'TLSv1.3' : 'TLSv1.2';
}

/** The key type as Node reports it for a peer certificate: `asymmetricKeyType` + size/curve, in our names. */
export function keyTypeOf(key: { asymmetricKeyType?: string; asymmetricKeyDetails?: { modulusLength?: number; namedCurve?: string } }): string {
  if (key.asymmetricKeyType === 'rsa') return `rsa${key.asymmetricKeyDetails?.modulusLength ?? '?'}`;
  if (key.asymmetricKeyType === 'ec') return key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ecdsa-p256' : `ecdsa-${key.asymmetricKeyDetails?.namedCurve ?? '?'}`;
  return key.asymmetricKeyType ?? 'unknown';
}

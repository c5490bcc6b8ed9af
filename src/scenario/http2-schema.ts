// Which HTTP/2 listeners a scenario's cells need: h2 by ALPN on the TLS listener, h2c on a listener of its own.

/**
 * What the phases ask of every proxy's HTTP/2 — benign traffic (`protocol`) and attacks (`attack.h2`) — or undefined
 * when nothing speaks h2. `traffic`: some phase's benign traffic is HTTP/2 (then `direct`, whose upstream speaks
 * HTTP/1.1 only, cannot take part).
 */
export function scenarioHttp2(phases: readonly { protocol?: string | undefined; attack?: { kind: string; h2: 'tls' | 'h2c' } }[]): { h2: boolean; h2c: boolean; traffic: boolean } | undefined {
  const h2Attacks = phases.flatMap((p) => (p.attack?.kind.startsWith('h2-') ? [p.attack.h2] : []));
  const protocols = phases.map((p) => p.protocol);
  const wants = {
    h2: h2Attacks.includes('tls') || protocols.includes('h2'),
    h2c: h2Attacks.includes('h2c') || protocols.includes('h2c'),
    traffic: protocols.includes('h2') || protocols.includes('h2c'),
  };
  return wants.h2 || wants.h2c ? wants : undefined;
}

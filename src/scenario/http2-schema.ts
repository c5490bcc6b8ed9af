// Which HTTP/2 listeners a scenario's cells need: h2 by ALPN on the TLS listener, h2c on a listener of its own.

/** What the phases ask of every proxy's HTTP/2 (attacks over `attack.h2`), or undefined when nothing speaks h2. */
export function scenarioHttp2(phases: readonly { attack?: { kind: string; h2: 'tls' | 'h2c' } }[]): { h2: boolean; h2c: boolean } | undefined {
  const h2Attacks = phases.flatMap((p) => (p.attack?.kind.startsWith('h2-') ? [p.attack.h2] : []));
  const wants = { h2: h2Attacks.includes('tls'), h2c: h2Attacks.includes('h2c') };
  return wants.h2 || wants.h2c ? wants : undefined;
}

// Rules for phases over TLS that the schema cannot express: one listener per cell, which loops can do which mode.
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';

/**
 * Every TLS phase of a scenario shares one key type and version: the proxy is started once per cell with one
 * certificate and a listener pinned to one version. Closed loop and ladders keep connections open (keepalive only).
 * An attack phase's benign traffic may run over TLS like its clean phase's (adversarial-rules.ts).
 */
export function tlsProblems(s: Scenario): Problem[] {
  const problems: Problem[] = [];
  const tlsPhases = s.phases.map((p, i) => ({ p, i })).filter(({ p }) => p.tls !== undefined);
  const first = tlsPhases[0];
  for (const { p, i } of tlsPhases) {
    const tls = p.tls!;
    const at = (key: string) => ['phases', i, 'tls', key];
    if (first !== undefined && tls.version !== first.p.tls!.version) {
      problems.push({ path: at('version'), message: `every TLS phase of a scenario uses one version (the proxy's listener is pinned per cell): phases[${first.i}] uses ${first.p.tls!.version}; split the scenario in two to compare versions` });
    }
    if (first !== undefined && tls.key !== first.p.tls!.key) {
      problems.push({ path: at('key'), message: `every TLS phase of a scenario uses one key type (one certificate per run): phases[${first.i}] uses ${first.p.tls!.key}; split the scenario in two to compare key types` });
    }
    if (p.traffic.loop !== 'open' && tls.mode !== 'keepalive') {
      problems.push({ path: at('mode'), message: `${p.traffic.loop === 'closed' ? 'closed loop' : 'a connection ladder'} keeps its connections open: only mode: keepalive; use loop: open for ${tls.mode} handshakes` });
    }
    if (tls.mode === 'keepalive' && tls.requestsPerConnection !== 1) {
      problems.push({ path: at('requestsPerConnection'), message: 'only for mode: full or resumed (keepalive connections carry requests until the phase ends); remove it' });
    }
  }
  return problems;
}

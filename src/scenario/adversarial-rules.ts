// Rules for the adversarial parts of a scenario that the schema cannot express; each returns problems as { path, message }.
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';

/** The benign traffic's protocol of a phase (HTTP/1.1 unless it says h2 or h2c). */
const protocolOf = (p: Scenario['phases'][number]) => p.protocol ?? 'http1';

/** Attack phases: open loop, compared with an earlier measured open-loop phase of the same rate, connections, protocol and streams. */
function attackProblems(s: Scenario): Problem[] {
  return s.phases.flatMap((p, i) => {
    if (p.attack === undefined) return [];
    const at = (...path: (string | number)[]) => ['phases', i, ...path];
    const problems: Problem[] = [];
    if (p.warmup) problems.push({ path: at('warmup'), message: 'an attack phase is a measurement and cannot be a warm-up' });
    if (p.traffic.loop !== 'open') problems.push({ path: at('traffic', 'loop'), message: 'an attack runs beside open-loop benign traffic: use loop: open' });
    const clean = s.phases.findIndex((q) => q.name === p.attack!.clean);
    const cleanPhase = s.phases[clean];
    if (clean === -1 || clean >= i || cleanPhase!.warmup || cleanPhase!.attack !== undefined) {
      problems.push({ path: at('attack', 'clean'), message: `must name an earlier measured phase without an attack; "${p.attack.clean}" is not one` });
    } else if (cleanPhase!.traffic.loop !== 'open' || p.traffic.loop !== 'open' || cleanPhase!.traffic.rate !== p.traffic.rate || cleanPhase!.traffic.connections !== p.traffic.connections) {
      problems.push({ path: at('attack', 'clean'), message: `phase "${p.attack.clean}" must be open loop at the same rate and connections as this one, so the benign traffic is the same` });
    } else if (protocolOf(cleanPhase!) !== protocolOf(p)) {
      problems.push({ path: at('protocol'), message: `must be the protocol of phase "${p.attack.clean}" (${protocolOf(cleanPhase!)}), so the benign traffic is the same: benign ${protocolOf(p)} under attack is compared with benign ${protocolOf(p)} clean` });
    } else if (cleanPhase!.traffic.streams !== p.traffic.streams) {
      problems.push({ path: at('traffic', 'streams'), message: `must be the streams of phase "${p.attack.clean}" (${cleanPhase!.traffic.streams ?? 'the default'}), so the benign traffic is the same` });
    } else if (JSON.stringify(cleanPhase!.tls ?? null) !== JSON.stringify(p.tls ?? null)) {
      problems.push({ path: at('tls'), message: `must be the tls block of phase "${p.attack.clean}" (${cleanPhase!.tls ? `mode ${cleanPhase!.tls.mode}` : 'none: plaintext'}), so the benign traffic is the same` });
    }
    if (p.attack.duration !== undefined && p.attack.duration > (p.duration * 2) / 3) {
      problems.push({ path: at('attack', 'duration'), message: `at most two thirds of the phase (${Math.floor((p.duration * 2) / 3)} ms): the rest shows the recovery` });
    }
    if (p.attack.rate > 10_000) problems.push({ path: at('attack', 'rate'), message: 'at most 10000/s' });
    return problems;
  });
}

function sweepProblems(s: Scenario): Problem[] {
  if (s.probes === undefined) return [];
  const port = s.probes.oraclePort;
  return port !== 0 && !s.ports.auto && (port === s.ports.proxy || port === s.ports.upstream)
    ? [{ path: ['probes', 'oraclePort'], message: `must differ from ports.proxy (${s.ports.proxy}) and ports.upstream (${s.ports.upstream})` }]
    : [];
}

export function adversarialProblems(s: Scenario): Problem[] {
  return [...attackProblems(s), ...sweepProblems(s)];
}

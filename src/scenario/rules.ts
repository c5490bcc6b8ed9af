// Cross-field rules a schema cannot express; each returns problems as { path, message }.
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';
import { ladderProblems } from './ladder-rules.js';
import { tlsProblems } from './tls-rules.js';
import { generatorWorkerCount } from './generators.js';
import { http2Problems } from './http2-rules.js';
import { searchProblems } from './search-rules.js';
import { adversarialProblems } from './adversarial-rules.js';
import { boundsProblems } from './bounds-rules.js';
import { machineProblems, type ScenarioEnvironment } from './machine-rules.js';
import { requestRuleProblems } from './request-rules.js';


type Rule = (scenario: Scenario) => Problem[];

/** Upper bound on requests one open-loop phase may plan: every load loop is bounded in count. */
export const maxPlannedRequestsPerPhase = 50_000_000;

const warmupsComeFirst: Rule = (s) => {
  const firstMeasured = s.phases.findIndex((p) => !p.warmup);
  if (firstMeasured === -1) return [{ path: ['phases'], message: 'needs at least one measured phase (warmup: false)' }];
  return s.phases
    .map((p, i) => ({ p, i }))
    .filter(({ p, i }) => p.warmup && i > firstMeasured)
    .map(({ i }) => ({ path: ['phases', i, 'warmup'], message: 'warm-up phases must come before measured phases' }));
};

const uniquePhaseNames: Rule = (s) =>
  s.phases.flatMap((p, i) =>
    s.phases.findIndex((q) => q.name === p.name) < i
      ? [{ path: ['phases', i, 'name'], message: `phase name "${p.name}" is used twice; names must be unique` }]
      : [],
  );

const uniqueVariants: Rule = (s) =>
  s.variants.flatMap((v, i) =>
    s.variants.indexOf(v) < i ? [{ path: ['variants', i], message: `variant "${v}" is listed twice` }] : [],
  );

const distinctPorts: Rule = (s) => {
  if (s.ports.auto) return [];
  const names = ['proxy', 'upstream', 'proxyTls', 'upstreamTls', 'proxyH2c'] as const;
  return names.flatMap((name, i) => {
    const earlier = names.slice(0, i).find((other) => s.ports[other] === s.ports[name]);
    return earlier === undefined ? [] : [{ path: ['ports', name], message: `must differ from ports.${earlier} (${s.ports[earlier]})` }];
  });
};

const boundedPhases: Rule = (s) =>
  s.phases.flatMap((p, i) => {
    const problems: Problem[] = [];
    if (p.duration < 100 || p.duration > 3_600_000) {
      problems.push({ path: ['phases', i, 'duration'], message: 'must be between 100ms and 1h' });
    }
    if (p.traffic.loop === 'open' && (p.traffic.rate * p.duration) / 1000 > maxPlannedRequestsPerPhase) {
      problems.push({
        path: ['phases', i, 'traffic', 'rate'],
        message: `rate × duration plans more than ${maxPlannedRequestsPerPhase} requests; lower the rate or the duration`,
      });
    }
    return problems;
  });

const orderedLatency: Rule = (s) => {
  const l = s.upstream.latency;
  return l.distribution === 'uniform' && l.min > l.max
    ? [{ path: ['upstream', 'latency', 'max'], message: 'must be at least latency.min' }]
    : [];
};

const sampleIntervalRange: Rule = (s) =>
  s.sampleInterval < 10 || s.sampleInterval > 10_000
    ? [{ path: ['sampleInterval'], message: 'must be between 10ms and 10s' }]
    : [];

/** Every generator worker needs at least one of a phase's connections (workers share them). */
const workersHaveConnections: Rule = (s) => {
  const workers = generatorWorkerCount(s);
  if (workers === 1) return [];
  return s.phases.flatMap((p, i) =>
    (p.traffic.loop === 'open' || p.traffic.loop === 'closed') && p.traffic.connections < workers
      ? [{ path: ['phases', i, 'traffic', 'connections'], message: `${workers} generator workers share the connections: use at least ${workers}, or fewer workers (generators, cpus.generator)` }]
      : [],
  );
};

export const scenarioRules: readonly Rule[] = [
  workersHaveConnections,
  warmupsComeFirst,
  uniquePhaseNames,
  uniqueVariants,
  distinctPorts,
  boundedPhases,
  orderedLatency,
  sampleIntervalRange,
  ladderProblems,
  searchProblems,
  adversarialProblems,
  tlsProblems,
  http2Problems,
  boundsProblems,
  requestRuleProblems,
];

/** Every rule's problems; `env` adds the rules that need the machine and the probe catalogue (machine-rules.ts). */
export function checkScenarioRules(scenario: Scenario, env: ScenarioEnvironment = {}): Problem[] {
  return [...scenarioRules.flatMap((rule) => rule(scenario)), ...machineProblems(scenario, env)];
}

// Rules that need the machine and the probe catalogue: CPUs it has, its descriptor limit, probe ids and folders that exist.
import { fdReserve } from '../measure/connections/fd-limits.js';
import { expandCpuList } from './fields.js';
import type { Problem } from './problem.js';
import type { Scenario } from './schema.js';

/** The probe catalogue as a sweep with these extra folders would load it. */
export interface CatalogueView {
  ids: readonly string[];
  categories: readonly string[];
  /** Extra folders that cannot be read, by index in `dirs`, with why. */
  unreadableDirs: readonly { index: number; reason: string }[];
  /** Problems of the probe files themselves ("file: probe …: message"). */
  problems: readonly string[];
}

/** What the load step knows about where the scenario will run; a missing member skips its rule. */
export interface ScenarioEnvironment {
  /** CPUs 0 … cpuCount-1 exist. */
  cpuCount?: number;
  /** Open files the generator (and local proxies) may hold: the runner's hard RLIMIT_NOFILE (Node raises its soft limit to it). */
  fdLimit?: number | null;
  /** The runtime this invocation uses (--runtime), when it differs from the scenario's. */
  runtime?: 'local' | 'docker';
  probeCatalogue?: (dirs: readonly string[]) => CatalogueView;
}

type MachineRule = (s: Scenario, env: ScenarioEnvironment) => Problem[];

const cpusOnThisMachine: MachineRule = (s, env) => {
  const count = env.cpuCount;
  if (count === undefined) return [];
  return Object.entries(s.cpus).flatMap(([role, list]) => {
    const missing = list === undefined ? [] : expandCpuList(list).filter((cpu) => cpu >= count);
    return missing.length === 0 ? [] : [{ path: ['cpus', role], message: `names CPU ${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}, but this machine has CPUs 0-${count - 1}; use CPUs it has (see nproc)` }];
  });
};

/** Every connection is a descriptor in the generator and one in the proxy, which also holds its upstream pool. */
const connectionsWithinFdLimit: MachineRule = (s, env) => {
  const limit = env.fdLimit;
  if (limit === undefined || limit === null) return [];
  const localProxy = (env.runtime ?? s.runtime) === 'local';
  return s.phases.flatMap((p, i) => {
    if (p.traffic.loop !== 'open' && p.traffic.loop !== 'closed') return []; // a ladder caps its own steps at the limits; a search has its own
    const connections = p.traffic.connections;
    const proxyNeeds = connections + (p.attack?.connections ?? 0) + s.proxy.upstreamPoolSize * s.proxy.workers + fdReserve;
    const clientNeeds = connections + fdReserve;
    const needs = localProxy ? Math.max(proxyNeeds, clientNeeds) : clientNeeds;
    if (needs <= limit) return [];
    const who = localProxy && proxyNeeds > clientNeeds ? 'the proxy (its connections, the attack\'s, its upstream pool and a reserve)' : 'the generator (one per connection and a reserve)';
    return [{
      path: ['phases', i, 'traffic', 'connections'],
      message: `${connections} connections need ${needs} file descriptors in ${who}, but the descriptor limit here is ${limit} (ulimit -Hn); lower connections to at most ${Math.max(1, connections - (needs - limit))} or raise the limit`,
    }];
  });
};

const probesExist: MachineRule = (s, env) => {
  if (s.probes === undefined || env.probeCatalogue === undefined) return [];
  const view = env.probeCatalogue(s.probes.dirs);
  const problems: Problem[] = view.unreadableDirs.map((d) => ({ path: ['probes', 'dirs', d.index], message: `cannot read this probe folder: ${d.reason}; give a folder of probe files (*.yaml), relative to the current directory` }));
  problems.push(...view.problems.map((message) => ({ path: ['probes', 'dirs'], message: `a probe file is invalid: ${message}` })));
  s.probes.select.forEach((name, i) => {
    if (name !== 'all' && !view.ids.includes(name) && !view.categories.includes(name)) {
      problems.push({ path: ['probes', 'select', i], message: `"${name}" is no probe id or category; categories: ${[...new Set(view.categories)].join(', ')} (ids: proxybench probes list)` });
    }
  });
  return problems;
};

export function machineProblems(s: Scenario, env: ScenarioEnvironment): Problem[] {
  return [cpusOnThisMachine, connectionsWithinFdLimit, probesExist].flatMap((rule) => rule(s, env));
}

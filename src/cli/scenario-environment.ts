// What the scenario rules need to know about this machine: its CPUs, its descriptor limit, the probe catalogue.
import { readdirSync } from 'node:fs';
import { cpus } from 'node:os';
import { loadCatalogue, shippedCatalogue } from '../scenario/probes/load-catalogue.js';
import { readFdLimits } from '../measure/connections/fd-limits.js';
import type { CatalogueView, ScenarioEnvironment } from '../scenario/machine-rules.js';
import { ConfigError } from '../shared/errors.js';

export function scenarioEnvironment(runtime: 'local' | 'docker' | undefined): ScenarioEnvironment {
  return {
    cpuCount: cpus().length,
    fdLimit: readFdLimits('self')?.hard ?? null,
    ...(runtime ? { runtime } : {}),
    probeCatalogue: catalogueView,
  };
}

/** The shipped catalogue plus the readable ones of `dirs` (relative to the current directory, as the sweep reads them). */
function catalogueView(dirs: readonly string[]): CatalogueView {
  const { root, folder } = shippedCatalogue();
  const unreadableDirs: { index: number; reason: string }[] = [];
  const readable = dirs.filter((dir, index) => {
    try {
      readdirSync(dir);
      return true;
    } catch (error) {
      unreadableDirs.push({ index, reason: (error as NodeJS.ErrnoException).code ?? String(error) });
      return false;
    }
  });
  try {
    const probes = loadCatalogue([folder, ...readable], root);
    return { ids: probes.map((p) => p.id), categories: probes.map((p) => p.category), unreadableDirs, problems: [] };
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return { ids: [], categories: [], unreadableDirs, problems: error.problems.length > 0 ? error.problems : [error.message] };
  }
}

// Reads every probe file (*.yaml) of the catalogue folders; all problems at once as a ConfigError.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../../shared/errors.js';
import { duplicateIds, parseProbeFile } from './parse-catalogue.js';
import type { Probe } from './probe-schema.js';

/** The shipped catalogue, relative to the repository root. */
export const catalogueFolder = join('scenarios', 'probes');

/** The repository root (dist/src/scenario/probes/ → ../../../../) and the shipped catalogue in it. */
export function shippedCatalogue(): { root: string; folder: string } {
  const root = fileURLToPath(new URL('../../../../', import.meta.url)).replace(/\/$/, '');
  return { root, folder: join(root, catalogueFolder) };
}

export function loadCatalogue(folders: readonly string[], root = process.cwd()): Probe[] {
  const probes: Probe[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    let names: string[];
    try {
      names = readdirSync(folder).filter((n) => n.endsWith('.yaml') || n.endsWith('.yml')).sort();
    } catch (cause) {
      throw new ConfigError(`cannot read the probe folder ${folder}`, [], { hint: 'the catalogue lives in scenarios/probes/ (one YAML file per group)', cause });
    }
    for (const name of names) {
      const file = join(folder, name);
      const parsed = parseProbeFile(readFileSync(file, 'utf8'), relative(root, file) || file);
      probes.push(...parsed.probes);
      problems.push(...parsed.problems);
    }
  }
  problems.push(...duplicateIds(probes));
  if (problems.length > 0) {
    throw new ConfigError(`the probe catalogue has ${problems.length} problem${problems.length === 1 ? '' : 's'}`, problems, {
      hint: 'fix the probe files named above; scenarios/probes/README.md documents the format',
    });
  }
  // By id: the shipped ids start with their row number in reference/adversarial.md (01 CL.TE … 37 chunk floods).
  return probes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

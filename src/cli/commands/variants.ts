// `proxybench variants`: each variant, whether it can run here, and the command that provides it.
import { join } from 'node:path';
import { localAvailability, type Availability } from '../../runtime/local/availability.js';
import { discoverVariants } from '../../runtime/variants.js';
import { createDockerRuntime } from '../../runtime/docker/docker-runtime.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { repoRoot } from '../paths.js';
import { renderVariants } from './variants-text.js';

export async function variantsCommand(options: { json: boolean }): Promise<number> {
  const variants = discoverVariants(join(repoRoot(), 'docker'));
  const docker = createDockerRuntime({ network: 'host', repoRoot: repoRoot() }); // only asked about availability: starts nothing
  const rows = await Promise.all(
    variants.map(async (v) => ({
      name: v.manifest.name,
      language: v.manifest.language,
      description: v.manifest.description,
      local: await localAvailability(v),
      docker: (await docker.availability(v)) as Availability,
    })),
  );
  if (options.json) {
    process.stdout.write(JSON.stringify({ variants: rows }, null, 1) + '\n');
    return ExitCode.ok;
  }
  process.stdout.write(renderVariants(rows));
  return ExitCode.ok;
}

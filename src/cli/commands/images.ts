// `proxybench images build [names]`: builds the base, the upstream and the variants' images that are missing or changed.
import { join, resolve } from 'node:path';
import { buildImages, type BuildOutcome } from '../../runtime/docker/images/build-images.js';
import { discoverVariants } from '../../runtime/variants.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { repoRoot } from '../paths.js';

export interface ImagesBuildOptions {
  fromSource: boolean;
  base?: string;
  force: boolean;
  json: boolean;
  variantDir: string[];
}

export async function imagesBuildCommand(names: string[], options: ImagesBuildOptions): Promise<number> {
  const root = repoRoot();
  const variants = discoverVariants(join(root, 'docker'), ...options.variantDir.map((d) => resolve(d)));
  const outcomes = await buildImages({
    repoRoot: root,
    variants,
    names,
    fromSource: options.fromSource,
    base: options.base,
    force: options.force,
    log: (line) => process.stderr.write(`${line}\n`),
  });
  if (options.json) process.stdout.write(JSON.stringify({ images: outcomes }, null, 1) + '\n');
  else process.stdout.write(renderOutcomes(outcomes));
  return outcomes.some((o) => o.status === 'failed') ? ExitCode.environment : ExitCode.ok;
}

/** A table: image, status, time, version, size (pure). */
export function renderOutcomes(outcomes: readonly BuildOutcome[]): string {
  const rows = outcomes.map((o) => [
    o.image,
    o.status,
    `${o.seconds.toFixed(1)} s`,
    o.version ?? '',
    o.sizeBytes === null ? '' : `${(o.sizeBytes / 1e6).toFixed(0)} MB`,
    o.imageId ? o.imageId.replace('sha256:', '').slice(0, 12) : '',
  ]);
  const header = ['image', 'status', 'time', 'version', 'size', 'id'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const failures = outcomes.filter((o) => o.error).map((o) => `\n${o.image}: ${o.error}`);
  return [line(header), ...rows.map(line)].join('\n') + '\n' + failures.join('') + (failures.length ? '\n' : '');
}

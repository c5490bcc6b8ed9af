// What `proxybench images build` can build: the upstream and every variant with a Dockerfile (pure over the manifests).
import { existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { UsageError } from '../../../shared/errors.js';
import type { Variant } from '../../variants.js';
import { generatorWorkerImageName, imageRef, upstreamImageName } from '../naming.js';

export interface ImageSpec {
  /** `upstream` or a variant name. */
  name: string;
  ref: string;
  /** The build context folder; the upstream's is staged in a temporary folder at build time. */
  contextDir: string | 'staged-upstream' | 'staged-generator-worker';
  /** Relative to the context. */
  dockerfile: string;
  /** Host command run in the variant folder first (compiles the program the Dockerfile copies). */
  prebuild?: { command: string[]; cwd: string };
  buildArgs: Record<string, string>;
  /** Built by its sourceDockerfile (compiled inside the build). */
  fromSource: boolean;
}

/** Specs for the named images (all when `names` is empty), upstream first; unknown names are a usage error. */
export function imageSpecs(variants: readonly Variant[], names: readonly string[], fromSource: boolean): ImageSpec[] {
  const buildable = variants.filter((v) => v.manifest.role !== 'direct' && existsSync(join(v.dir, v.manifest.docker?.dockerfile ?? 'Dockerfile')));
  const known = [upstreamImageName, ...buildable.map((v) => v.manifest.name), generatorWorkerImageName];
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new UsageError(`no image called ${unknown.join(', ')}`, { hint: `images: ${known.join(', ')} (direct runs no proxy and needs only the upstream)` });
  }
  // The generator worker is for Swarm and Kubernetes only: built when named, not with every image.
  const wanted = names.length === 0 ? known.filter((n) => n !== generatorWorkerImageName) : known.filter((n) => names.includes(n));
  return wanted.map((name) => {
    if (name === upstreamImageName) return { name, ref: imageRef(name), contextDir: 'staged-upstream', dockerfile: 'Dockerfile', buildArgs: {}, fromSource: false };
    if (name === generatorWorkerImageName) return { name, ref: imageRef(name), contextDir: 'staged-generator-worker', dockerfile: 'Dockerfile', buildArgs: {}, fromSource: false };
    const v = buildable.find((b) => b.manifest.name === name)!;
    const d = v.manifest.docker;
    const source = fromSource && d?.sourceDockerfile !== undefined;
    // The Dockerfile is named relative to the context (build-images passes join(contextDir, dockerfile)).
    const contextDir = source && d.sourceContext ? resolve(v.dir, d.sourceContext) : v.dir;
    return {
      name,
      ref: imageRef(name),
      contextDir,
      dockerfile: source ? relative(contextDir, join(v.dir, d.sourceDockerfile!)) : (d?.dockerfile ?? 'Dockerfile'),
      prebuild: !source && d?.prebuild ? { command: d.prebuild, cwd: v.dir } : undefined,
      buildArgs: d?.buildArgs ?? {},
      fromSource: source,
    };
  });
}

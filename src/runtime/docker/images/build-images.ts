// `proxybench images build`: builds the base (when missing), then every image whose context hash changed; reports each.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { EnvironmentError } from '../../../shared/errors.js';
import type { Variant } from '../../variants.js';
import { versionInImage } from '../availability.js';
import { dockerStreaming, engineStatus, inspectImage } from '../docker-cli.js';
import { contextHashLabelKey, upstreamImageName } from '../naming.js';
import { ensureBaseImage } from './base-image.js';
import { buildInputs, buildLabels, withImageContext } from './freshness.js';
import { imageSpecs, type ImageSpec } from './image-specs.js';

export interface BuildRequest {
  repoRoot: string;
  variants: readonly Variant[];
  /** Image names (`upstream`, variant names); empty = all. */
  names: readonly string[];
  /** Build compiled variants from source in the image (their sourceDockerfile; needs a registry). */
  fromSource: boolean;
  /** Base image to build FROM instead of the bootstrapped local one. */
  base?: string;
  /** Rebuild even when the context hash is unchanged. */
  force: boolean;
  log: (line: string) => void;
}

export interface BuildOutcome {
  image: string;
  ref: string;
  status: 'built' | 'up to date' | 'failed';
  seconds: number;
  version: string | null;
  imageId: string | null;
  sizeBytes: number | null;
  error: string | null;
}

export async function buildImages(req: BuildRequest): Promise<BuildOutcome[]> {
  const engine = await engineStatus();
  if (!engine.reachable) {
    throw new EnvironmentError(`cannot build images: ${engine.reason}`, { hint: 'apt-get install -y docker.io && dockerd --storage-driver=overlay2 >/var/log/dockerd.log 2>&1 &' });
  }
  const specs = imageSpecs(req.variants, req.names, req.fromSource);
  const base = await ensureBaseImage(req.repoRoot, req.base, req.log);
  const outcomes: BuildOutcome[] = [];
  if (base.builtSeconds !== undefined) {
    outcomes.push({ image: 'base', ref: base.ref, status: 'built', seconds: base.builtSeconds, version: 'debian bookworm', imageId: base.id, sizeBytes: (await inspectImage(base.ref))?.sizeBytes ?? null, error: null });
  }
  for (const spec of specs) {
    const outcome = await buildOne(req, spec, base.ref, base.id);
    req.log(`${spec.name}: ${outcome.status} in ${outcome.seconds.toFixed(1)} s${outcome.version ? ` (${outcome.version})` : ''}${outcome.error ? `: ${outcome.error}` : ''}`);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function buildOne(req: BuildRequest, spec: ImageSpec, baseRef: string, baseId: string): Promise<BuildOutcome> {
  const start = performance.now();
  const outcome = (status: BuildOutcome['status'], rest: Partial<BuildOutcome> = {}): BuildOutcome => ({
    image: spec.name, ref: spec.ref, status, seconds: (performance.now() - start) / 1000, version: null, imageId: null, sizeBytes: null, error: null, ...rest,
  });
  if (spec.prebuild) {
    req.log(`${spec.name}: compiling on the host: ${spec.prebuild.command.join(' ')}`);
    const r = await execa('nice', ['-n', '19', ...spec.prebuild.command], { cwd: spec.prebuild.cwd, reject: false, stdin: 'ignore', all: true });
    if (r.exitCode !== 0) return outcome('failed', { error: `${spec.prebuild.command.join(' ')} failed: ${String(r.all ?? '').split('\n').slice(-3).join(' / ')}` });
  }
  return withImageContext(req.repoRoot, spec, async (contextDir, staged) => {
    const { buildArgs, hash } = buildInputs(spec, contextDir, baseRef, baseId);
    const existing = await inspectImage(spec.ref);
    if (!req.force && existing?.labels[contextHashLabelKey] === hash) {
      return outcome('up to date', { imageId: existing.id, sizeBytes: existing.sizeBytes, version: await versionOf(req, spec) });
    }
    req.log(`${spec.name}: docker build ${spec.ref} from ${staged !== undefined ? `dist (${staged})` : contextDir}`);
    const args = ['build', '--network', 'host', '--cpu-shares', '2', '--file', join(contextDir, spec.dockerfile), '--tag', spec.ref];
    for (const [key, value] of Object.entries(buildLabels(hash, baseRef, spec.fromSource))) args.push('--label', `${key}=${value}`);
    for (const [key, value] of Object.entries(buildArgs)) args.push('--build-arg', `${key}=${value}`);
    const r = await dockerStreaming([...args, contextDir], () => undefined);
    if (r.exitCode !== 0) return outcome('failed', { error: `docker build failed:\n${r.tail}` });
    const built = await inspectImage(spec.ref);
    return outcome('built', { imageId: built?.id ?? null, sizeBytes: built?.sizeBytes ?? null, version: await versionOf(req, spec) });
  });
}

async function versionOf(req: BuildRequest, spec: ImageSpec): Promise<string | null> {
  if (spec.name === upstreamImageName) return null;
  const variant = req.variants.find((v) => v.manifest.name === spec.name);
  return (variant && (await versionInImage(variant, spec.ref))) ?? null;
}

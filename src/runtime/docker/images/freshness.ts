// Whether an image is what `proxybench images build NAME` would build from this checkout now: the context hash it carries against today's.
import { existsSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import type { Variant } from '../../variants.js';
import { inspectImage, type ImageInfo } from '../docker-cli.js';
import { baseImage, buildBaseLabelKey, buildFromSourceLabelKey, contextHashLabelKey, imageRef } from '../naming.js';
import { hashContext } from './context-hash.js';
import { imageSpecs, type ImageSpec } from './image-specs.js';
import { stageProgramContext } from './upstream-context.js';

/** Runs `use` on the spec's build context: its folder, or a staged copy of our Node program (removed afterwards). */
export async function withImageContext<T>(repoRoot: string, spec: ImageSpec, use: (contextDir: string, staged: string | undefined) => Promise<T>): Promise<T> {
  const staged = spec.contextDir === 'staged-upstream' ? 'upstream' : spec.contextDir === 'staged-generator-worker' ? 'generator-worker' : undefined;
  const contextDir = staged !== undefined ? stageProgramContext(repoRoot, staged) : spec.contextDir;
  try {
    return await use(contextDir, staged);
  } finally {
    if (staged !== undefined) rmSync(contextDir, { recursive: true, force: true });
  }
}

/** The build arguments an image gets (the base first) and the context hash it is labelled with. */
export function buildInputs(spec: ImageSpec, contextDir: string, baseRef: string, baseId: string): { buildArgs: Record<string, string>; hash: string } {
  const buildArgs = { BASE: baseRef, ...spec.buildArgs };
  return { buildArgs, hash: hashContext({ contextDir, dockerfile: spec.dockerfile, baseImageId: baseId, buildArgs }) };
}

/** The labels `images build` puts on an image, so a later check can redo its hash with the same inputs. */
export function buildLabels(hash: string, baseRef: string, fromSource: boolean): Record<string, string> {
  return { [contextHashLabelKey]: hash, [buildBaseLabelKey]: baseRef, [buildFromSourceLabelKey]: String(fromSource) };
}

/**
 * Why the image `name` (the upstream or a variant) differs from what `proxybench images build NAME` would build now — its
 * files, base image or build arguments changed since — or undefined when it is the same or that cannot be told here (no
 * such image, its base gone, our compiled program not on this host).
 */
export async function imageOutOfDate(
  repoRoot: string, variants: readonly Variant[], name: string, inspect: (ref: string) => Promise<ImageInfo | undefined> = inspectImage,
): Promise<string | undefined> {
  const ref = imageRef(name);
  const info = await inspect(ref);
  const carried = info?.labels[contextHashLabelKey];
  if (!info || carried === undefined) return undefined;
  const fromSource = info.labels[buildFromSourceLabelKey] === 'true';
  const baseRef = info.labels[buildBaseLabelKey] ?? baseImage; // images built before the label: the default base
  const base = await inspect(baseRef);
  if (!base && baseRef === baseImage) return undefined;
  const spec = imageSpecs(variants, [name], fromSource)[0]!;
  if (spec.prebuild && !programsCompiled(variants, name)) return undefined;
  const current = await withImageContext(repoRoot, spec, async (contextDir) => buildInputs(spec, contextDir, baseRef, base?.id ?? baseRef).hash);
  if (current === carried) return undefined;
  const inRepo = relative(repoRoot, spec.contextDir);
  const from = spec.contextDir.startsWith('staged-') ? 'the compiled program (dist/)' : inRepo.startsWith('..') ? spec.contextDir : inRepo;
  return `image ${ref} is out of date: ${from}, its base image or build arguments changed since it was built; rebuild it: proxybench images build ${name}`;
}

/** Our own programs are compiled on the host first: without the binary here, today's context is not what a build would send. */
function programsCompiled(variants: readonly Variant[], name: string): boolean {
  const variant = variants.find((v) => v.manifest.name === name);
  return (variant?.manifest.local?.requires ?? []).every((bin) => !bin.includes('{{variantDir}}') || existsSync(bin.replaceAll('{{variantDir}}', variant!.dir)));
}

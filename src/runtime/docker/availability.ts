// Whether a variant can run in the docker runtime here: engine reachable, image built; its version read in the image.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Availability } from '../local/availability.js';
import type { Variant } from '../variants.js';
import { docker, inspectImage, type EngineStatus } from './docker-cli.js';
import { containerNode, imageRef, upstreamImageName } from './naming.js';
import { containerProbe, containerVersionProbe, matchVersion } from './templates.js';

export const engineFix = 'apt-get install -y docker.io && dockerd --storage-driver=overlay2 >/var/log/dockerd.log 2>&1 &';

/** Availability in docker, plus the image id (provenance) when available. */
export type DockerAvailability = Availability & { imageId?: string };

/** Checks one variant; `engine` is the engine status the caller looked up once, `outOfDate` the session's image check. */
export async function dockerAvailability(variant: Variant, engine: EngineStatus, outOfDate: (variant: Variant | undefined) => Promise<string | undefined>): Promise<DockerAvailability> {
  if (!engine.reachable) return { available: false, reason: engine.reason, fix: engineFix };
  const upstream = await inspectImage(imageRef(upstreamImageName));
  if (!upstream) return { available: false, reason: `image ${imageRef(upstreamImageName)} (the upstream) is not built`, fix: 'proxybench images build upstream' };
  const { manifest } = variant;
  if (manifest.role === 'direct') return { available: true, version: undefined, imageId: upstream.id, ...(await staleness([outOfDate(undefined)])) };
  const dockerfile = join(variant.dir, manifest.docker?.dockerfile ?? 'Dockerfile');
  if (!existsSync(dockerfile)) {
    return { available: false, reason: `no ${manifest.docker?.dockerfile ?? 'Dockerfile'} in ${variant.dir}`, fix: `add a Dockerfile (docker/README.md, "Containers")` };
  }
  const ref = imageRef(manifest.name);
  const image = await inspectImage(ref);
  if (!image) return { available: false, reason: `image ${ref} is not built`, fix: `proxybench images build ${manifest.name}` };
  const tlsProbe = containerProbe(manifest.tls?.libraryVersion);
  const tlsLibraryVersion = tlsProbe ? await probeInImage(ref, tlsProbe) : undefined;
  return {
    available: true, version: await versionInImage(variant, ref), imageId: image.id, ...(tlsLibraryVersion ? { tlsLibraryVersion } : {}),
    ...(await staleness([outOfDate(undefined), outOfDate(variant)])),
  };
}

/** The images out of date (the upstream's, the variant's) as a warning, or nothing. */
async function staleness(checks: Promise<string | undefined>[]): Promise<{ warning?: string }> {
  const stale = (await Promise.all(checks)).filter((s): s is string => s !== undefined);
  return stale.length > 0 ? { warning: stale.join('; ') } : {};
}

/** Runs the variant's version probe in a throwaway container without network. */
export async function versionInImage(variant: Variant, ref: string): Promise<string | undefined> {
  const probe = containerVersionProbe(variant.manifest);
  return probe ? probeInImage(ref, probe) : undefined;
}

/** The OpenSSL version of the Node.js in the upstream's image (what the upstream's TLS listener, direct's, runs on). */
export async function upstreamOpensslVersion(): Promise<string | undefined> {
  return probeInImage(imageRef(upstreamImageName), { command: [containerNode, '-p', 'process.versions.openssl'], pattern: '(\\d+\\.\\d+\\.\\d+\\S*)' });
}

async function probeInImage(ref: string, probe: { command: string[]; pattern: string }): Promise<string | undefined> {
  const r = await docker(['run', '--rm', '--network', 'none', '--label', 'proxybench.probe=version', ref, ...probe.command], 30_000);
  return matchVersion(`${r.stdout}\n${r.stderr}`, probe.pattern);
}

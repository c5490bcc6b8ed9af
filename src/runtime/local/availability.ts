// Whether a variant can run as a local process here, and if not, why and what installs it.
import { execa } from 'execa';
import type { Variant } from '../variants.js';
import { which } from './which.js';

export type Availability =
  | {
    available: true;
    version: string | undefined;
    /** The image it runs from (docker runtime). */
    imageId?: string;
    /** The TLS library's version (manifest tls.libraryVersion), when the variant names a probe. */
    tlsLibraryVersion?: string;
    /** It can run, but not as this checkout describes it (docker: an image out of date), with the fix. */
    warning?: string;
  }
  | { available: false; reason: string; fix: string };

export async function localAvailability(variant: Variant): Promise<Availability> {
  const { manifest } = variant;
  if (manifest.role === 'direct') return { available: true, version: undefined };
  const local = manifest.local;
  if (!local) return { available: false, reason: 'no local run described in variant.yaml', fix: 'use --runtime docker' };
  // {{variantDir}} names a program built inside the variant folder (docker/<name>/bin/…).
  const missing = local.requires.map((bin) => bin.replaceAll('{{variantDir}}', variant.dir)).filter((bin) => which(bin) === undefined);
  if (missing.length > 0) {
    return { available: false, reason: `not installed: ${missing.join(', ')} not found`, fix: local.install };
  }
  const tlsLibraryVersion = await readVersion(variant, variant.manifest.tls?.libraryVersion);
  return { available: true, version: await readVersion(variant, local.version), ...(tlsLibraryVersion ? { tlsLibraryVersion } : {}) };
}

async function readVersion(variant: Variant, version: { command: string[]; pattern: string } | undefined): Promise<string | undefined> {
  if (!version) return undefined;
  const [file, ...args] = version.command.map((part) => part.replaceAll('{{variantDir}}', variant.dir).replaceAll('{{node}}', process.execPath));
  const result = await execa(file!, args, { reject: false, timeout: 10_000, all: true, stdin: 'ignore' });
  const match = new RegExp(version.pattern).exec(result.all ?? '');
  return match?.[1] ?? match?.[0];
}

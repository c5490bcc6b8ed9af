// The base every image builds FROM: a given image (e.g. debian:bookworm-slim), or proxybench/base:bookworm bootstrapped from Debian packages.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { execa } from 'execa';
import { EnvironmentError } from '../../../shared/errors.js';
import { inspectImage } from '../docker-cli.js';
import { baseImage } from '../naming.js';

export interface BaseImage {
  ref: string;
  /** Image id; for a public base not present locally, its name (docker pulls it during the first build). */
  id: string;
  /** Seconds spent bootstrapping it now; undefined when it was there already. */
  builtSeconds?: number;
}

/** `requested` is a `--base` image; without one, the local base is bootstrapped when missing (debootstrap, ≈30–50 s). */
export async function ensureBaseImage(repoRoot: string, requested: string | undefined, log: (line: string) => void): Promise<BaseImage> {
  if (requested) {
    const info = await inspectImage(requested);
    return { ref: requested, id: info?.id ?? requested };
  }
  const present = await inspectImage(baseImage);
  if (present) return { ref: baseImage, id: present.id };
  log(`base: ${baseImage} is missing; bootstrapping it from Debian packages (debootstrap, docker import)`);
  const start = performance.now();
  const script = join(repoRoot, 'docker', 'base', 'bootstrap.sh');
  const r = await execa('bash', [script, baseImage], { reject: false, stdin: 'ignore', all: true });
  if (r.exitCode !== 0) {
    throw new EnvironmentError(`bootstrapping ${baseImage} failed: ${String(r.all ?? '').split('\n').slice(-3).join(' / ')}`, {
      hint: 'it needs root, debootstrap (apt-get install -y debootstrap) and the Debian mirror; or pass --base debian:bookworm-slim where a registry is reachable',
    });
  }
  const built = await inspectImage(baseImage);
  if (!built) throw new EnvironmentError(`${baseImage} is still missing after the bootstrap`, { hint: `run bash ${script} by hand and read its output` });
  return { ref: baseImage, id: built.id, builtSeconds: (performance.now() - start) / 1000 };
}

// Test helper: why the docker end-to-end cases cannot run here (no engine, images not built), or undefined when they can.
import { engineStatus, inspectImage } from '../runtime/docker/docker-cli.js';
import { imageRef } from '../runtime/docker/naming.js';

/** The images CI builds (scripts/setup-docker.sh upstream nginx haproxy generator-worker); most docker e2e tests use only these three, the Swarm test the worker too. */
export const ciImages = ['upstream', 'nginx', 'haproxy'] as const;

export async function dockerSkipReason(images: readonly string[] = ciImages): Promise<string | undefined> {
  const engine = await engineStatus();
  if (!engine.reachable) return `no docker engine (${engine.reason})`;
  const absent = [];
  for (const name of images) if (!(await inspectImage(imageRef(name)))) absent.push(name);
  return absent.length > 0 ? `images not built: run \`proxybench images build ${absent.join(' ')}\`` : undefined;
}

/**
 * The `skip` option of a docker e2e file's tests: the reason (said on stderr) or false. With PROXYBENCH_REQUIRE_DOCKER=1
 * (CI) a missing engine or image is a failure instead.
 */
export async function dockerSkip(file: string, images: readonly string[] = ciImages): Promise<string | false> {
  const reason = await dockerSkipReason(images);
  if (reason && process.env.PROXYBENCH_REQUIRE_DOCKER === '1') throw new Error(`docker tests required here, but ${reason}`);
  if (reason) process.stderr.write(`${file}: skipping the docker cases: ${reason}\n`);
  return reason ?? false;
}

// `proxybench clean`: removes every container and network a proxybench run left behind (a crash, a killed runner).
import { containersWithLabel, docker, engineStatus, networksWithLabel, removeAll } from '../../runtime/docker/docker-cli.js';
import { runLabelKey } from '../../runtime/docker/naming.js';
import { EnvironmentError } from '../../shared/errors.js';
import { ExitCode } from '../../shared/exit-codes.js';

export async function cleanCommand(options: { images: boolean; json: boolean }): Promise<number> {
  const engine = await engineStatus();
  if (!engine.reachable) throw new EnvironmentError(`cannot clean: ${engine.reason}`, { hint: 'start the docker engine first (proxybench doctor)' });
  const containers = await containersWithLabel(runLabelKey);
  const networks = await networksWithLabel(runLabelKey);
  await removeAll(containers, networks);
  let images: string[] = [];
  if (options.images) {
    // By name, derived images first (the base last), so each goes with its layers; build-cache layers no image
    // uses any more stay until `docker image prune`.
    const r = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'reference=proxybench/*']);
    images = r.stdout.split('\n').filter(Boolean).sort((a, b) => Number(a.startsWith('proxybench/base:')) - Number(b.startsWith('proxybench/base:')));
    if (images.length > 0) await docker(['image', 'rm', ...images], 300_000);
  }
  if (options.json) {
    process.stdout.write(JSON.stringify({ containers, networks, images }, null, 1) + '\n');
  } else {
    const imagesPart = options.images ? `; ${images.length} proxybench/* image(s)` : '';
    process.stdout.write(`removed ${containers.length} container(s) and ${networks.length} network(s) labelled ${runLabelKey}${imagesPart}\n`);
  }
  return ExitCode.ok;
}

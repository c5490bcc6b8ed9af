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
    const r = await docker(['image', 'ls', '--quiet', '--filter', 'reference=proxybench/*']);
    images = [...new Set(r.stdout.split('\n').filter(Boolean))];
    if (images.length > 0) await docker(['image', 'rm', '--force', ...images], 300_000);
  }
  if (options.json) {
    process.stdout.write(JSON.stringify({ containers, networks, images }, null, 1) + '\n');
  } else {
    process.stdout.write(`removed ${containers.length} container(s), ${networks.length} network(s)${options.images ? `, ${images.length} image(s)` : ''} labelled ${runLabelKey}\n`);
  }
  return ExitCode.ok;
}

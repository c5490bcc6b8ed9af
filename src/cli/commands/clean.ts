// `proxybench clean`: removes every Swarm service, container and network a proxybench run left behind (a crash, a killed runner).
import { hostname } from 'node:os';
import { docker, engineStatus, labelledWithOwner, removeAll, type Owned } from '../../runtime/docker/docker-cli.js';
import { ownedByLiveRun, ownerLabelKey, runLabelKey } from '../../runtime/docker/naming.js';
import { EnvironmentError } from '../../shared/errors.js';
import { pidAlive } from '../../shared/pid-alive.js';
import { ExitCode } from '../../shared/exit-codes.js';
import { removeStaleWorkDirs } from '../../run/work-dir.js';

export async function cleanCommand(options: { images: boolean; json: boolean; all?: boolean }): Promise<number> {
  // Work folders of runs that were killed (SIGKILL, a crash): always, with or without a container engine.
  const workDirs = removeStaleWorkDirs(pidAlive);
  const engine = await engineStatus();
  if (!engine.reachable && !options.images) {
    if (options.json) process.stdout.write(JSON.stringify({ workDirs, services: [], containers: [], networks: [], images: [], spared: [], engine: engine.reason }, null, 1) + '\n');
    else process.stdout.write(`removed ${workDirs.length} work folder(s) of runs that were killed; no container engine here (${engine.reason}), so no containers to remove\n`);
    return ExitCode.ok;
  }
  if (!engine.reachable) throw new EnvironmentError(`cannot clean: ${engine.reason}`, { hint: 'start the docker engine first (proxybench doctor)' });
  const labelled = await labelledWithOwner(runLabelKey, ownerLabelKey);
  // A run still in progress on this machine keeps its containers unless --all: cleaning under it would kill its proxies.
  const live = (o: Owned) => !options.all && ownedByLiveRun(o.owner, hostname(), pidAlive);
  const containers = labelled.containers.filter((o) => !live(o)).map((o) => o.id);
  const networks = labelled.networks.filter((o) => !live(o)).map((o) => o.id);
  const services = labelled.services.filter((o) => !live(o)).map((o) => o.id);
  const spared = [...labelled.services, ...labelled.containers].filter(live);
  await removeAll(containers, networks, services);
  let images: string[] = [];
  if (options.images) {
    // By name, derived images first (the base last), so each goes with its layers; build-cache layers no image
    // uses any more stay until `docker image prune`.
    const r = await docker(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', '--filter', 'reference=proxybench/*']);
    images = r.stdout.split('\n').filter(Boolean).sort((a, b) => Number(a.startsWith('proxybench/base:')) - Number(b.startsWith('proxybench/base:')));
    if (images.length > 0) await docker(['image', 'rm', ...images], 300_000);
  }
  if (options.json) {
    process.stdout.write(JSON.stringify({ workDirs, services, containers, networks, images, spared: spared.map((o) => o.id) }, null, 1) + '\n');
  } else {
    const imagesPart = options.images ? `; ${images.length} proxybench/* image(s)` : '';
    process.stdout.write(`removed ${workDirs.length} work folder(s) of runs that were killed, ${services.length} Swarm service(s), ${containers.length} container(s) and ${networks.length} network(s) labelled ${runLabelKey}${imagesPart}\n`);
    if (spared.length > 0) {
      const owners = [...new Set(spared.map((o) => o.owner))].join(', ');
      process.stdout.write(`kept ${spared.length} service(s) and container(s) of runs still in progress (${owners}); --all removes them too\n`);
    }
  }
  return ExitCode.ok;
}

// Starts proxybench's upstream as a container (image proxybench/upstream) and talks to its stats endpoint.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetStartError } from '../../shared/errors.js';
import { waitHealthy } from '../local/health.js';
import { assertPortFree, portHolder, portTaken } from '../local/ports.js';
import { logTail } from '../local/process-group.js';
import { upstreamLatencyArg } from '../local/start-upstream.js';
import type { RunningUpstream, UpstreamOptions } from '../runtime.js';
import { startContainer } from './container.js';
import { containerNode, imageRef, upstreamImageName, workerTargetAlias } from './naming.js';
import { containerResources } from './resources.js';
import type { DockerSession } from './session.js';
import { upstreamControl } from '../upstream-control.js';
import { dirname } from 'node:path';
import { checkTlsListener, upstreamTlsArgs } from '../tls-listener.js';
import { upstreamOpensslVersion } from './availability.js';

/** Where the upstream's program lives in its image (docker/upstream/Dockerfile). */
export const upstreamMain = '/opt/proxybench/upstream/dist/src/upstream/main.js';

export async function startDockerUpstream(session: DockerSession, o: UpstreamOptions): Promise<RunningUpstream> {
  await assertPortFree(o.host, o.port, 'ports.upstream');
  const logFile = join(o.dir, 'upstream.log');
  const network = session.networkName();
  // On a network of its own the upstream listens on every address of its container (published on o.host:o.port).
  const hostArgs = network ? ['--host', '0.0.0.0', '--container-network'] : ['--host', o.host];
  const args = [...hostArgs, '--port', String(o.port), '--body-bytes', String(o.bodyBytes), '--latency', upstreamLatencyArg(o.latency), ...(o.oracle ? ['--oracle'] : []), ...upstreamTlsArgs(o.tls), ...(o.identity ? ['--identity', o.identity] : [])];
  const name = session.nextName('upstream');
  const container = await startContainer(
    {
      name,
      image: imageRef(upstreamImageName),
      labels: session.labels('upstream'),
      network: session.network([{ hostPort: o.port, containerPort: o.port }, ...(o.tls ? [{ hostPort: o.tls.listenPort, containerPort: o.tls.listenPort }] : [])], [o.oracle ? 'oracle' : 'upstream', ...(network ? [workerTargetAlias(name)] : [])]),
      cpus: o.cpus,
      memoryBytes: session.options.memoryBytes,
      // The run's TLS material, read-only at the same path.
      mounts: o.tls ? [{ host: dirname(o.tls.material.certFile), container: dirname(o.tls.material.certFile), readOnly: true }] : [],
      env: {},
      command: [containerNode, upstreamMain, ...args],
    },
    logFile,
    (idOrName) => session.track(idOrName),
  );
  session.adopt(container);
  const health = await waitHealthy({
    host: o.host,
    port: o.port,
    path: '/__pb/health',
    deadlineMs: 15_000,
    identity: o.identity,
    exited: () => (container.exit() ? `its container exited (code ${container.exit()!.code})` : undefined),
    sleep: (ms) => sleep(ms),
  });
  if (!health.ok) {
    const tail = logTail(logFile);
    await container.stop(1);
    session.release(container);
    if (health.foreign) throw portTaken(o.host, o.port, o.oracle ? 'probes.oraclePort' : 'ports.upstream', await portHolder(o.host, o.port), `the upstream container did not start: ${health.reason}`);
    const stale = await session.imageOutOfDate(undefined);
    throw new TargetStartError(`the upstream container did not start: ${health.reason}${stale ? ` (${stale})` : ''}`, tail, { hint: `rebuild it: proxybench images build upstream; its output: ${logFile}` });
  }
  const address = { host: o.host, port: o.port };
  if (network) {
    const ip = await container.ip(network);
    if (!ip) throw new TargetStartError(`the upstream container has no address on network ${network}`, logTail(logFile), { hint: 'see docker network inspect' });
    session.setUpstreamInside(address, { host: ip, port: o.port }); // variants started in front of `address` use this
    if (!o.oracle) session.setWorkerTarget(address, { host: workerTargetAlias(name), port: o.port }); // `direct`: Swarm workers send here
  }
  const tls = o.tls === undefined ? undefined : await checkTlsListener('the upstream container', o.host, '/__pb/health', o.tls, {
    library: "OpenSSL (Debian's, linked by the image's nodejs)", libraryVersion: await upstreamOpensslVersion(), resumption: 'session tickets (Node default), no session cache',
  });
  if (tls !== undefined && 'reason' in tls) {
    await container.stop(1);
    session.release(container);
    throw new TargetStartError(tls.reason, logTail(logFile), { hint: `see ${logFile}` });
  }
  return {
    address,
    ...(tls === undefined ? {} : { tls }),
    resources: containerResources(container),
    ...upstreamControl(address, o.identity),
    exited: container.exited,
    stop: async () => {
      await container.stop(2);
      session.release(container);
      session.setUpstreamInside(address, undefined);
      session.setWorkerTarget(address, undefined);
    },
  };
}

// Starts one variant as a container: renders its config into the bind-mounted run folder, runs it pinned, waits for health.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetStartError } from '../../shared/errors.js';
import { renderTemplate } from '../manifest.js';
import { directTarget, type RunningTarget, type StartOptions } from '../target.js';
import type { VouchedEndpoint } from '../../traffic/types.js';
import type { Variant } from '../variants.js';
import { waitHealthy } from '../local/health.js';
import { processTreePids } from '../../measure/resources/procfs.js';
import { assertPortFree, portHolder, portTaken } from '../local/ports.js';
import { logTail } from '../local/process-group.js';
import { containerResources } from './resources.js';
import { startContainer, type StartedContainer } from './container.js';
import { imageRef, variantLabelKey, workerTargetAlias } from './naming.js';
import type { DockerSession } from './session.js';
import { containerPlan, containerValues } from './templates.js';
import { checkTlsListener, tlsTemplateValues } from '../tls-listener.js';
import { checkStartedHttp2, http2TemplateValues } from '../http2-listener.js';

export async function startDockerVariant(session: DockerSession, variant: Variant, options: StartOptions, version: string | undefined): Promise<RunningTarget> {
  const { manifest } = variant;
  if (manifest.role === 'direct') return directTarget(manifest.name, options);
  const bridge = session.options.network !== 'host';
  const innerPort = bridge ? (manifest.docker?.listenPort ?? options.listenPort) : options.listenPort;
  const upstream = session.upstreamInside(options.upstream) ?? options.upstream;
  mkdirSync(options.dir, { recursive: true }); // before the TLS material is copied into it
  const values = containerValues({
    dir: options.dir,
    listenHost: bridge ? '0.0.0.0' : options.listenHost,
    listenPort: innerPort,
    upstreamHost: upstream.host,
    upstreamPort: upstream.port,
    workers: options.workers,
    upstreamPoolSize: options.upstreamPoolSize,
    ...tlsTemplateValues(options.dir, options.tls),
    ...http2TemplateValues(options.http2),
  });
  const plan = containerPlan(manifest, values);
  if (!plan) throw new TargetStartError(`${manifest.name} has no command to run (neither docker.command nor local.command)`, '', { hint: `edit ${variant.dir}/variant.yaml` });
  for (const file of plan.files) writeFileSync(join(options.dir, file), renderTemplate(readFileSync(join(variant.dir, file), 'utf8'), values));
  await assertPortFree(options.listenHost, options.listenPort, 'ports.proxy');
  if (options.tls) await assertPortFree(options.listenHost, options.tls.listenPort, 'ports.proxyTls');
  const h2cPort = options.http2?.h2cListenPort;
  if (h2cPort !== undefined) await assertPortFree(options.listenHost, h2cPort, 'ports.proxyH2c');
  const published = [...(options.tls ? [options.tls.listenPort] : []), ...(h2cPort !== undefined ? [h2cPort] : [])];
  const logFile = join(options.dir, 'output.log');
  const name = session.nextName(manifest.name);
  const container = await startContainer(
    {
      name,
      image: imageRef(manifest.name),
      labels: session.labels('proxy', { [variantLabelKey]: manifest.name }),
      network: session.network([{ hostPort: options.listenPort, containerPort: innerPort }, ...published.map((port) => ({ hostPort: port, containerPort: port }))], bridge ? [workerTargetAlias(name)] : undefined),
      cpus: options.cpus,
      memoryBytes: session.options.memoryBytes,
      mounts: [{ host: options.dir, container: options.dir }],
      workdir: options.dir,
      env: plan.env,
      command: plan.command,
    },
    logFile,
    (idOrName) => session.track(idOrName),
  );
  session.adopt(container);
  const health = await waitHealthy({
    host: options.listenHost,
    port: options.listenPort,
    path: manifest.healthPath,
    deadlineMs: options.healthDeadlineMs,
    identity: options.identity,
    exited: () => {
      const e = container.exit();
      return e ? `the container exited during start-up (code ${e.code}, signal ${e.signal})` : undefined;
    },
    sleep: (ms) => sleep(ms),
  });
  const reachable = [options.listenPort, ...published].map((port) => ({ host: options.listenHost, port }));
  const insidePorts = [innerPort, ...published];
  const stop = async () => {
    for (const p of reachable) session.setWorkerTarget(p, undefined);
    const info = await container.stop();
    session.release(container);
    return info;
  };
  // A start that fails on an out-of-date image says so first: the fix is a rebuild, not the variant's config.
  const failed = async (reason: string, hint: string) => {
    await stop();
    const stale = await session.imageOutOfDate(variant);
    return new TargetStartError(stale ? `${reason} (${stale})` : reason, logTail(logFile), { hint: stale ? `proxybench images build ${manifest.name}, then run again` : hint });
  };
  if (!health.ok) {
    if (health.foreign) {
      await stop();
      throw portTaken(options.listenHost, options.listenPort, 'ports.proxy', await portHolder(options.listenHost, options.listenPort), `${manifest.name} did not start: ${health.reason}`);
    }
    throw await failed(`${manifest.name} did not start in its container: ${health.reason}`, `its output is in ${logFile}; try \`docker run --rm -it ${imageRef(manifest.name)} ${plan.command.join(' ')}\``);
  }
  const tls = options.tls && manifest.tls
    ? await checkTlsListener(manifest.name, options.listenHost, manifest.healthPath, options.tls, { library: manifest.tls.library, libraryVersion: options.tlsLibraryVersion ?? manifest.tls.libraryVersionFixed, resumption: manifest.tls.resumption })
    : undefined;
  if (tls !== undefined && 'reason' in tls) throw await failed(tls.reason, `its output is in ${logFile}; check its tls section in ${variant.dir}`);
  const http2 = await checkStartedHttp2(manifest, options.listenHost, options);
  if (http2 !== undefined && 'reason' in http2) throw await failed(http2.reason, `its output is in ${logFile}; check its http2 section and templates in ${variant.dir}`);
  // Swarm workers on the run's network reach this container by its alias there (and nothing else of the run's).
  if (bridge) reachable.forEach((p, i) => session.setWorkerTarget(p, { host: workerTargetAlias(name), port: insidePorts[i]! }));
  return {
    ...(tls === undefined ? {} : { tls }),
    ...(http2 === undefined ? {} : http2),
    variant: manifest.name,
    address: { host: options.listenHost, port: options.listenPort },
    // Overlay: the host has no route into the overlay, so probes and attacks use the published loopback port.
    vouched: session.options.network === 'bridge' ? await vouchFor(session, container, innerPort) : undefined,
    resources: containerResources(container),
    version,
    logFile,
    exit: () => container.exit(),
    ...(container.pid > 0 ? { treePids: () => processTreePids(container.pid) } : {}),
    stop,
  };
}

/** Bridge mode: the container's own address on the network this run created, which the runtime vouches is this target. */
async function vouchFor(session: DockerSession, container: StartedContainer, port: number): Promise<VouchedEndpoint | undefined> {
  const network = session.networkName();
  const runId = session.runId();
  const host = network ? await container.ip(network) : undefined;
  if (!network || !runId || !host || container.pid <= 0) return undefined;
  return { address: { host, port }, network, runId, tcpTables: [`/proc/${container.pid}/net/tcp`, `/proc/${container.pid}/net/tcp6`] };
}

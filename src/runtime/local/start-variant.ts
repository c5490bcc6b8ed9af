// Starts one variant as a local process: renders its config, starts it pinned in its own session, waits for health.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { execa } from 'execa';
import { TargetStartError } from '../../shared/errors.js';
import { renderTemplate, type TemplateValues } from '../manifest.js';
import { directTarget, type RunningTarget, type StartOptions } from '../target.js';
import type { Variant } from '../variants.js';
import { waitHealthy } from './health.js';
import { assertPortFree, portHolder, portTaken } from './ports.js';
import { logTail, type ProcessGroups } from './process-group.js';
import { processTreePids } from '../../measure/resources/procfs.js';
import { procTreeSource } from '../../measure/resources/source.js';
import { checkTlsListener, tlsTemplateValues } from '../tls-listener.js';
import { checkStartedHttp2, http2TemplateValues } from '../http2-listener.js';

export async function startLocalVariant(
  variant: Variant,
  options: StartOptions,
  groups: ProcessGroups,
  version: string | undefined,
): Promise<RunningTarget> {
  const { manifest } = variant;
  if (manifest.role === 'direct') return directTarget(manifest.name, options);
  const local = manifest.local!;
  mkdirSync(options.dir, { recursive: true });
  const values: TemplateValues = {
    dir: options.dir,
    variantDir: variant.dir,
    listenHost: options.listenHost,
    listenPort: options.listenPort,
    upstreamHost: options.upstream.host,
    upstreamPort: options.upstream.port,
    workers: options.workers,
    upstreamPoolSize: options.upstreamPoolSize,
    node: process.execPath,
    ...tlsTemplateValues(options.dir, options.tls),
    ...http2TemplateValues(options.http2),
  };
  for (const file of local.files) {
    writeFileSync(join(options.dir, file), renderTemplate(readFileSync(join(variant.dir, file), 'utf8'), values));
  }
  await assertPortFree(options.listenHost, options.listenPort, 'ports.proxy');
  if (options.tls) await assertPortFree(options.listenHost, options.tls.listenPort, 'ports.proxyTls');
  const h2cPort = options.http2?.h2cListenPort;
  if (h2cPort !== undefined) await assertPortFree(options.listenHost, h2cPort, 'ports.proxyH2c');
  const extraArgs = [...(options.tls ? manifest.tls?.args ?? [] : []), ...(h2cPort !== undefined ? manifest.http2?.h2cArgs ?? [] : [])];
  const [command, ...args] = [...local.command, ...extraArgs].map((part) => renderTemplate(part, values));
  const env = Object.fromEntries(Object.entries(local.env).map(([k, v]) => [k, renderTemplate(v, values)]));
  const logFile = join(options.dir, 'output.log');
  const proc = groups.start({ command: command!, args, env, cwd: options.dir, logFile, cpus: options.cpus });
  const health = await waitHealthy({
    host: options.listenHost,
    port: options.listenPort,
    path: manifest.healthPath,
    deadlineMs: options.healthDeadlineMs,
    identity: options.identity,
    exited: () => {
      const e = proc.exit();
      return e ? `exited during start-up (code ${e.code}, signal ${e.signal})` : undefined;
    },
    sleep: (ms) => sleep(ms),
  });
  if (!health.ok) {
    await proc.stop(1000);
    if (health.foreign) throw portTaken(options.listenHost, options.listenPort, 'ports.proxy', await portHolder(options.listenHost, options.listenPort), `${manifest.name} did not start: ${health.reason}`);
    throw new TargetStartError(`${manifest.name} did not start: ${health.reason}`, logTail(logFile), {
      hint: `its output is in ${logFile}; check that ${command} works and that port ${options.listenPort} is free`,
    });
  }
  if (local.repinAfterStart) await repinTree(proc.pid, options.cpus);
  const tls = options.tls && manifest.tls
    ? await checkTlsListener(manifest.name, options.listenHost, manifest.healthPath, options.tls, { library: manifest.tls.library, libraryVersion: options.tlsLibraryVersion ?? manifest.tls.libraryVersionFixed, resumption: manifest.tls.resumption })
    : undefined;
  if (tls !== undefined && 'reason' in tls) {
    await proc.stop(1000);
    throw new TargetStartError(tls.reason, logTail(logFile), { hint: `its output is in ${logFile}; check its tls section in ${variant.dir}` });
  }
  const http2 = await checkStartedHttp2(manifest, options.listenHost, options);
  if (http2 !== undefined && 'reason' in http2) {
    await proc.stop(1000);
    throw new TargetStartError(http2.reason, logTail(logFile), { hint: `its output is in ${logFile}; check its http2 section and templates in ${variant.dir}` });
  }
  return {
    ...(tls === undefined ? {} : { tls }),
    ...(http2 === undefined ? {} : http2),
    variant: manifest.name,
    address: { host: options.listenHost, port: options.listenPort },
    resources: procTreeSource(proc.pid),
    version,
    logFile,
    exit: () => proc.exit(),
    treePids: () => processTreePids(proc.pid),
    stop: () => proc.stop(),
  };
}


/** Re-applies the CPU list to every thread of every process in the tree (for proxies that reset affinity). */
async function repinTree(rootPid: number, cpus: string): Promise<void> {
  for (const pid of processTreePids(rootPid)) {
    await execa('taskset', ['-a', '-p', '-c', cpus, String(pid)], { reject: false, stdin: 'ignore' });
  }
}

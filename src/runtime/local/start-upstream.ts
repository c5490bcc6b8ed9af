// Starts proxybench's own upstream as a pinned local process and talks to its stats endpoint.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetStartError } from '../../shared/errors.js';
import type { LatencyDistribution } from '../../scenario/schema.js';
import { waitHealthy } from './health.js';
import { logTail, type ProcessGroups } from './process-group.js';
import { procTreeSource } from '../../measure/resources/source.js';
import { processTreePids } from '../../measure/resources/procfs.js';
import type { RunningUpstream, UpstreamOptions } from '../runtime.js';
import { upstreamControl } from '../upstream-control.js';
import { checkTlsListener, upstreamTlsArgs } from '../tls-listener.js';
import { portHolder, portTaken } from './ports.js';

/** Scenario latency (ms) → the upstream's --latency JSON (µs). */
export function upstreamLatencyArg(latency: LatencyDistribution): string {
  const us = (ms: number) => Math.round(ms * 1000);
  switch (latency.distribution) {
    case 'none': return JSON.stringify({ distribution: 'none' });
    case 'fixed': return JSON.stringify({ distribution: 'fixed', us: us(latency.value) });
    case 'uniform': return JSON.stringify({ distribution: 'uniform', minUs: us(latency.min), maxUs: us(latency.max) });
    case 'exponential': return JSON.stringify({ distribution: 'exponential', meanUs: us(latency.mean) });
    case 'lognormal': return JSON.stringify({ distribution: 'lognormal', medianUs: us(latency.median), sigma: latency.sigma });
    case 'knee': return JSON.stringify({ distribution: 'knee', kneeRatePerSec: latency.rate, belowUs: us(latency.below), aboveUs: us(latency.above), windowUs: us(latency.window) });
  }
}

export async function startLocalUpstream(groups: ProcessGroups, o: UpstreamOptions): Promise<RunningUpstream> {
  const main = fileURLToPath(new URL('../../upstream/main.js', import.meta.url));
  const logFile = join(o.dir, 'upstream.log');
  const args = [main, '--host', o.host, '--port', String(o.port), '--body-bytes', String(o.bodyBytes), '--latency', upstreamLatencyArg(o.latency), ...(o.oracle ? ['--oracle'] : []), ...upstreamTlsArgs(o.tls), ...(o.identity ? ['--identity', o.identity] : [])];
  const proc = groups.start({ command: process.execPath, args, logFile, cpus: o.cpus });
  const health = await waitHealthy({
    host: o.host,
    port: o.port,
    path: '/__pb/health',
    deadlineMs: 10_000,
    identity: o.identity,
    exited: () => (proc.exit() ? `exited (code ${proc.exit()!.code})` : undefined),
    sleep: (ms) => sleep(ms),
  });
  if (!health.ok) {
    await proc.stop(1000);
    const setting = o.oracle ? 'probes.oraclePort' : 'ports.upstream';
    if (health.foreign || /EADDRINUSE|is in use/.test(logTail(logFile))) throw portTaken(o.host, o.port, setting, await portHolder(o.host, o.port), `the ${o.oracle ? 'oracle ' : ''}upstream did not start: ${health.reason}`);
    throw new TargetStartError(`the upstream did not start: ${health.reason}`, logTail(logFile), { hint: `see ${logFile}` });
  }
  const address = { host: o.host, port: o.port };
  const tls = o.tls === undefined ? undefined : await checkTlsListener('the upstream', o.host, '/__pb/health', o.tls, {
    library: 'OpenSSL (bundled with Node.js)', libraryVersion: process.versions.openssl, resumption: 'session tickets (Node default), no session cache',
  });
  if (tls !== undefined && 'reason' in tls) {
    await proc.stop(1000);
    throw new TargetStartError(tls.reason, logTail(logFile), { hint: `see ${logFile}` });
  }
  return {
    address,
    ...(tls === undefined ? {} : { tls }),
    resources: procTreeSource(proc.pid),
    ...upstreamControl(address, o.identity),
    stop: async () => {
      await proc.stop(2000);
    },
    exited: proc.exited,
    treePids: () => processTreePids(proc.pid),
  };
}

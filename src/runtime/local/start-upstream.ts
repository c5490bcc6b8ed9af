// Starts proxybench's own upstream as a pinned local process and talks to its stats endpoint.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { TargetStartError } from '../../shared/errors.js';
import type { LatencyDistribution } from '../../scenario/schema.js';
import type { TargetAddress } from '../../traffic/types.js';
import { waitHealthy } from './health.js';
import { logTail, type ProcessGroups } from './process-group.js';
import { procTreeSource } from '../../measure/resources/source.js';
import type { RunningUpstream, UpstreamOptions, UpstreamStats } from '../runtime.js';

/** Scenario latency (ms) → the upstream's --latency JSON (µs). */
export function upstreamLatencyArg(latency: LatencyDistribution): string {
  const us = (ms: number) => Math.round(ms * 1000);
  switch (latency.distribution) {
    case 'none': return JSON.stringify({ distribution: 'none' });
    case 'fixed': return JSON.stringify({ distribution: 'fixed', us: us(latency.value) });
    case 'uniform': return JSON.stringify({ distribution: 'uniform', minUs: us(latency.min), maxUs: us(latency.max) });
    case 'exponential': return JSON.stringify({ distribution: 'exponential', meanUs: us(latency.mean) });
    case 'lognormal': return JSON.stringify({ distribution: 'lognormal', medianUs: us(latency.median), sigma: latency.sigma });
  }
}

export async function startLocalUpstream(groups: ProcessGroups, o: UpstreamOptions): Promise<RunningUpstream> {
  const main = fileURLToPath(new URL('../../upstream/main.js', import.meta.url));
  const logFile = join(o.dir, 'upstream.log');
  const args = [main, '--host', o.host, '--port', String(o.port), '--body-bytes', String(o.bodyBytes), '--latency', upstreamLatencyArg(o.latency), ...(o.oracle ? ['--oracle'] : [])];
  const proc = groups.start({ command: process.execPath, args, logFile, cpus: o.cpus });
  const health = await waitHealthy({
    host: o.host,
    port: o.port,
    path: '/__pb/health',
    deadlineMs: 10_000,
    exited: () => (proc.exit() ? `exited (code ${proc.exit()!.code})` : undefined),
    sleep: (ms) => sleep(ms),
  });
  if (!health.ok) {
    await proc.stop(1000);
    throw new TargetStartError(`the upstream did not start: ${health.reason}`, logTail(logFile), { hint: `see ${logFile}` });
  }
  const address = { host: o.host, port: o.port };
  return {
    address,
    resources: procTreeSource(proc.pid),
    stats: async () => JSON.parse(await call(address, 'GET', '/__pb/stats')) as UpstreamStats,
    resetStats: async () => {
      await call(address, 'POST', '/__pb/stats/reset');
    },
    stop: async () => {
      await proc.stop(2000);
    },
  };
}

function call(address: TargetAddress, method: string, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = request({ ...address, method, path, agent: false, timeout: 5000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`upstream ${path}: HTTP ${res.statusCode}`))));
    });
    req.on('timeout', () => req.destroy(new Error(`upstream ${path}: timeout`)));
    req.on('error', reject);
    req.end();
  });
}

// Talks to a running upstream's control endpoints (/__pb/stats, /__pb/stats/reset), whatever runtime started it.
import { request } from 'node:http';
import type { TargetAddress } from '../traffic/types.js';
import type { UpstreamStats } from './runtime.js';
import { runIdOf } from './identity.js';

export interface UpstreamControl {
  stats(): Promise<UpstreamStats>;
  resetStats(): Promise<void>;
}

/** With `identity`, every answer must carry it: counters from anything but this run's upstream are refused, never used. */
export function upstreamControl(address: TargetAddress, identity?: string): UpstreamControl {
  const check = (body: string, path: string): Record<string, unknown> => {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    if (identity !== undefined && parsed.identity !== identity) {
      const other = typeof parsed.identity === 'string' && parsed.identity ? `proxybench run ${runIdOf(parsed.identity)}` : 'a server without this run’s identity';
      throw new Error(`upstream ${path} at ${address.host}:${address.port} answered for ${other}, not this run: its counters are not this run’s`);
    }
    return parsed;
  };
  return {
    stats: async () => check(await call(address, 'GET', '/__pb/stats'), '/__pb/stats') as unknown as UpstreamStats,
    resetStats: async () => {
      check(await call(address, 'POST', '/__pb/stats/reset'), '/__pb/stats/reset');
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

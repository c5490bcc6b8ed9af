// Talks to a running upstream's control endpoints (/__pb/stats, /__pb/stats/reset), whatever runtime started it.
import { request } from 'node:http';
import type { TargetAddress } from '../traffic/types.js';
import type { UpstreamStats } from './runtime.js';

export interface UpstreamControl {
  stats(): Promise<UpstreamStats>;
  resetStats(): Promise<void>;
}

export function upstreamControl(address: TargetAddress): UpstreamControl {
  return {
    stats: async () => JSON.parse(await call(address, 'GET', '/__pb/stats')) as UpstreamStats,
    resetStats: async () => {
      await call(address, 'POST', '/__pb/stats/reset');
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

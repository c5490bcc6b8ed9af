// Test helpers for TLS runs: a short scenario with a plaintext phase and every TLS mode, and a variant folder whose
// nginx has session tickets and the session cache turned off (no connection can resume).
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { e2eScenarioSettings, repoRoot, freePorts } from './cli.js';

/** Writes a scenario with plain, keepalive, full, resumed (open loop) and keepalive (closed loop) phases on fresh ports. */
export async function tlsScenario(dir: string, variants: string[], key = 'ecdsa-p256'): Promise<string> {
  const [proxy, upstream, proxyTls, upstreamTls] = await freePorts(4);
  const file = join(dir, 'tls-e2e.yaml');
  writeFileSync(file, [
    'name: tls-e2e', e2eScenarioSettings, `variants: [${variants.join(', ')}]`,
    `ports: { proxy: ${proxy}, upstream: ${upstream}, proxyTls: ${proxyTls}, upstreamTls: ${upstreamTls} }`,
    'upstream: { responseBody: 256 }',
    'phases:',
    `  - { name: plain, duration: 1s, traffic: { loop: open, rate: 200/s } }`,
    `  - { name: tls-ka, duration: 1s, traffic: { loop: open, rate: 200/s }, tls: { mode: keepalive, key: ${key} } }`,
    `  - { name: full, duration: 1s, traffic: { loop: open, rate: 40/s }, tls: { mode: full, key: ${key} } }`,
    `  - { name: resumed, duration: 1s, traffic: { loop: open, rate: 40/s }, tls: { mode: resumed, key: ${key} } }`,
    `  - { name: closed-tls, duration: 1s, traffic: { loop: closed, connections: 4 }, tls: { mode: keepalive, key: ${key} } }`,
    '',
  ].join('\n'));
  return file;
}

/**
 * A copy of docker/nginx under `dir` (same name, so `--variant-dir dir` replaces it and the docker runtime uses the
 * same image) whose TLS listener sends no session ticket and keeps no session cache. Returns the variant folder root.
 */
export function nginxWithoutResumption(dir: string): string {
  const root = join(dir, 'variants');
  cpSync(join(repoRoot, 'docker', 'nginx'), join(root, 'nginx'), { recursive: true });
  const conf = join(root, 'nginx', 'nginx.conf');
  const text = readFileSync(conf, 'utf8');
  const off = text.replace(/ssl_session_tickets on;/, 'ssl_session_tickets off;').replace(/ssl_session_cache\s+shared:SSL:10m;/, 'ssl_session_cache off;');
  if (off === text || !off.includes('ssl_session_cache off;')) throw new Error(`${conf}: the resumption lines to turn off were not found`);
  writeFileSync(conf, off);
  return root;
}

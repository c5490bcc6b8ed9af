// Refuses any traffic target outside the loopback range (127.0.0.0/8 or 'localhost').
import { isIPv4 } from 'node:net';
import { BenchError, ConfigError } from '../shared/errors.js';
import type { TargetAddress } from './types.js';

/** True when `host` is 'localhost' or an IPv4 address in 127.0.0.0/8. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

/** Throws BenchError 'UNSAFE_TARGET' unless the target is on loopback; ConfigError for a bad port. */
export function assertLoopbackTarget(target: TargetAddress): void {
  if (!isLoopbackHost(target.host)) {
    throw new BenchError('UNSAFE_TARGET', `refusing to send traffic to ${JSON.stringify(target.host)}`, {
      hint: 'proxybench only sends traffic to loopback: use 127.0.0.1 (any 127.x.y.z) or localhost',
    });
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new ConfigError(`target port ${target.port} is not a TCP port`, [`port must be an integer in 1..65535`]);
  }
}

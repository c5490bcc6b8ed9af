// Refuses any traffic target outside the loopback range (127.0.0.0/8 or 'localhost').
import { isIPv4 } from 'node:net';
import { BenchError, ConfigError, UnsafeTargetError } from '../shared/errors.js';
import type { TargetAddress, VouchedEndpoint } from './types.js';

/** True when `host` is 'localhost' or an IPv4 address in 127.0.0.0/8. */
export function isLoopbackHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  return isIPv4(host) && host.split('.')[0] === '127';
}

/**
 * The names proxybench gives the services it defines itself for a run (a Swarm service or a Kubernetes Service of the
 * run's own network or namespace): `pb-<run>-target`, optionally qualified (`pb-x-target.pb-x.svc.cluster.local`).
 */
export const ownServiceName = /^pb-[a-z0-9-]+-target(\.[a-z0-9-]+)*$/;

/**
 * Throws BenchError 'UNSAFE_TARGET' unless the target is on loopback, or is exactly `ownService` (a service the run
 * defined itself, named as proxybench names them: workers on other machines drive it); ConfigError for a bad port.
 */
export function assertLoopbackTarget(target: TargetAddress, ownService?: string): void {
  const vouched = ownService !== undefined && ownServiceName.test(ownService) && target.host === ownService;
  if (!vouched && !isLoopbackHost(target.host)) {
    throw new BenchError('UNSAFE_TARGET', `refusing to send traffic to ${JSON.stringify(target.host)}`, {
      hint: 'proxybench only sends traffic to loopback: use 127.0.0.1 (any 127.x.y.z) or localhost',
    });
  }
  if (!Number.isInteger(target.port) || target.port < 1 || target.port > 65535) {
    throw new ConfigError(`target port ${target.port} is not a TCP port`, [`port must be an integer in 1..65535`]);
  }
}

/**
 * Accepts `address` when it is on loopback, or exactly (IPv4 and port) the address of one of `vouched`: a container
 * on a network its runtime created for this run. A private address is not enough: nothing else vouches for it.
 */
export function assertAdversarialAddress(address: TargetAddress, vouched: readonly VouchedEndpoint[] = []): void {
  const where = `${address.host}:${address.port}`;
  if (!Number.isInteger(address.port) || address.port < 1 || address.port > 65535) {
    throw new ConfigError(`target port ${address.port} is not a TCP port`, [`port must be an integer in 1..65535`]);
  }
  if (isLoopbackHost(address.host)) return;
  if (isIPv4(address.host) && vouched.some((v) => v.address.host === address.host && v.address.port === address.port)) return;
  const reason = isIPv4(address.host)
    ? 'not a loopback address, and no runtime of this run vouches for it as a container on a network the run created'
    : 'not a loopback address (a name or an IPv6 address is never a vouched container address)';
  throw new UnsafeTargetError(where, reason, {
    hint: 'probes and attacks only go to variants proxybench started itself: on 127.0.0.0/8, or (docker --network bridge) its containers on the run\'s own network',
  });
}

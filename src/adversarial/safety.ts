// Probes and attacks go only to targets this run started itself: on loopback, or at a container address its runtime vouches for.
import { isIPv4 } from 'node:net';
import { ConfigError, UnsafeTargetError } from '../shared/errors.js';
import { isLoopbackHost } from '../traffic/safety.js';
import type { TargetAddress } from '../traffic/types.js';
import type { RunningTarget, VouchedEndpoint } from '../runtime/target.js';

/** Where a target's probes and attacks go: the container its runtime vouches for, else its (loopback) address. */
export function adversarialAddress(target: RunningTarget): TargetAddress {
  return target.vouched?.address ?? target.address;
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

/**
 * `target` must be a RunningTarget a runtime of this run returned, its process still running, at a loopback address
 * or a vouched container address; with `started`, one of those. There is no way to name another address in a
 * scenario; this keeps it so if the code changes.
 */
export function assertStartedTarget(target: RunningTarget, started?: ReadonlySet<RunningTarget>): void {
  const address = adversarialAddress(target);
  const where = `${address.host}:${address.port}`;
  if (started !== undefined && !started.has(target)) {
    throw new UnsafeTargetError(where, `this run did not start ${target.variant} there`, { hint: 'probes and attacks only go to variants proxybench started itself (run them with `proxybench run`)' });
  }
  assertAdversarialAddress(address, target.vouched ? [target.vouched] : []);
  if (target.exit() !== undefined) {
    throw new UnsafeTargetError(where, `${target.variant} there has exited, the port may now be someone else's`, { hint: 'restart the variant (the sweep does this after a crash)' });
  }
}

// Probes and attacks go only to targets this run started itself: on loopback, or at a container address its runtime vouches for.
import { UnsafeTargetError } from '../shared/errors.js';
import { assertAdversarialAddress } from '../traffic/safety.js';
import type { TargetAddress } from '../traffic/types.js';
import type { RunningTarget } from './target.js';

/** Where a target's probes and attacks go: the container its runtime vouches for, else its (loopback) address. */
export function adversarialAddress(target: RunningTarget): TargetAddress {
  return target.vouched?.address ?? target.address;
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

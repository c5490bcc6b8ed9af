// Probes and attacks go only to targets this run started itself, on loopback; anything else is refused with the reason.
import { BenchError } from '../shared/errors.js';
import { isLoopbackHost } from '../traffic/safety.js';
import type { RunningTarget } from '../runtime/target.js';

/**
 * `target` must be a RunningTarget a runtime of this run returned (its process still running) at a loopback address;
 * with `started`, one of those. There is no way to name another address in a scenario; this keeps it so if the code changes.
 */
export function assertStartedTarget(target: RunningTarget, started?: ReadonlySet<RunningTarget>): void {
  if (started !== undefined && !started.has(target)) {
    throw new BenchError('UNSAFE_TARGET', `refusing adversarial traffic to ${target.variant} at ${target.address.host}:${target.address.port}: this run did not start it`, {
      hint: 'probes and attacks only go to variants proxybench started itself (run them with `proxybench run`)',
    });
  }
  if (!isLoopbackHost(target.address.host)) {
    throw new BenchError('UNSAFE_TARGET', `refusing adversarial traffic to ${target.address.host}: not a loopback address`, {
      hint: 'adversarial traffic stays on 127.0.0.0/8; run the variant with the local runtime or the docker runtime in host network mode',
    });
  }
  if (target.exit() !== undefined) {
    throw new BenchError('UNSAFE_TARGET', `refusing adversarial traffic to ${target.variant}: its process has exited, the port may now be someone else's`, {
      hint: 'restart the variant (the sweep does this after a crash)',
    });
  }
}

// The local runtime: variants and the upstream as pinned host processes, each in its own session.
import type { Runtime } from '../runtime.js';
import { localAvailability } from './availability.js';
import { createProcessGroups } from './process-group.js';
import { startLocalUpstream } from './start-upstream.js';
import { startLocalVariant } from './start-variant.js';

export function createLocalRuntime(): Runtime {
  const groups = createProcessGroups();
  return {
    name: 'local',
    availability: (variant) => localAvailability(variant),
    startVariant: (variant, options, version) => startLocalVariant(variant, options, groups, version),
    startUpstream: (options) => startLocalUpstream(groups, options),
    close: async () => groups.close(),
    killAllNow: () => groups.killAll(),
  };
}

// A started container's resource source: its cgroup files, else (no cgroup folder found) its process tree in /proc.
import { cgroupSource, findCgroupDirs } from '../../measure/resources/cgroup-source.js';
import { procTreeSource, type ResourceSource } from '../../measure/resources/source.js';
import type { StartedContainer } from './container.js';

export function containerResources(container: StartedContainer): ResourceSource {
  const dirs = findCgroupDirs({ containerId: container.id, pid: container.pid > 0 ? container.pid : undefined });
  if (dirs) return cgroupSource(container.name, dirs);
  return procTreeSource(container.pid);
}

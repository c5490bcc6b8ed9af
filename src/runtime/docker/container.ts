// One started container: its id and init pid, its exit as it happens (docker wait), its output in a log file, and stopping it.
import { constants } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ExitInfo } from '../../record/run.js';
import { TargetStartError } from '../../shared/errors.js';
import { docker, followLogs, inspectContainer, waitContainer } from './docker-cli.js';
import { containerRunArgs, exitInfoFromCode, type ContainerSpec } from './run-args.js';

export interface StartedContainer {
  id: string;
  name: string;
  /** Host pid of the container's init process (tini). */
  pid: number;
  logFile: string;
  /** Set once the container has stopped. */
  exit(): ExitInfo | undefined;
  /** Resolves when it stops (docker wait). */
  exited: Promise<ExitInfo>;
  /** SIGTERM (docker stop), SIGKILL after graceS; then the container is removed. Resolves with how it ended. */
  stop(graceS?: number): Promise<ExitInfo | undefined>;
  /** Its IP address on a network (bridge mode). */
  ip(network: string): Promise<string | undefined>;
}

/**
 * Starts a container detached. `track` receives its name before docker is asked, so a crash of the runner in
 * between still leaves it findable by label.
 */
export async function startContainer(spec: ContainerSpec, logFile: string, track: (idOrName: string) => void): Promise<StartedContainer> {
  track(spec.name);
  const r = await docker(containerRunArgs(spec), 120_000);
  if (r.exitCode !== 0) {
    await docker(['rm', '--force', spec.name]);
    throw new TargetStartError(`container ${spec.name} did not start: ${r.stderr.split('\n').slice(-3).join(' / ')}`, r.stderr, {
      hint: r.stderr.includes('No such image') || r.stderr.includes('Unable to find image') ? `build it: proxybench images build` : 'see `docker info` and the message above',
    });
  }
  const id = r.stdout.split('\n').pop()!.trim();
  track(id);
  const logs = followLogs(id, logFile);
  let exitInfo: ExitInfo | undefined;
  const exited = waitContainer(id).then((code) => {
    exitInfo = code < 0 ? { code: null, signal: 'removed' } : exitInfoFromCode(code, constants.signals as unknown as Record<string, number>);
    return exitInfo;
  });
  const state = await inspectContainer(id);
  return {
    id,
    name: spec.name,
    pid: state?.pid ?? -1,
    logFile,
    exit: () => exitInfo,
    exited,
    async stop(graceS = 5) {
      if (!exitInfo) await docker(['stop', '--time', String(graceS), id], (graceS + 30) * 1000);
      const info = await Promise.race([exited, sleep(5000, undefined, { ref: false })]);
      await docker(['rm', '--force', '--volumes', id]);
      await new Promise<void>((resolve) => {
        if (logs.exitCode !== null || logs.signalCode !== null) return resolve();
        const timer = setTimeout(() => {
          logs.kill('SIGKILL');
          resolve();
        }, 2000);
        timer.unref();
        logs.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return info ?? exitInfo;
    },
    async ip(network) {
      return (await inspectContainer(id))?.ips[network];
    },
  };
}

// Starts programs in their own session (setsid), pinned with taskset, and stops their whole process group.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import type { ExitInfo } from '../../record/run.js';
import { forkWatchdog } from '../watchdog.js';

export interface ManagedProcess {
  pid: number;
  logFile: string;
  /** Set once the process has exited. */
  exit(): ExitInfo | undefined;
  exited: Promise<ExitInfo>;
  /** SIGTERM to the group, SIGKILL after graceMs; resolves with how it ended. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

/** Tracks every process group a run started; `killAll` is the last line of defence on any exit path. */
export interface ProcessGroups {
  start(spec: StartSpec): ManagedProcess;
  killAll(): void;
  close(): void;
}

export interface StartSpec {
  command: string;
  args: string[];
  env?: Record<string, string>;
  cwd?: string;
  /** stdout and stderr go here. */
  logFile: string;
  /** taskset CPU list; omitted = not pinned. */
  cpus?: string;
}

export function createProcessGroups(): ProcessGroups {
  const live = new Map<number, ManagedProcess>();
  const reaper = startReaper();
  return {
    start(spec) {
      const proc = startInSession(spec, (pid) => {
        live.delete(pid);
        reaper?.send({ remove: pid });
      });
      live.set(proc.pid, proc);
      reaper?.send({ add: proc.pid });
      return proc;
    },
    killAll() {
      for (const pid of live.keys()) killGroup(pid, 'SIGKILL');
      live.clear();
    },
    close() {
      this.killAll();
      if (reaper?.connected) reaper.disconnect();
    },
  };
}

function startReaper(): ChildProcess | undefined {
  return forkWatchdog(new URL('./reaper.js', import.meta.url));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // group already gone
  }
}

function startInSession(spec: StartSpec, onExit: (pid: number) => void): ManagedProcess {
  const fd = openSync(spec.logFile, 'a');
  const [command, args] = spec.cpus ? ['taskset', ['-c', spec.cpus, spec.command, ...spec.args]] : [spec.command, spec.args];
  const child = spawn(command, args, {
    detached: true, // setsid: its own session and process group, so the group can be stopped as one
    stdio: ['ignore', fd, fd],
    cwd: spec.cwd,
    env: { ...process.env, ...spec.env },
  });
  closeSync(fd);
  let exitInfo: ExitInfo | undefined;
  const exited = new Promise<ExitInfo>((resolve) => {
    child.once('error', (error) => {
      exitInfo = { code: 127, signal: null };
      onExit(child.pid ?? -1);
      resolve({ ...exitInfo, signal: error.message });
    });
    child.once('exit', (code, signal) => {
      exitInfo = { code, signal };
      onExit(child.pid!);
      resolve(exitInfo);
    });
  });
  const pid = child.pid ?? -1;
  return {
    pid,
    logFile: spec.logFile,
    exit: () => exitInfo,
    exited,
    async stop(graceMs = 5000) {
      if (exitInfo) {
        killGroup(pid, 'SIGKILL'); // leftover children of an exited leader
        return exitInfo;
      }
      killGroup(pid, 'SIGTERM');
      const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
      const info = await exited;
      clearTimeout(timer);
      killGroup(pid, 'SIGKILL');
      return info;
    },
  };
}

/** The last `lines` lines of a log file (empty when unreadable). */
export function logTail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

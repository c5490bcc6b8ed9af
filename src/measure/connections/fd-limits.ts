// Reads a process's limit on open files (RLIMIT_NOFILE) from /proc/<pid>/limits (Linux).
import { readFileSync } from 'node:fs';

/** Fds a process needs besides its connections: listeners, logs, pipes, IPC, the runtime's own. */
export const fdReserve = 64;

export interface FdLimits {
  soft: number;
  hard: number;
}

/** Pure: the "Max open files" row of /proc/<pid>/limits; undefined when absent or "unlimited". */
export function parseOpenFilesLimit(text: string): FdLimits | undefined {
  const m = /^Max open files\s+(\d+)\s+(\d+)\s+files/m.exec(text);
  return m ? { soft: Number(m[1]), hard: Number(m[2]) } : undefined;
}

export function readFdLimits(pid: number | 'self' = 'self'): FdLimits | undefined {
  try {
    return parseOpenFilesLimit(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  } catch {
    return undefined;
  }
}

// The run's scratch folder (rendered configs, proxy temp files) under one known root, with its owner, so a later run or `proxybench clean` removes it after a SIGKILL.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Where every run's work folder lives: <tmpdir>/proxybench-work/<run id>/. */
export function workRoot(): string {
  return join(tmpdir(), 'proxybench-work');
}

const ownerFile = 'owner';

export function createWorkDir(runId: string, root = workRoot()): string {
  const dir = join(root, runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, ownerFile), `${hostname()} ${process.pid}\n`);
  return dir;
}

/** A folder without an owner file this old is not one being created right now. */
const ownerlessAfterMs = 60_000;

/** Work folders whose run is gone: its process is dead on this host, or its owner file is missing (for a minute) or unreadable. */
export function staleWorkDirs(root: string, pidAlive: (pid: number) => boolean): string[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  return names.map((name) => join(root, name)).filter((dir) => {
    try {
      const [host, pid] = readFileSync(join(dir, ownerFile), 'utf8').trim().split(' ');
      return host === hostname() && !pidAlive(Number(pid));
    } catch {
      try {
        return Date.now() - statSync(dir).mtimeMs > ownerlessAfterMs;
      } catch {
        return false; // already gone
      }
    }
  });
}

/** Removes the work folders of runs that are gone; returns them. */
export function removeStaleWorkDirs(pidAlive: (pid: number) => boolean, root = workRoot()): string[] {
  const stale = staleWorkDirs(root, pidAlive);
  for (const dir of stale) rmSync(dir, { recursive: true, force: true });
  return stale;
}

// Writes a file whole or not at all (temp file + rename); a failed write leaves no temp file and names the path and the fix.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { OutputWriteError } from '../shared/errors.js';

/** The file-system calls an output write makes: a seam, so tests can inject ENOSPC, EIO or EACCES. */
export interface OutputFs {
  writeFileSync(file: string, content: string): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
  mkdirSync(dir: string, options: { recursive: true }): void;
}

export const nodeOutputFs: OutputFs = { writeFileSync, renameSync, rmSync, mkdirSync: (dir, options) => void mkdirSync(dir, options) };

/** What to do about a failed write, by the system's error code. */
export function writeFix(errno: string, path: string): string {
  switch (errno) {
    case 'ENOSPC':
    case 'EDQUOT':
      return `the file system holding ${path} is full: free space (df -h) or write the results elsewhere with --out DIR`;
    case 'EIO':
      return `the device holding ${path} reported an I/O error: check it (dmesg) or write the results elsewhere with --out DIR`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `${path} is not writable for this user: make it writable or write the results elsewhere with --out DIR`;
    default:
      return 'check the folder, or write the results elsewhere with --out DIR';
  }
}

export function outputWriteError(path: string, cause: unknown): OutputWriteError {
  const errno = (cause as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
  const detail = cause instanceof Error ? cause.message : String(cause);
  return new OutputWriteError(path, errno, detail, { hint: writeFix(errno, path), cause });
}

export function writeFileAtomic(file: string, content: string, fs: OutputFs = nodeOutputFs): void {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (cause) {
    try {
      fs.rmSync(temp, { force: true });
    } catch {
      // nothing more can be done; the error below names the file
    }
    throw outputWriteError(file, cause);
  }
}

export function makeOutputDir(dir: string, fs: OutputFs = nodeOutputFs): void {
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (cause) {
    throw outputWriteError(dir, cause);
  }
}

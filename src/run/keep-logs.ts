// Copies a variant's own logs into the run folder's logs/: its output (stdout/stderr) and every *.log it wrote in its work folder.
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { outputWriteError } from '../report/atomic-write.js';

/** At most this many log files per cell are kept (a runaway variant cannot fill the run folder with them). */
const maxLogFiles = 20;

function copyInto(runDir: string, from: string, name: string): string {
  const kept = join(runDir, 'logs', name);
  try {
    mkdirSync(join(runDir, 'logs'), { recursive: true });
    copyFileSync(from, kept);
  } catch (cause) {
    throw outputWriteError(kept, cause);
  }
  return kept;
}

/** The variant's output (logs/<variant>-r<n>.log); returns its path there, null when there is none. */
export function keepLog(runDir: string, logFile: string | undefined, name: string, repetition: number): string | null {
  if (!logFile || !existsSync(logFile)) return null;
  return copyInto(runDir, logFile, `${name}-r${repetition}.log`);
}

/** *.log files under `dir` (up to 4 levels deep), the output log excepted. */
export function variantLogFiles(dir: string, outputLog: string | undefined): string[] {
  const found: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries;
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const path = join(d, e.name);
      if (e.isDirectory() && depth < 4) walk(path, depth + 1);
      else if (e.isFile() && e.name.endsWith('.log') && path !== outputLog && found.length < maxLogFiles) found.push(path);
    }
  };
  walk(dir, 0);
  return found.sort();
}

/** Each log the variant wrote in its work folder (nginx's error.log, …) as logs/<variant>-r<n>.<path with "-">; returns the kept paths. */
export function keepVariantLogs(runDir: string, dir: string, outputLog: string | undefined, name: string, repetition: number): string[] {
  return variantLogFiles(dir, outputLog).map((file) => copyInto(runDir, file, `${name}-r${repetition}.${relative(dir, file).replaceAll('/', '-')}`));
}

// Names and creates a run folder under the results root, with a clear error when it cannot be written.
import { mkdirSync, accessSync, constants, existsSync, renameSync, symlinkSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { EnvironmentError } from '../shared/errors.js';

/** "20261121-063012-quickstart-3f9a": sortable by time, readable, unique. */
export function newRunId(scenarioName: string, at: Date): string {
  const stamp = at.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stamp}-${scenarioName}-${randomBytes(2).toString('hex')}`;
}

export function createRunDir(resultsRoot: string, runId: string): string {
  const runDir = join(resultsRoot, runId);
  try {
    makeDirs(runDir);
    accessSync(runDir, constants.W_OK);
  } catch (cause) {
    throw new EnvironmentError(`cannot write the results folder ${resultsRoot}: ${(cause as Error).message}`, {
      hint: 'make it writable, or choose another folder with --out DIR',
      cause,
    });
  }
  return runDir;
}

/** Points `latest` at a run once its outputs were written (never at a run whose write failed). */
export function pointLatest(resultsRoot: string, runId: string): void {
  const latest = join(resultsRoot, 'latest');
  const temp = `${latest}.${process.pid}.tmp`;
  try {
    rmSync(temp, { force: true });
    symlinkSync(runId, temp);
    renameSync(temp, latest); // atomic: `latest` is never missing or half-made
  } catch {
    rmSync(temp, { force: true });
    // the "latest" link is a convenience only
  }
}

/**
 * mkdir -p one level at a time: Node's recursive mkdirSync never returns for some paths
 * on pseudo file systems such as /proc, where each level fails in an unexpected way.
 */
function makeDirs(dir: string): void {
  const missing: string[] = [];
  for (let d = resolve(dir); !existsSync(d); d = dirname(d)) {
    missing.unshift(d);
    if (dirname(d) === d) break;
  }
  for (const d of missing) mkdirSync(d);
}

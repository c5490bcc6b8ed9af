// Names and creates a run folder under the results root, with a clear error when it cannot be written.
import { mkdirSync, accessSync, constants, symlinkSync, rmSync } from 'node:fs';
import { join } from 'node:path';
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
    mkdirSync(runDir, { recursive: true });
    accessSync(runDir, constants.W_OK);
  } catch (cause) {
    throw new EnvironmentError(`cannot write the results folder ${resultsRoot}: ${(cause as Error).message}`, {
      hint: 'make it writable, or choose another folder with --out DIR',
      cause,
    });
  }
  const latest = join(resultsRoot, 'latest');
  try {
    rmSync(latest, { force: true });
    symlinkSync(runId, latest);
  } catch {
    // the "latest" link is a convenience only
  }
  return runDir;
}

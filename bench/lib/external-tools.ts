// Runs the reference load tools (wrk, the autocannon CLI) pinned to a CPU and reads their request rates.
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { EnvironmentError } from '../../src/shared/errors.js';

export interface ToolRun {
  connections: number;
  durationSec: number;
  cpus: string;
  url: string;
}

/** wrk's "Requests/sec:" line → requests per second. */
export function parseWrkRate(stdout: string): number {
  const m = /Requests\/sec:\s+([\d.]+)/.exec(stdout);
  if (!m) throw new EnvironmentError('could not read wrk\'s Requests/sec', { hint: stdout.slice(0, 400) });
  return Number(m[1]);
}

export async function runWrk(run: ToolRun): Promise<number> {
  const args = ['-c', run.cpus, '/usr/bin/wrk', '-t1', `-c${run.connections}`, `-d${run.durationSec}s`, run.url];
  const { stdout } = await execa('taskset', args, { timeout: (run.durationSec + 15) * 1000 });
  return parseWrkRate(stdout);
}

/** The autocannon CLI on its own (no recording of ours): completed requests / its own duration. */
export async function runAutocannonCli(run: ToolRun): Promise<number> {
  const bin = fileURLToPath(new URL('../../../node_modules/.bin/autocannon', import.meta.url));
  const args = ['-c', run.cpus, bin, '-c', String(run.connections), '-d', String(run.durationSec), '-j', run.url];
  const { stdout } = await execa('taskset', args, { timeout: (run.durationSec + 15) * 1000 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1)!) as { requests: { total: number }; duration: number };
  return result.requests.total / result.duration;
}

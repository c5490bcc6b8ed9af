// vegeta, the open-loop peer (from the Go module proxy): installed by the bench when `go` exists, run pinned, read as JSON.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const vegetaModule = 'github.com/tsenart/vegeta/v12@v12.12.0';
const binDir = fileURLToPath(new URL('../../../node_modules/.cache/proxybench-bench/bin', import.meta.url));

/** vegeta's binary, `go install`ed on first use; or why it cannot be had here. */
export async function ensureVegeta(): Promise<{ path: string } | { skipped: string }> {
  const path = join(binDir, 'vegeta');
  if (existsSync(path)) return { path };
  const go = await execa('go', ['version'], { reject: false });
  if (go.exitCode !== 0) return { skipped: 'no `go` on this machine (vegeta installs from the Go module proxy with go install)' };
  const install = await execa('go', ['install', vegetaModule], { reject: false, env: { GOBIN: binDir, GOFLAGS: '-mod=mod' }, timeout: 600_000 });
  if (install.exitCode !== 0) return { skipped: `go install ${vegetaModule} failed: ${install.stderr.split('\n').slice(-2).join(' ')}` };
  return { path };
}

export interface VegetaRun {
  requests: number;
  successRatio: number;
  throughputPerSec: number;
  p50Us: number;
  p99Us: number;
  maxUs: number;
}

/** vegeta's JSON report (latencies in ns) → the figures we compare. */
export function parseVegetaReport(json: string): VegetaRun {
  const r = JSON.parse(json) as { requests: number; success: number; throughput: number; latencies: { '50th': number; '99th': number; max: number } };
  return { requests: r.requests, successRatio: r.success, throughputPerSec: r.throughput, p50Us: r.latencies['50th'] / 1000, p99Us: r.latencies['99th'] / 1000, maxUs: r.latencies.max / 1000 };
}

/** One constant-rate attack, pinned to `cpus`, with at most `maxWorkers` in flight (its default is unbounded). */
export async function runVegeta(bin: string, options: { cpus: string; url: string; ratePerSec: number; durationSec: number; maxWorkers: number }): Promise<VegetaRun> {
  const script = `echo "GET ${options.url}" | taskset -c ${options.cpus} "$0" attack -rate=${Math.round(options.ratePerSec)}/s -duration=${options.durationSec}s ` +
    `-workers=64 -max-workers=${options.maxWorkers} -keepalive=true | "$0" report -type=json`;
  const { stdout } = await execa('/bin/sh', ['-c', script, bin], { timeout: (options.durationSec + 30) * 1000 });
  return parseVegetaReport(stdout);
}

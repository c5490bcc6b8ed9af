// Runs the TLS peers on the same target, pinned: h2load --h1 (full handshakes by connection rate, keep-alive rps) and
// openssl s_time (-new: full, -reuse: resumed; one connection at a time); their rates and the CPU they used.
import { readFileSync } from 'node:fs';
import { execa } from 'execa';
import { EnvironmentError } from '../../src/shared/errors.js';
import { parseProcessTicks } from './noise.js';

/** What one peer run did: completions per second and its own CPU (user + system of the reaped child), seconds. */
export interface PeerRun {
  completed: number;
  failed: number;
  wallSec: number;
  cpuSec: number;
}

/** h2load's summary → requests done and failed, and the time it says it took. */
export function parseH2load(stdout: string): { succeeded: number; failed: number; finishedSec: number } {
  const finished = /finished in ([\d.]+)(ms|s),/.exec(stdout);
  const requests = /requests: \d+ total, \d+ started, \d+ done, (\d+) succeeded, (\d+) failed, (\d+) errored, (\d+) timeout/.exec(stdout);
  if (!finished || !requests) throw new EnvironmentError('could not read h2load\'s summary', { hint: stdout.slice(-600) });
  const finishedSec = Number(finished[1]) / (finished[2] === 'ms' ? 1000 : 1);
  return { succeeded: Number(requests[1]), failed: Number(requests[2]) + Number(requests[3]) + Number(requests[4]), finishedSec };
}

/** openssl s_time's "N connections in T real seconds" lines (the last one: -reuse prints a first full handshake too). */
export function parseSTime(stdout: string): { connections: number } {
  const lines = [...stdout.matchAll(/(\d+) connections in [\d.]+ real seconds/g)];
  if (lines.length === 0) throw new EnvironmentError('could not read openssl s_time\'s summary', { hint: stdout.slice(-600) });
  return { connections: Number(lines.at(-1)![1]) };
}

/** CPU of this process's reaped children so far (cutime + cstime), seconds: a peer's own CPU once it has exited. */
function childrenCpuSec(): number {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  return (parseProcessTicks(stat, true) - parseProcessTicks(stat, false)) / 100;
}

async function timed(file: string, args: string[], limitMs: number): Promise<{ stdout: string; wallSec: number; cpuSec: number }> {
  const cpu0 = childrenCpuSec();
  const t0 = performance.now();
  const r = await execa(file, args, { reject: false, timeout: limitMs, all: true, stdin: 'ignore' });
  const wallSec = (performance.now() - t0) / 1000;
  if (r.exitCode !== 0 && !r.all?.includes('connections in')) throw new EnvironmentError(`${file} ${args.join(' ')} exited ${r.exitCode}`, { hint: (r.all ?? '').slice(-600) });
  return { stdout: r.all ?? '', wallSec, cpuSec: childrenCpuSec() - cpu0 };
}

const tls13Cipher = 'TLS_AES_128_GCM_SHA256'; // the one suite proxybench's client offers (docker/README.md, "TLS")

/** h2load --h1 opening `ratePerSec` connections a second for `durationSec`, one request each: every one a full handshake. */
export async function h2loadFull(url: string, cpus: string, ratePerSec: number, durationSec: number): Promise<PeerRun> {
  const total = Math.max(1, Math.round(ratePerSec * durationSec));
  const args = ['-c', cpus, 'h2load', '--h1', '-t', '1', '--tls13-ciphers', tls13Cipher, '-r', String(Math.max(1, Math.round(ratePerSec / 10))), '--rate-period', '100ms', '-c', String(total), '-n', String(total), url];
  const r = await timed('taskset', args, (durationSec + 20) * 1000);
  const s = parseH2load(r.stdout);
  return { completed: s.succeeded, failed: s.failed, wallSec: s.finishedSec, cpuSec: r.cpuSec };
}

/** h2load --h1 with `connections` kept-alive connections as fast as it can for `durationSec` (a closed loop). */
export async function h2loadKeepAlive(url: string, cpus: string, connections: number, durationSec: number): Promise<PeerRun> {
  const args = ['-c', cpus, 'h2load', '--h1', '-t', '1', '--tls13-ciphers', tls13Cipher, '-c', String(connections), '-D', String(durationSec), '--warm-up-time', '1s', url];
  const r = await timed('taskset', args, (durationSec + 20) * 1000);
  const s = parseH2load(r.stdout);
  return { completed: s.succeeded, failed: s.failed, wallSec: s.finishedSec, cpuSec: r.cpuSec };
}

/** openssl s_time: `-new` (a full handshake each) or `-reuse` (the first session resumed every time), fetching `/`. */
export async function sTime(host: string, port: number, caFile: string, cpus: string, mode: 'new' | 'reuse', durationSec: number): Promise<PeerRun> {
  const args = ['-c', cpus, 'openssl', 's_time', '-connect', `${host}:${port}`, `-${mode}`, '-tls1_3', '-ciphersuites', tls13Cipher, '-CAfile', caFile, '-verify', '1', '-www', '/', '-time', String(durationSec)];
  const r = await timed('taskset', args, (durationSec + 20) * 1000);
  return { completed: parseSTime(r.stdout).connections, failed: 0, wallSec: r.wallSec, cpuSec: r.cpuSec };
}

// Closed-loop HTTP/2 through h2load (Debian nghttp2-client): N clients × S streams; its per-request log rebuilt into µs histograms.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, waitUntilEpoch, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import { TrafficRecorder } from '../recorder.js';
import { assertLoopbackTarget } from '../safety.js';
import { shareConnections } from '../share.js';
import type { ClosedLoopSpec, Http2PhaseSpec, Http2TrafficStats, TrafficResult } from '../types.js';
import { closedLoopProblems } from './engine.js';

/** Where h2load comes from (`scripts/setup.sh` installs it). */
export const h2loadInstall = 'apt-get install -y nghttp2-client';

/** One row of h2load's --log-file: start (µs since the epoch), status (-1: the stream failed), µs to the response's end. */
export interface H2loadRow {
  startUs: number;
  status: number;
  durationUs: number;
}

/** Pure: the rows of a --log-file (tab-separated; malformed lines are skipped and counted). */
export function parseH2loadLog(text: string): { rows: H2loadRow[]; malformed: number } {
  const rows: H2loadRow[] = [];
  let malformed = 0;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [start, status, duration] = line.split('\t');
    const row = { startUs: Number(start), status: Number(status), durationUs: Number(duration) };
    if (Number.isFinite(row.startUs) && Number.isInteger(row.status) && Number.isFinite(row.durationUs) && row.durationUs >= 0) rows.push(row);
    else malformed += 1;
  }
  return { rows, malformed };
}

/** Pure: what h2load's summary says — the negotiated protocol, bytes, and its own request counts. */
export function parseH2loadSummary(stdout: string): { protocol: string | undefined; totalBytes: number; succeeded: number; failed: number } {
  const protocol = /Application protocol: (\S+)/.exec(stdout)?.[1];
  const totalBytes = Number(/traffic: [^(]*\((\d+)\) total/.exec(stdout)?.[1] ?? 0);
  const succeeded = Number(/(\d+) succeeded/.exec(stdout)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(stdout)?.[1] ?? 0);
  return { protocol, totalBytes, succeeded, failed };
}

/**
 * Pure: the phase's figures from h2load's rows. Latency per request is h2load's own (start to end of response: a
 * closed loop has no intended time); intervals by completion second counted from the first start.
 */
export function h2loadResult(rows: readonly H2loadRow[], phase: { startedAtMs: number; durationMs: number; bytesRead: number; bytesWritten: number }): TrafficResult {
  const recorder = new TrafficRecorder(false);
  const t0Us = rows.reduce((min, r) => Math.min(min, r.startUs), Number.POSITIVE_INFINITY);
  for (const r of rows) {
    if (r.status < 0) recorder.recordError('other');
    else recorder.recordResponse(r.status, r.durationUs, (r.startUs - t0Us + r.durationUs) * 1000);
  }
  recorder.addBytesRead(phase.bytesRead);
  recorder.addBytesWritten(phase.bytesWritten);
  // The traffic's own window where h2load logged requests (its start-up and connects come before the first), else the spawn.
  const endUs = rows.reduce((max, r) => Math.max(max, r.startUs + r.durationUs), Number.NEGATIVE_INFINITY);
  const window = rows.length > 0 ? { startedAtMs: t0Us / 1000, endedAtMs: endUs / 1000 } : { startedAtMs: phase.startedAtMs, endedAtMs: phase.startedAtMs + phase.durationMs };
  return recorder.result({ kind: 'closed', ...window, durationMs: phase.durationMs });
}

/** h2load's arguments for a phase: one thread (one generator core), clients, streams, duration, the phase's request. */
export function h2loadArgs(spec: ClosedLoopSpec & { http2: Http2PhaseSpec }, clients: number, logFile: string): string[] {
  const scheme = spec.http2.protocol === 'h2' ? 'https' : 'http';
  const headers = Object.entries(spec.request.headers ?? {}).flatMap(([name, value]) => ['-H', `${name}: ${value}`]);
  const body = spec.request.method === 'POST' ? ['-d', '/dev/stdin'] : [];
  return [
    '-t', '1', '-c', String(clients), '-m', String(spec.http2.streamsPerConnection),
    '-D', `${spec.durationMs}ms`,
    ...(spec.http2.protocol === 'h2' ? ['--npn-list=h2,http/1.1'] : []),
    '--log-file', logFile, ...headers, ...body,
    `${scheme}://${spec.target.host}:${spec.target.port}${spec.request.path}`,
  ];
}

/**
 * Runs one closed-loop HTTP/2 phase with h2load. Without h2load on PATH the phase is `unavailable` (its reason and the
 * install command), never run another way. h2load does not verify the server certificate; the protocol it negotiated
 * is checked (a phase asking h2 that got http/1.1 is invalid with that reason, see analyze/http2-validity.ts).
 */
export async function runH2load(spec: ClosedLoopSpec & { http2: Http2PhaseSpec }, clock: Clock = systemClock(), binary = 'h2load'): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target, spec.ownService);
  const problems = closedLoopProblems(spec);
  if (problems.length > 0) throw new ConfigError('the closed-loop spec is invalid', problems);
  const clients = shareConnections(spec.connections, spec.share);
  if (spec.startAtEpochMs !== undefined) await waitUntilEpoch(clock, spec.startAtEpochMs);
  const startedAtMs = clock.epochMs();
  const dir = mkdtempSync(join(tmpdir(), 'pb-h2load-'));
  try {
    const logFile = join(dir, 'requests.log');
    const run = await runBounded(binary, h2loadArgs(spec, clients, logFile), spec.request.method === 'POST' ? 'x'.repeat(spec.request.bodyBytes ?? 0) : '', spec.durationMs + spec.timeoutMs + 10_000);
    const http2 = (negotiated: Record<string, number>): Http2TrafficStats => ({ protocol: spec.http2.protocol, streamsPerConnection: spec.http2.streamsPerConnection, negotiated, serverMaxStreams: null, streamSlotWaits: 0, resets: {}, goaways: {} });
    const empty = (unavailable: string): TrafficResult => ({ ...h2loadResult([], { startedAtMs, durationMs: spec.durationMs, bytesRead: 0, bytesWritten: 0 }), unavailable, http2: http2({}) });
    if (run.kind === 'missing') return empty(`h2load is not installed (closed-loop HTTP/2 runs through it): ${h2loadInstall}`);
    if (run.kind === 'failed') return empty(`h2load failed: ${run.reason}`);
    const summary = parseH2loadSummary(run.stdout);
    const { rows } = parseH2loadLog(await readFile(logFile, 'utf8').catch(() => ''));
    const negotiated = spec.http2.protocol === 'h2c' && summary.protocol === 'h2c' ? 'h2c' : (summary.protocol ?? 'none');
    const result = h2loadResult(rows, { startedAtMs, durationMs: spec.durationMs, bytesRead: summary.totalBytes, bytesWritten: 0 });
    return {
      ...result,
      ...(run.cpuFraction === undefined ? {} : { generatorBusyFraction: run.cpuFraction }),
      http2: http2({ [negotiated]: clients }),
      ...(spec.share ? { share: spec.share } : {}),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

type BoundedRun = { kind: 'missing' } | { kind: 'failed'; reason: string } | { kind: 'done'; stdout: string; cpuFraction: number | undefined };

/** Runs the command to its end or `limitMs` (then SIGKILL); its CPU share of the wall time from /proc while it ran. */
function runBounded(binary: string, args: string[], stdin: string, limitMs: number): Promise<BoundedRun> {
  return new Promise((resolve) => {
    const child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const startedMs = Date.now();
    let stdout = '';
    let stderr = '';
    let lastCpuTicks: number | undefined;
    const readCpu = () => {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        lastCpuTicks = Number(fields[11]) + Number(fields[12]);
      } catch { /* it has exited */ }
    };
    const sampler = setInterval(readCpu, 200);
    const killer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.stdout.on('data', (c: Buffer) => (stdout = (stdout + c.toString('utf8')).slice(-65_536)));
    child.stderr.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4096)));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearInterval(sampler);
      clearTimeout(killer);
      resolve(error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'failed', reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearInterval(sampler);
      clearTimeout(killer);
      if (code !== 0) return resolve({ kind: 'failed', reason: `exit ${code ?? signal}: ${(stderr || stdout).trim().split('\n').slice(-2).join(' / ')}` });
      const wallS = (Date.now() - startedMs) / 1000;
      // Clock ticks are 100 a second on Linux (USER_HZ).
      resolve({ kind: 'done', stdout, cpuFraction: lastCpuTicks === undefined || wallS <= 0 ? undefined : Math.min(1, lastCpuTicks / 100 / wallS) });
    });
  });
}

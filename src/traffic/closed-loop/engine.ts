// Closed-loop adapter: autocannon drives N connections flat out; we record every response's latency in µs ourselves.
import autocannon from 'autocannon';
import { systemClock, waitUntilEpoch, type Clock } from '../../shared/clock.js';
import { ConfigError } from '../../shared/errors.js';
import { TrafficRecorder, classifySocketError, type ErrorKind } from '../recorder.js';
import { buildRequestBytes, requestBody } from '../request.js';
import { assertLoopbackTarget } from '../safety.js';
import type { ClosedLoopSpec, TrafficResult } from '../types.js';
import { HandshakeRecorder } from '../transport/handshake-recorder.js';
import { autocannonTls } from '../transport/autocannon-tls.js';
import { shareConnections } from '../share.js';

/*
 * What autocannon 9.0.0 measures (node_modules/autocannon/lib):
 * - pipelinedRequestsQueue.js takes `startTime = process.hrtime()` in insertRequest(), which httpClient._doRequest()
 *   calls synchronously right before `conn.write(request)`; terminateRequest() runs from the parser's
 *   kOnMessageComplete inside the socket 'data' handler and returns `duration = s * 1e3 + ns / 1e6`: milliseconds as a
 *   float with nanosecond resolution, write-to-last-byte, with no connect time (the first request is written before
 *   the socket connects, so only the very first request of each connection includes the connect).
 * - That float is what the 'response' event carries (`responseTime`); we round it to whole µs.
 * - autocannon's own `latencies` histogram (histUtil.js) is in ms and recordValue() truncates to whole ms, so its
 *   percentiles are quantised to 1 ms: useless for sub-ms proxies. We ignore it.
 * - Its timeout (`timeout`, seconds) must be >= 1 s (validate.js), so a smaller timeoutMs is raised to 1 s.
 */

/** The extra header autocannon adds to each request (httpRequestBuilder.js), for the bytes-written estimate. */
const autocannonExtraHeader = 'Connection: keep-alive\r\n';
const stopMarginMs = 5000;

export function closedLoopProblems(spec: ClosedLoopSpec): string[] {
  const problems: string[] = [];
  if (!Number.isInteger(spec.connections) || spec.connections < 1 || spec.connections > 10_000) problems.push('connections must be an integer in 1..10000');
  if (!Number.isFinite(spec.durationMs) || spec.durationMs <= 0 || spec.durationMs > 3_600_000) problems.push('durationMs must be in (0, 3600000]');
  if (!Number.isFinite(spec.timeoutMs) || spec.timeoutMs <= 0 || spec.timeoutMs > 120_000) problems.push('timeoutMs must be in (0, 120000]');
  return problems;
}

/** autocannon reports a timeout as a plain Error('request timed out'); socket errors keep their errno code. */
export function classifyAutocannonError(error: unknown): ErrorKind {
  if (error instanceof Error && error.message === 'request timed out') return 'timeout';
  return classifySocketError(error);
}

/**
 * Runs one closed-loop phase with autocannon against a loopback target: this worker's share of the connections, from
 * `spec.startAtEpochMs` when given. `clock` times our own recording (autocannon keeps its own timers).
 */
export async function runClosedLoop(spec: ClosedLoopSpec, clock: Clock = systemClock()): Promise<TrafficResult> {
  assertLoopbackTarget(spec.target, spec.ownService);
  const problems = closedLoopProblems(spec);
  if (problems.length > 0) throw new ConfigError('the closed-loop spec is invalid', problems);
  const requestBytes = buildRequestBytes(spec.target, spec.request).length + autocannonExtraHeader.length;
  const connections = shareConnections(spec.connections, spec.share);
  if (connections === 0) throw new ConfigError('the closed-loop share is empty', [`${spec.share?.count} workers cannot share ${spec.connections} connections: use at most as many workers as connections`]);
  const recorder = new TrafficRecorder(false);
  const handshakes = new HandshakeRecorder(spec.transport);
  const tls = autocannonTls(spec.transport, handshakes);
  if (spec.startAtEpochMs !== undefined) await waitUntilEpoch(clock, spec.startAtEpochMs);
  // A worker that comes up after the common start counts its phase from T0 and ends with the others (see the open loop).
  const startLateMs = spec.startAtEpochMs !== undefined ? Math.max(0, clock.epochMs() - spec.startAtEpochMs) : undefined;
  const t0Ns = clock.nowNs() - (startLateMs ?? 0) * 1e6;
  const startedAtMs = clock.epochMs() - (startLateMs ?? 0);
  const runMs = Math.max(1, spec.durationMs - (startLateMs ?? 0));
  const clockNs = () => clock.nowNs() - t0Ns;
  const cpuAtStart = process.cpuUsage();

  const body = requestBody(spec.request);
  let cancelGuard: (() => void) | undefined;
  try {
    const result = await new Promise<autocannon.Result>((resolve, reject) => {
      const instance = autocannon({
        url: `${tls ? 'https' : 'http'}://${spec.target.host}:${spec.target.port}${spec.request.path}`,
        ...(tls ? { tlsOptions: tls.tlsOptions } : {}),
        connections,
        pipelining: 1,
        duration: runMs / 1000,
        timeout: Math.max(1, spec.timeoutMs / 1000),
        method: spec.request.method,
        headers: { ...spec.request.headers },
        ...(body.length > 0 ? { body } : {}),
      }, (error: unknown, done: autocannon.Result) => (error ? reject(error) : resolve(done)));
      instance.on('response', (client, statusCode, resBytes, responseTimeMs) => {
        tls?.onResponse(client);
        recorder.recordResponse(statusCode, responseTimeMs * 1000, clockNs());
        recorder.addBytesRead(resBytes);
      });
      instance.on('reqError', (error: unknown) => recorder.recordError(classifyAutocannonError(error)));
      // autocannon ends at its next 1 s sample after the duration; bound it in case it does not.
      cancelGuard = clock.timer(() => instance.stop(), runMs + spec.timeoutMs + stopMarginMs);
    });
    const elapsedNs = clockNs();
    const cpu = process.cpuUsage(cpuAtStart);
    recorder.addBytesWritten(result.requests.sent * requestBytes);
    const tlsStats = handshakes.result();
    return { ...recorder.result({
      kind: 'closed',
      startedAtMs,
      endedAtMs: startedAtMs + elapsedNs / 1e6,
      // autocannon stops on a 1 s sample tick, so the true elapsed time is the honest denominator.
      durationMs: elapsedNs / 1e6,
      // No spinning here, so the process CPU time (autocannon + our recording) over wall time is the busy fraction.
      generatorBusyFraction: elapsedNs > 0 ? Math.min(1, ((cpu.user + cpu.system) * 1000) / elapsedNs) : 0,
      ...(spec.share ? { share: spec.share } : {}),
      ...(startLateMs !== undefined ? { startLateMs } : {}),
    }), ...(tlsStats ? { tls: tlsStats } : {}) };
  } finally {
    cancelGuard?.();
  }
}

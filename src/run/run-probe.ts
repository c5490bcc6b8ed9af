// Runs one probe against a started proxy in front of the oracle: probe, victim, health, classify; positives repeated to confirm.
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningTarget } from '../runtime/target.js';
import type { Probe, ProbeStep, Verdict } from '../scenario/probes/probe-schema.js';
import { escapeBytes } from '../scenario/probes/expand.js';
import { classify, type Classification } from '../analyze/probes/classify.js';
import type { ClientSide, ProbeObservation } from '../analyze/probes/observation.js';
import { isPositive, passes, settleVerdict } from '../analyze/probes/tiers.js';
import type { OracleClient } from '../runtime/oracle-client.js';
import { parseResponses } from '../http1/responses.js';
import type { ProbeEvidence, ProbeResultRecord } from '../record/probe.js';
import { exchange, type RawExchange } from '../traffic/probes/raw-exchange.js';
import { checkFreshHealth } from '../traffic/probes/fresh-health.js';
import { exchangeH2, type H2Exchange } from '../traffic/probes/h2-exchange.js';
import type { H2Target } from '../traffic/transport/h2/raw-client.js';
import type { StreamConnector } from '../traffic/transport/stream.js';
import type { TargetAddress } from '../traffic/types.js';

export interface ProbeTiming {
  responseTimeoutMs: number;
  victimTimeoutMs: number;
  settleMs: number;
  /** The oracle's body-timeout mode waits this long for a stalled body. */
  bodyTimeoutMs: number;
  /** After the oracle drops its connections, the proxy gets this long to notice before the probe. */
  resetWaitMs: number;
}

export interface ProbeRunner {
  target: () => RunningTarget;
  /** Where the probes go on the current target: its plaintext or its TLS listener (checked safe by the sweep). */
  address: () => TargetAddress;
  /** How: plain TCP or TLS (the run's CA trusted, verification on); the same for the probe, the victim and the health check. */
  connector: StreamConnector;
  oracle: OracleClient;
  timing: ProbeTiming;
  /** Extra attempts for a positive verdict. */
  confirm: number;
  /** Stops and starts the proxy again (and proves its health answer fresh): before every confirming attempt, so no attempt
   * inherits what the one before left on the proxy or its upstream connection. */
  restart: (why: string, quiet?: boolean) => Promise<void>;
  /** Where an HTTP/2 probe goes: the variant's h2c listener, else ALPN h2 on its TLS listener (undefined: it has neither). */
  h2Target?: () => H2Target | undefined;
  /** A fresh nonce for each health check (the oracle echoes it). */
  nonce: () => string;
  /** The run's identity token: a fresh health answer must name it (the run's own oracle). */
  identity?: string;
  /** Aborted when the probe is abandoned (the sweep's time limit, a stop): its sockets close and its waits end. */
  signal?: AbortSignal;
}

interface Attempt {
  observation: ProbeObservation;
  classification: Classification;
}

export async function runProbe(probe: Probe, runner: ProbeRunner): Promise<ProbeResultRecord> {
  const startedMs = performance.now();
  const attempts: Attempt[] = [];
  for (let n = 1; n === 1 || (n <= runner.confirm + 1 && isPositive(attempts[0]!.classification.verdict)); n++) {
    const previous = attempts[n - 2]?.classification.verdict;
    if (previous !== undefined) await runner.restart(`probe ${probe.id} attempt ${n - 1}: ${previous}`, previous !== 'CRASH');
    attempts.push(await attempt(probe, runner, n));
  }
  const verdicts = attempts.map((a) => a.classification.verdict);
  const verdict: Verdict = settleVerdict(verdicts);
  const chosen = attempts.find((a) => a.classification.verdict === verdict)!;
  return {
    probe: probe.id, category: probe.category, tier: probe.tier, title: probe.title, transport: probe.h2 ? (runner.h2Target?.()?.kind === 'h2c' ? 'h2c' : 'tls') : runner.connector.kind, verdict,
    pass: passes(verdict, probe.tier, probe.pass, chosen.classification.closedAfterFirst, chosen.classification.breach !== null),
    reason: chosen.classification.reason + (attempts.length > 1 ? ` [${verdicts.filter((v) => v === verdict).length}/${attempts.length} attempts]` : ''),
    attempts: verdicts, evidence: evidence(probe, chosen), durationMs: Math.round(performance.now() - startedMs),
  };
}

async function attempt(probe: Probe, runner: ProbeRunner, n: number): Promise<Attempt> {
  const { oracle, timing } = runner;
  const signal = runner.signal;
  await oracle.reset();
  await sleep(timing.resetWaitMs, undefined, { signal });
  const address = runner.address();
  const connector = runner.connector;
  const probeMark = await oracle.mark(probe.oracle, timing.bodyTimeoutMs);
  const exchangeOptions = { responseTimeoutMs: probe.timeout ?? timing.responseTimeoutMs, settleMs: timing.settleMs, ...(signal ? { signal } : {}) };
  // HTTP/1 probes go over the sweep's transport (plain or TLS); an HTTP/2 probe over its h2 listener (h2c, or ALPN h2 on TLS).
  const h2Target = probe.h2 ? runner.h2Target?.() : undefined;
  if (probe.h2 && !h2Target) throw new Error(`probe ${probe.id} is an HTTP/2 probe but ${runner.target().variant} has no h2 listener`);
  const client = probe.h2 ? h2ClientSide(await exchangeH2(h2Target!, probe.h2, exchangeOptions)) : clientSide(await exchange(address, probe.steps, { ...exchangeOptions, connector }));
  const upstream = (await oracle.log(probeMark)).connections;
  const victimMark = await oracle.mark('default');
  const victimTarget = `/victim/${probe.id}/${n}`; // a path only: some proxies re-encode query strings
  const victim = await exchange(address, [request(`GET ${victimTarget} HTTP/1.1\r\nHost: t\r\n\r\n`)], { responseTimeoutMs: timing.victimTimeoutMs, settleMs: 0, signal, connector });
  const victimUpstream = (await oracle.log(victimMark)).connections;
  const health = runner.target().exit() === undefined ? await checkFreshHealth(address, runner.nonce, 2, signal, runner.identity, connector) : { fresh: false };
  const observation: ProbeObservation = {
    probe: {
      id: probe.id, smuggleTarget: probe.smuggleTarget, forbidForwarded: probe.forbidForwarded, forbidForwardedBytes: probe.forbidForwardedBytes, sent: sentBytes(probe).toString('latin1'),
      ...(probe.bodyBytes === undefined ? {} : { bodyBytes: probe.bodyBytes }),
    },
    client,
    upstream,
    victim: { target: victimTarget, client: clientSide(victim), upstream: victimUpstream },
    proxy: { exited: runner.target().exit() !== undefined, healthy: health.fresh, ...(health.stale === undefined ? {} : { staleHealth: health.stale }) },
  };
  return { observation, classification: classify(observation) };
}

const request = (text: string): ProbeStep => ({ send: Buffer.from(text, 'latin1') });

function clientSide(x: RawExchange): ClientSide {
  const parsed = parseResponses(x.bytes, x.closed !== null);
  return { ...parsed, closed: x.closed, timedOut: x.timedOut, connectError: x.connectError, writeError: x.writeError, raw: escapeBytes(x.bytes, 300) };
}

function h2ClientSide(x: H2Exchange): ClientSide {
  return { responses: x.responses, interim: x.interim, garbageBytes: 0, closed: x.closed, timedOut: x.timedOut, connectError: x.connectError, writeError: x.writeError, raw: x.raw, ...(x.end === undefined ? {} : { h2End: x.end }) };
}

/** The HTTP/1 bytes a probe sends (an HTTP/2 probe's none: the duties read the client's request from HTTP/1 bytes). */
const sentBytes = (probe: Probe) => Buffer.concat(probe.steps.flatMap((s) => ('send' in s ? [s.send] : [])));
/** The evidence's `sent`: the bytes, or an HTTP/2 probe's fields and DATA. */
const sentText = (probe: Probe) => (probe.h2
  ? `h2 HEADERS ${probe.h2.fields.map(([n, v]) => `${escapeBytes(Buffer.from(n, 'latin1'), 60)}: ${escapeBytes(Buffer.from(v, 'latin1'), 80)}`).join('; ')}${probe.h2.data ? ` + DATA ${escapeBytes(probe.h2.data, 120)}` : ''}`
  : escapeBytes(sentBytes(probe), 300));

function evidence(probe: Probe, a: Attempt): ProbeEvidence {
  const o = a.observation;
  const first = o.upstream.find((c) => c.bytesBase64.length > 0);
  return {
    sent: sentText(probe),
    client: { statuses: o.client.responses.map((r) => r.status), interim: o.client.interim, closed: o.client.closed, timedOut: o.client.timedOut, bytes: o.client.raw ?? '' },
    upstream: {
      connections: o.upstream.filter((c) => c.bytesBase64.length > 0).length,
      requests: o.upstream.flatMap((c) => c.requests.map((r) => `${r.method} ${escapeBytes(Buffer.from(r.target, 'latin1'), 80)} ${r.framing}:${r.bodyBytes}${r.hosts.length ? ` host=${r.hosts.join(',')}` : ''}`)),
      answers: o.upstream.flatMap((c) => c.answers.filter((x) => x.why !== 'request').map((x) => `${x.status} ${x.why}`)),
      bytes: first ? escapeBytes(Buffer.from(first.bytesBase64, 'base64'), 400) : '',
      pendingBytes: o.upstream.reduce((n, c) => n + (c.closedAtUs === null ? c.pendingBytes : 0), 0),
    },
    parsers: a.classification.forwarded.parses,
    victim: { statuses: o.victim.client.responses.map((r) => r.status), echo: o.victim.client.responses[0]?.headers['x-pb-echo'] ?? null, timedOut: o.victim.client.timedOut },
  };
}

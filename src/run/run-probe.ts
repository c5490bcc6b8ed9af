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
import { adversarialAddress } from '../runtime/adversarial-safety.js';

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
  oracle: OracleClient;
  timing: ProbeTiming;
  /** Extra attempts for a positive verdict. */
  confirm: number;
  /** Stops and starts the proxy again: after an attempt that found it dead or unresponsive, so the next attempt is a real one. */
  restart: (why: string) => Promise<void>;
}

interface Attempt {
  observation: ProbeObservation;
  classification: Classification;
}

export async function runProbe(probe: Probe, runner: ProbeRunner): Promise<ProbeResultRecord> {
  const startedMs = performance.now();
  const attempts: Attempt[] = [];
  for (let n = 1; n === 1 || (n <= runner.confirm + 1 && isPositive(attempts[0]!.classification.verdict)); n++) {
    const done = await attempt(probe, runner, n);
    attempts.push(done);
    if (done.classification.verdict === 'CRASH') await runner.restart(`probe ${probe.id}: ${done.classification.reason}`);
  }
  const verdicts = attempts.map((a) => a.classification.verdict);
  const verdict: Verdict = settleVerdict(verdicts);
  const chosen = attempts.find((a) => a.classification.verdict === verdict)!;
  return {
    probe: probe.id, category: probe.category, tier: probe.tier, title: probe.title, verdict,
    pass: passes(verdict, probe.tier, probe.pass, chosen.classification.closedAfterFirst),
    reason: chosen.classification.reason + (attempts.length > 1 ? ` [${verdicts.filter((v) => v === verdict).length}/${attempts.length} attempts]` : ''),
    attempts: verdicts, evidence: evidence(probe, chosen), durationMs: Math.round(performance.now() - startedMs),
  };
}

async function attempt(probe: Probe, runner: ProbeRunner, n: number): Promise<Attempt> {
  const { oracle, timing } = runner;
  await oracle.reset();
  await sleep(timing.resetWaitMs);
  const address = adversarialAddress(runner.target());
  const probeMark = await oracle.mark(probe.oracle, timing.bodyTimeoutMs);
  const sent = await exchange(address, probe.steps, { responseTimeoutMs: probe.timeout ?? timing.responseTimeoutMs, settleMs: timing.settleMs });
  const upstream = (await oracle.log(probeMark)).connections;
  const victimMark = await oracle.mark('default');
  const victimTarget = `/victim/${probe.id}/${n}`; // a path only: some proxies re-encode query strings
  const victim = await exchange(address, [request(`GET ${victimTarget} HTTP/1.1\r\nHost: t\r\n\r\n`)], { responseTimeoutMs: timing.victimTimeoutMs, settleMs: 0 });
  const victimUpstream = (await oracle.log(victimMark)).connections;
  const healthy = await isHealthy(runner);
  const observation: ProbeObservation = {
    probe: { id: probe.id, smuggleTarget: probe.smuggleTarget, forbidForwarded: probe.forbidForwarded, ...(probe.bodyBytes === undefined ? {} : { bodyBytes: probe.bodyBytes }) },
    client: clientSide(sent),
    upstream,
    victim: { target: victimTarget, client: clientSide(victim), upstream: victimUpstream },
    proxy: { exited: runner.target().exit() !== undefined, healthy },
  };
  return { observation, classification: classify(observation) };
}

const request = (text: string): ProbeStep => ({ send: Buffer.from(text, 'latin1') });

function clientSide(x: RawExchange): ClientSide {
  const parsed = parseResponses(x.bytes, x.closed !== null);
  return { ...parsed, closed: x.closed, timedOut: x.timedOut, connectError: x.connectError, writeError: x.writeError, raw: escapeBytes(x.bytes, 300) };
}

/** GET /__pb/health through the proxy answers 200 (a second try after 300 ms). */
async function isHealthy(runner: ProbeRunner): Promise<boolean> {
  for (let tryNumber = 0; tryNumber < 2; tryNumber++) {
    if (runner.target().exit() !== undefined) return false;
    const x = await exchange(adversarialAddress(runner.target()), [request('GET /__pb/health HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n')], { responseTimeoutMs: 2000, settleMs: 0 });
    if (parseResponses(x.bytes, true).responses[0]?.status === 200) return true;
    await sleep(300);
  }
  return false;
}

function evidence(probe: Probe, a: Attempt): ProbeEvidence {
  const o = a.observation;
  const bytes = Buffer.concat(probe.steps.flatMap((s) => ('send' in s ? [s.send] : [])));
  const first = o.upstream.find((c) => c.bytesBase64.length > 0);
  return {
    sent: escapeBytes(bytes, 300),
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

// Pure: the verdict decision table (reference/adversarial.md §2) — the first matching row wins; each row says why it matched.
import type { OracleRequest } from '../../upstream/oracle-log.js';
import { echoHeader, echoOf, oracleHeader } from '../../upstream/oracle-responses.js';
import type { Verdict } from '../../scenario/probes/probe-schema.js';
import { findBreach } from './duties.js';
import { analyzeForwarded, type ForwardedAnalysis } from './forwarded.js';
import type { ClientSide, ProbeObservation } from './observation.js';

export interface Classification {
  verdict: Verdict;
  /** The decision-table row that matched, e.g. "DESYNC: backend framed /SMUG01 that no client response echoes". */
  reason: string;
  /** The client connection was closed after exactly one final response (what an ambiguous probe's NORMALIZE needs). */
  closedAfterFirst: boolean;
  /** The intermediary duty (RFC 9110/9112) the forwarded bytes break, when the verdict rests on one: never a pass. */
  breach: string | null;
  forwarded: ForwardedAnalysis;
}

type Row = (o: ProbeObservation, f: Facts) => [Verdict, string] | undefined;

/** What the rows share, computed once. */
interface Facts {
  probeRequests: OracleRequest[];
  victimRequests: OracleRequest[];
  echoes: Set<string>;
  forwarded: ForwardedAnalysis;
  breach: string | null;
}

const isProbeTraffic = (r: OracleRequest) => !r.target.startsWith('/__pb/');
const describeStatuses = (c: ClientSide) => c.responses.map((r) => (r.complete ? String(r.status) : `${r.status || '?'}(cut)`)).join(',') || (c.h2End ? `no response, ${c.h2End}` : 'none');

const crash: Row = (o) => {
  if (o.proxy.exited) return ['CRASH', 'the proxy process exited'];
  if (!o.proxy.healthy && o.proxy.staleHealth === undefined) return ['CRASH', 'the proxy still runs but no longer answers its health check (every client is refused or stalled)'];
  return undefined;
};

/** A response echoing a target of another exchange: an earlier victim, a health check, another probe's marker. */
function foreignEcho(echo: string, smuggleTarget: string): boolean {
  if (echo.startsWith('/victim/') || echo.startsWith('/__pb/')) return true;
  const tag = /(?:^|\/)(?:p|SMUG)([0-9A-Z]{2})(?=$|[?/%#; ])/.exec(echo)?.[1];
  return tag !== undefined && `/SMUG${tag}` !== smuggleTarget;
}

const desync: Row = (o, f) => {
  const first = f.probeRequests[0]?.target;
  const known = (r: OracleRequest) => r.target === first || r.target === o.victim.target || f.echoes.has(echoOf(r.target));
  const unseen = [...f.probeRequests, ...f.victimRequests].find((r) => !known(r));
  if (unseen) return ['DESYNC', `the backend framed ${r(unseen)} that no client response belongs to`];
  const answer = o.victim.client.responses[0];
  const echo = answer?.headers[echoHeader];
  if (echo === '') return ['DESYNC', `the victim got the backend's ${answer!.status} for bytes it could not frame: its request was misframed on a poisoned upstream connection`];
  if (echo !== undefined && echo !== echoOf(o.victim.target)) return ['DESYNC', `the victim got the response to ${echo}`];
  const leftover = o.client.responses.map((x) => x.headers[echoHeader]).find((e) => e !== undefined && foreignEcho(e, o.probe.smuggleTarget));
  if (leftover !== undefined) return ['DESYNC', `the probe's client got the response to ${leftover}: a leftover of an earlier exchange on a poisoned upstream connection`];
  if (o.proxy.staleHealth !== undefined) return ['DESYNC', `the health check after the probe got ${o.proxy.staleHealth}, not the upstream's answer to it: a leftover on a poisoned upstream connection`];
  const victimFailed = answer === undefined || !answer.complete || answer.status >= 500 || o.victim.client.timedOut;
  if (victimFailed) {
    const reached = f.victimRequests.some((q) => q.target === o.victim.target);
    return ['DESYNC', `the victim on a fresh connection failed (${describeStatuses(o.victim.client)}${o.victim.client.timedOut ? ', timed out' : ''}; ${reached ? 'it reached the backend' : 'it never reached the backend as a request'})`];
  }
  return undefined;
};

const misframe: Row = (o, f) => {
  const declared = o.probe.bodyBytes;
  if (declared !== undefined && declared > 0 && f.echoes.has(echoOf(o.probe.smuggleTarget))) {
    return ['MISFRAME', `the proxy forwarded ${o.probe.smuggleTarget}, part of the ${declared}-byte body, as a request of its own`];
  }
  const answer = o.client.responses[0];
  const request = f.probeRequests[0];
  if (declared === undefined || !answer?.complete || answer.status >= 300 || request === undefined || request.framing === 'timed-out') return undefined;
  return request.bodyBytes === declared ? undefined : ['MISFRAME', `2xx, and the backend got a ${request.bodyBytes}-byte body where RFC 9112 gives ${declared}`];
};

const hang: Row = (o) => {
  if (!o.client.timedOut || o.client.responses.some((r) => r.complete)) return undefined;
  const partial = o.upstream.filter((c) => c.closedAtUs === null && c.pendingBytes > 0);
  return ['HANG', `no response before the timeout; ${partial.length > 0 ? `an upstream connection holds ${partial[0]!.pendingBytes} unframed bytes` : 'nothing pending upstream'}`];
};

const forwardAmbiguous: Row = (o, f) => {
  if (f.breach) return ['FORWARD-AMBIGUOUS', f.breach];
  const rejected = o.upstream.flatMap((c) => c.answers).find((a) => a.status === 400);
  if (rejected) return ['FORWARD-AMBIGUOUS', `the backend could not frame the forwarded bytes (${rejected.why}); the client got ${describeStatuses(o.client)}`];
  if (f.probeRequests.length === 0) return undefined;
  if (f.forwarded.problem) return ['FORWARD-AMBIGUOUS', f.forwarded.problem];
  const forbidden = f.probeRequests.flatMap((q) => q.fieldNames).find((n) => o.probe.forbidForwarded.includes(n));
  if (forbidden) return ['FORWARD-AMBIGUOUS', `forwarded the ${forbidden} field`];
  const received = o.upstream.map((c) => Buffer.from(c.bytesBase64, 'base64').toString('latin1'));
  const bytes = (o.probe.forbidForwardedBytes ?? []).find((b) => received.some((text) => text.includes(b)));
  return bytes === undefined ? undefined : ['FORWARD-AMBIGUOUS', `forwarded ${JSON.stringify(bytes)}, which the probe says a safe proxy drops`];
};

const reject: Row = (o, f) => {
  const answer = o.client.responses[0];
  const closed = o.client.closed !== null;
  // HTTP/2: the stream is what a rejection ends (a reset, a GOAWAY, or a 4xx with END_STREAM); the connection may stay.
  const h2 = o.client.h2End;
  if (f.probeRequests.length === 0) {
    if (answer === undefined) {
      if (closed && h2 !== undefined) return ['REJECT', `${h2}, nothing forwarded`];
      return closed ? ['REJECT', `closed without a response${o.client.garbageBytes ? ` (${o.client.garbageBytes} non-HTTP bytes)` : ''}`] : ['REJECT-NOCLOSE', 'no response, connection left open'];
    }
    if (answer.status >= 400) return closed ? ['REJECT', `${answer.status}, ${h2 !== undefined ? `stream ended (${h2})` : 'closed'}, nothing forwarded`] : ['REJECT-NOCLOSE', `${answer.status}, nothing forwarded, ${h2 !== undefined ? 'stream' : 'connection'} left open`];
    return undefined;
  }
  if (answer !== undefined && answer.status >= 400 && answer.headers[oracleHeader] === undefined) {
    return closed ? ['REJECT', `${answer.status} from the proxy after forwarding, closed`] : ['REJECT-NOCLOSE', `${answer.status} from the proxy after forwarding, connection left open`];
  }
  return undefined;
};

const rows: readonly Row[] = [crash, desync, misframe, hang, forwardAmbiguous, reject];

export function classify(o: ProbeObservation): Classification {
  const forwarded = analyzeForwarded(o.upstream);
  const facts: Facts = {
    probeRequests: o.upstream.flatMap((c) => c.requests).filter(isProbeTraffic),
    victimRequests: o.victim.upstream.flatMap((c) => c.requests).filter(isProbeTraffic),
    echoes: new Set(o.client.responses.flatMap((x) => (x.headers[echoHeader] === undefined ? [] : [x.headers[echoHeader]]))),
    forwarded,
    breach: findBreach(Buffer.from(o.probe.sent ?? '', 'latin1'), o.upstream),
  };
  const closedAfterFirst = o.client.closed !== null && o.client.responses.length === 1;
  for (const row of rows) {
    const hit = row(o, facts);
    if (hit) return { verdict: hit[0], reason: hit[1], closedAfterFirst, breach: row === forwardAmbiguous ? facts.breach : null, forwarded };
  }
  const answered = facts.probeRequests.length === 0 ? 'answered by the proxy itself' : `forwarded canonically (${facts.probeRequests.map(r).join(' | ')}), parsers agree`;
  return { verdict: 'NORMALIZE', reason: `${describeStatuses(o.client)}; ${answered}${closedAfterFirst ? '; closed after' : ''}`, closedAfterFirst, breach: null, forwarded };
}

function r(q: OracleRequest): string {
  return `${q.method} ${echoOf(q.target)}`;
}

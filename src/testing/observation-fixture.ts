// Test helper: a ProbeObservation from literal bytes — what the client got back, what each upstream connection received.
import type { ProbeFacts, ProbeObservation } from '../analyze/probes/observation.js';
import { oracleDialect } from '../http1/dialect.js';
import { parseResponses } from '../http1/responses.js';
import { parseStream } from '../http1/stream.js';
import type { OracleConnectionSnapshot } from '../upstream/oracle-log.js';

export interface FixtureSide {
  /** Raw bytes back to the client. */
  got: string;
  closed?: 'fin' | 'reset' | null;
  timedOut?: boolean;
}

/** An upstream connection from the bytes it received, framed as the oracle frames them (a 400 answer when it cannot). */
export function upstreamConnection(id: number, bytes: string, open = false): OracleConnectionSnapshot {
  const parsed = parseStream(Buffer.from(bytes, 'latin1'), oracleDialect);
  const requests = parsed.requests.map((r, i) => ({
    seq: i + 1, atUs: 0, method: r.method, target: r.target, version: r.version, framing: r.framing, bodyBytes: r.bodyBytes,
    hosts: r.fields.filter((f) => f.name.toLowerCase() === 'host').map((f) => f.value), fieldNames: r.fields.map((f) => f.name.toLowerCase()),
  }));
  const answers = [...requests.map((r) => ({ seq: r.seq, atUs: 0, status: 200, why: 'request' })), ...(parsed.end === 'error' ? [{ seq: 99, atUs: 0, status: 400, why: parsed.error!.reason }] : [])];
  return {
    id, openedAtUs: 0, closedAtUs: open ? null : 1, closedBy: null, bytesBase64: Buffer.from(bytes, 'latin1').toString('base64'),
    requests, answers, pendingBytes: parsed.end === 'incomplete' ? parsed.leftoverBytes : 0, truncated: false,
  };
}

const client = (side: FixtureSide) => {
  const closed = side.closed === undefined ? 'fin' : side.closed;
  const parsed = parseResponses(Buffer.from(side.got, 'latin1'), closed !== null);
  return { ...parsed, closed, timedOut: side.timedOut ?? false, connectError: null, writeError: null };
};

/** An oracle 200 for `target`, as the proxy relays it. */
export const oracleOk = (target: string, n = 1) => `HTTP/1.1 200 OK\r\nContent-Length: 2\r\nX-PB-Echo: ${target}\r\nX-PB-Oracle: 1.${n}\r\n\r\nok`;

export function observation(o: {
  probe: Partial<ProbeFacts> & { id: string };
  client: FixtureSide;
  upstream?: OracleConnectionSnapshot[];
  victim?: FixtureSide;
  victimUpstream?: OracleConnectionSnapshot[];
  proxy?: ProbeObservation['proxy'];
}): ProbeObservation {
  const tag = /^(\d\d)/.exec(o.probe.id)?.[1] ?? 'ZZ';
  const victimTarget = '/victim?n=1';
  return {
    probe: { smuggleTarget: `/SMUG${tag}`, forbidForwarded: [], ...o.probe },
    client: client(o.client),
    upstream: o.upstream ?? [],
    victim: {
      target: victimTarget,
      client: client(o.victim ?? { got: oracleOk(victimTarget), closed: null }),
      upstream: o.victimUpstream ?? [upstreamConnection(7, `GET ${victimTarget} HTTP/1.1\r\nHost: t\r\n\r\n`, true)],
    },
    proxy: o.proxy ?? { exited: false, healthy: true },
  };
}

// What one probe attempt observed, as plain data: the client's side, the bytes and requests the oracle saw, the victim, the proxy.
import type { OracleConnectionSnapshot } from '../../upstream/oracle-log.js';
import type { ReceivedResponse } from '../../http1/responses.js';

export interface ClientSide {
  /** Final responses (1xx left out), in order. */
  responses: ReceivedResponse[];
  interim: number[];
  /** Bytes back that do not read as HTTP responses. */
  garbageBytes: number;
  closed: 'fin' | 'reset' | null;
  timedOut: boolean;
  connectError: string | null;
  writeError: string | null;
  /** The bytes received, escaped and cut (evidence only). */
  raw?: string;
  /** HTTP/2 probes: how the probe's stream ended besides a response (`RST_STREAM PROTOCOL_ERROR`, `GOAWAY …`); `closed` is then the stream's end. */
  h2End?: string;
}

export interface ProbeFacts {
  id: string;
  /** "/SMUGNN": the target of the request hidden in the probe. */
  smuggleTarget: string;
  /** The body RFC 9112 gives the first request, when it has one. */
  bodyBytes?: number;
  /** Field names the proxy must not forward. */
  forbidForwarded: string[];
  /** Byte strings (latin1) that must not reach the upstream. */
  forbidForwardedBytes?: string[];
  /** The bytes the probe sends, latin1 (what the client asked: its Connection options, an absolute-form target). */
  sent?: string;
}

export interface ProbeObservation {
  probe: ProbeFacts;
  client: ClientSide;
  /** Oracle connections active between the probe's mark and the victim's (bytes after the probe's mark). */
  upstream: OracleConnectionSnapshot[];
  victim: { target: string; client: ClientSide; upstream: OracleConnectionSnapshot[] };
  /** healthy: the health check through the proxy got the upstream's answer to it (its nonce); staleHealth: what it got
   * instead, when that was another request's response (a leftover). */
  proxy: { exited: boolean; healthy: boolean; staleHealth?: string };
}

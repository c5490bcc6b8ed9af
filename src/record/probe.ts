// What run.json keeps per variant × probe (cell.probes): the verdict, pass or fail, every attempt, and the evidence.
import type { Tier, Verdict } from '../scenario/probes/probe-schema.js';

export type ProbeVerdict = Verdict | 'SKIPPED';

export interface ProbeEvidence {
  /** The bytes sent, escaped (\r \n \xNN), cut at 300 bytes. */
  sent: string;
  client: { statuses: number[]; interim: number[]; closed: 'fin' | 'reset' | null; timedOut: boolean; bytes: string };
  upstream: {
    connections: number;
    /** Requests the oracle framed: "POST /p01 chunked:0 host=t". */
    requests: string[];
    /** What the oracle answered: "400 bare CR". */
    answers: string[];
    /** The bytes the first upstream connection received, escaped, cut at 400 bytes. */
    bytes: string;
    pendingBytes: number;
  };
  /** Each reference parser's reading of each upstream connection's bytes. */
  parsers: { connection: number; readings: { dialect: string; summary: string }[] }[];
  victim: { statuses: number[]; echo: string | null; timedOut: boolean };
}

export interface ProbeResultRecord {
  probe: string;
  category: string;
  tier: Tier;
  title: string;
  /**
   * How the probe reached the proxy: its plaintext listener, or its TLS listener (probes.tls); an HTTP/2 probe: `h2c`,
   * or `tls` (ALPN h2). Absent in older records (plain).
   */
  transport?: 'plain' | 'tls' | 'h2c';
  verdict: ProbeVerdict;
  /** From the tier (or the probe's own list); null when skipped. */
  pass: boolean | null;
  /** The decision-table row that matched, or why the probe was skipped. */
  reason: string;
  /** Every attempt's verdict (positives are repeated to confirm). */
  attempts: ProbeVerdict[];
  evidence: ProbeEvidence | null;
  durationMs: number;
}

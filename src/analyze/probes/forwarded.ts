// Pure: runs the reference parsers over the bytes each upstream connection received and says whether they agree.
import type { OracleConnectionSnapshot } from '../../upstream/oracle-log.js';
import { referenceDialects } from '../../http1/dialect.js';
import { describeParse, parseStream } from '../../http1/stream.js';

export interface ForwardedAnalysis {
  /** Per connection with bytes: each reference parser's reading. */
  parses: { connection: number; readings: { dialect: string; summary: string }[] }[];
  /** The strict RFC 9112 parser framed every byte without an error. */
  canonical: boolean;
  /** Every reference parser read every connection the same way. */
  agree: boolean;
  /** First reason the bytes are not canonical or the parsers disagree. */
  problem: string | null;
}

export function analyzeForwarded(connections: readonly OracleConnectionSnapshot[]): ForwardedAnalysis {
  const parses = [];
  let problem: string | null = null;
  let canonical = true;
  let agree = true;
  for (const c of connections) {
    const bytes = Buffer.from(c.bytesBase64, 'base64');
    if (bytes.length === 0) continue;
    const results = referenceDialects.map((d) => parseStream(bytes, d));
    const readings = results.map((p) => ({ dialect: p.dialect, summary: describeParse(p) }));
    parses.push({ connection: c.id, readings });
    const strict = results[0]!;
    if (strict.end === 'error') {
      canonical = false;
      problem ??= `strict RFC 9112 parser rejects the forwarded bytes on upstream connection ${c.id}: ${strict.error!.reason}`;
    }
    if (new Set(readings.map((r) => r.summary)).size > 1) {
      agree = false;
      problem ??= `reference parsers disagree on upstream connection ${c.id}: ${readings.map((r) => `${r.dialect} → ${r.summary}`).join('; ')}`;
    }
  }
  return { parses, canonical, agree, problem };
}

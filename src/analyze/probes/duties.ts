// Pure: the intermediary duties of RFC 9110/9112 a proxy breaks by forwarding what it must fix first (Connection-listed
// fields, the received Host of an absolute-form target, both framing fields, obs-fold, bare CR, NUL).
import type { OracleConnectionSnapshot } from '../../upstream/oracle-log.js';
import { oracleDialect } from '../../http1/dialect.js';
import type { Field } from '../../http1/head.js';
import { parseOne, parseStream, type ParsedRequest } from '../../http1/stream.js';

/** Connection options a proxy states again for its own hop: they may reappear in what it forwards. */
const ownOptions = new Set(['close', 'keep-alive', 'upgrade']);
/** Fields a proxy regenerates for the next hop (its own framing, its own Host): present after forwarding, though listed. */
const regenerated = new Set(['content-length', 'transfer-encoding', 'host', 'upgrade']);

const isProbeTarget = (target: string) => !target.startsWith('/__pb/') && !target.startsWith('/victim/');
const values = (fields: readonly Field[], name: string) => fields.filter((f) => f.name.toLowerCase() === name).map((f) => f.value);
const tokens = (fields: readonly Field[], name: string) =>
  values(fields, name).flatMap((v) => v.toLowerCase().split(',')).map((t) => t.trim()).filter((t) => t !== '');

/** What the client's own first request asks of an intermediary, read from the bytes the probe sends. */
export interface ClientAsks {
  /** Its Connection options, lower case (close and keep-alive left out). */
  connectionOptions: string[];
  /** The authority of an absolute-form target, and the Host values received with it when they differ from it. */
  absolute?: { authority: string; receivedHosts: string[] };
}

export function clientAsks(sent: Uint8Array): ClientAsks {
  const one = parseOne(sent, 0, oracleDialect);
  const head = one.kind === 'request' ? one.request : one.head;
  if (head === undefined) return { connectionOptions: [] };
  const connectionOptions = tokens(head.fields, 'connection').filter((t) => t !== 'close' && t !== 'keep-alive');
  const authority = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(head.target)?.[1]?.replace(/^[^@]*@/, '').toLowerCase();
  if (authority === undefined) return { connectionOptions };
  const receivedHosts = values(head.fields, 'host').filter((h) => h.trim().toLowerCase() !== authority);
  return { connectionOptions, absolute: { authority, receivedHosts } };
}

/** The first duty the forwarded bytes break, named with its RFC section; null when none. */
export function findBreach(sent: Uint8Array, upstream: readonly OracleConnectionSnapshot[]): string | null {
  const asks = clientAsks(sent);
  let first = true;
  for (const c of upstream) {
    const bytes = Buffer.from(c.bytesBase64, 'base64');
    if (bytes.length === 0) continue;
    const parsed = parseStream(bytes, oracleDialect);
    for (const request of parsed.requests.filter((r) => isProbeTarget(r.target))) {
      const breach = headBreach(bytes, request) ?? (first ? askedBreach(asks, request) : null);
      if (breach) return `${breach} (upstream connection ${c.id}, ${request.method} ${request.target.slice(0, 60)})`;
      first = false;
    }
    if (parsed.error?.reason === 'bare CR') return `forwarded a bare CR (RFC 9112 §2.2: a recipient MUST treat it as invalid or replace it with SP before forwarding; upstream connection ${c.id})`;
  }
  return null;
}

/** Breaches visible in any forwarded head: both framing fields, obs-fold, NUL or bare CR. */
function headBreach(bytes: Buffer, r: ParsedRequest): string | null {
  const names = new Set(r.fields.map((f) => f.name.toLowerCase()));
  if (names.has('content-length') && names.has('transfer-encoding')) {
    return 'forwarded both Content-Length and Transfer-Encoding (RFC 9112 §6.3: an intermediary MUST remove Content-Length first)';
  }
  const head = bytes.subarray(r.start, r.headEnd);
  if (head.includes(0)) return 'forwarded a NUL in the head (RFC 9110 §5.5: reject, or replace it with SP before forwarding)';
  const folded = head.toString('latin1').split('\n').slice(1).findIndex((l) => l.startsWith(' ') || l.startsWith('\t'));
  if (folded === 0) return 'forwarded a whitespace-preceded line before the first field (RFC 9112 §2.2: a recipient MUST reject the message or consume the line unprocessed)';
  if (folded > 0) return 'forwarded an obs-fold (RFC 9112 §5.2: a proxy MUST reject it or replace it with SP before forwarding)';
  return null;
}

/** Breaches of what the client's own request asked: its Connection options, its absolute-form authority. */
function askedBreach(asks: ClientAsks, r: ParsedRequest): string | null {
  const hop = asks.connectionOptions.find((o) => !regenerated.has(o) && r.fields.some((f) => f.name.toLowerCase() === o));
  if (hop) return `forwarded the ${hop} field that the client's Connection field lists (RFC 9110 §7.6.1: an intermediary MUST remove it)`;
  const echoed = tokens(r.fields, 'connection').find((t) => !ownOptions.has(t) && asks.connectionOptions.includes(t));
  if (echoed) return `forwarded the client's Connection option ${echoed} (RFC 9110 §7.6.1: an intermediary MUST remove the Connection field or replace it with its own options)`;
  const stale = asks.absolute?.receivedHosts.find((h) => values(r.fields, 'host').some((v) => v.trim().toLowerCase() === h.trim().toLowerCase()));
  if (stale !== undefined) {
    return `forwarded the received Host ${stale} instead of the target's authority ${asks.absolute!.authority} (RFC 9112 §3.2.2: a proxy MUST replace it)`;
  }
  return null;
}

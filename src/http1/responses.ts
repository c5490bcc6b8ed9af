// Pure: reads the responses a client received (all bytes of one connection): status, fields, body length, completeness.
import { parseChunkedBody } from './chunked.js';
import { lenientDialect } from './dialect.js';
import { isStop, latin1, readLine } from './lines.js';

export interface ReceivedResponse {
  status: number;
  /** Lower-case field name → first value. */
  headers: Record<string, string>;
  bodyBytes: number;
  /** False for a response cut short (the connection ended or the wait did). */
  complete: boolean;
}

export interface ReceivedResponses {
  /** Final responses (status ≥ 200), in order. */
  responses: ReceivedResponse[];
  /** Interim 1xx responses seen. */
  interim: number[];
  /** Bytes that do not read as a response (garbage, or an HTTP/0.9 reply). */
  garbageBytes: number;
}

/** `closed`: the connection has ended, so a body without a length ends here too. */
export function parseResponses(buf: Uint8Array, closed: boolean): ReceivedResponses {
  const out: ReceivedResponses = { responses: [], interim: [], garbageBytes: 0 };
  let pos = 0;
  while (pos < buf.length) {
    const head = readResponseHead(buf, pos);
    if (head === undefined) {
      out.garbageBytes = buf.length - pos;
      break;
    }
    if (head === 'incomplete') {
      out.responses.push({ status: 0, headers: {}, bodyBytes: 0, complete: false });
      break;
    }
    if (head.status < 200) {
      out.interim.push(head.status);
      pos = head.end;
      continue;
    }
    const body = readBody(buf, head.end, head, closed);
    out.responses.push({ status: head.status, headers: head.headers, bodyBytes: body.bodyBytes, complete: body.complete });
    if (!body.complete) break;
    pos = body.end;
  }
  return out;
}

interface ResponseHead {
  status: number;
  headers: Record<string, string>;
  end: number;
}

function readResponseHead(buf: Uint8Array, pos: number): ResponseHead | 'incomplete' | undefined {
  const first = readLine(buf, pos, { bareCr: 'data' }, true, 64 * 1024);
  if (isStop(first)) {
    const seen = latin1(buf, pos, Math.min(buf.length, pos + 5));
    return first.kind === 'incomplete' && 'HTTP/'.startsWith(seen) ? 'incomplete' : undefined;
  }
  const m = /^HTTP\/\d\.\d (\d{3})/.exec(latin1(buf, first.start, first.end));
  if (!m) return undefined;
  const headers: Record<string, string> = {};
  let at = first.next;
  for (;;) {
    const line = readLine(buf, at, { bareCr: 'data' }, true, 64 * 1024);
    if (isStop(line)) return 'incomplete';
    if (line.end === line.start) return { status: Number(m[1]), headers, end: line.next };
    const text = latin1(buf, line.start, line.end);
    const colon = text.indexOf(':');
    if (colon > 0) headers[text.slice(0, colon).trim().toLowerCase()] ??= text.slice(colon + 1).trim();
    at = line.next;
  }
}

function readBody(buf: Uint8Array, pos: number, head: ResponseHead, closed: boolean): { bodyBytes: number; complete: boolean; end: number } {
  if (head.status === 204 || head.status === 304) return { bodyBytes: 0, complete: true, end: pos };
  if (/chunked/i.test(head.headers['transfer-encoding'] ?? '')) {
    const body = parseChunkedBody(buf, pos, lenientDialect);
    return isStop(body) ? { bodyBytes: buf.length - pos, complete: false, end: buf.length } : { bodyBytes: body.dataBytes, complete: true, end: body.end };
  }
  const length = head.headers['content-length'];
  if (length !== undefined && /^\d+$/.test(length)) {
    const n = Number(length);
    return buf.length - pos >= n ? { bodyBytes: n, complete: true, end: pos + n } : { bodyBytes: buf.length - pos, complete: false, end: buf.length };
  }
  return { bodyBytes: buf.length - pos, complete: closed, end: buf.length };
}

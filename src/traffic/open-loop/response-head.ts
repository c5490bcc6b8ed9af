// Parses an HTTP/1.x response head (status line and headers) from its bytes into what the body's framing needs (pure, no string made).
import { COLON, COMMA, CR, LF, SP, asciiBytes, equalsIgnoreCase } from '../../http1/chars.js';

export type BodyMode = 'none' | 'length' | 'chunked' | 'close';

/** What parseHead fills in (the caller's own object, reused: a response costs no allocation). */
export interface Head {
  statusCode: number;
  keepAlive: boolean;
  bodyMode: BodyMode;
  /** The Content-Length when bodyMode is 'length'. */
  contentLength: number;
}

const httpPrefix = asciiBytes('HTTP/1.');
const nameContentLength = asciiBytes('content-length');
const nameTransferEncoding = asciiBytes('transfer-encoding');
const nameConnection = asciiBytes('connection');
const tokenChunked = asciiBytes('chunked');
const tokenClose = asciiBytes('close');
const tokenKeepAlive = asciiBytes('keep-alive');
const maxContentLengthDigits = 15;
const D0 = 0x30;
const D9 = 0x39;

/** What String.prototype.trim removes, among latin1 bytes: TAB, LF, VT, FF, CR, SP and NBSP. */
function isTrimmed(byte: number): boolean {
  return byte === SP || (byte >= 0x09 && byte <= 0x0d) || byte === 0xa0;
}

/** The line in buf[start, end) ends at the first CRLF, or at `end`. */
function lineEndOf(buf: Uint8Array, start: number, end: number): number {
  for (let i = start; i + 1 < end; i++) if (buf[i] === CR && buf[i + 1] === LF) return i;
  return end;
}

function quoted(buf: Uint8Array, start: number, end: number): string {
  return JSON.stringify(Buffer.from(buf.buffer, buf.byteOffset + start, Math.min(end - start, 80)).toString('latin1'));
}

/** `HTTP/1.x NNN[ reason]`: sets statusCode and the version's keep-alive default; a reason when malformed. */
function parseStatusLine(buf: Uint8Array, start: number, end: number, head: Head): string | undefined {
  const bad = () => `bad status line ${quoted(buf, start, end)}`;
  if (end - start < 12) return bad();
  for (let i = 0; i < httpPrefix.length; i++) if (buf[start + i] !== httpPrefix[i]) return bad();
  const minor = buf[start + 7]!;
  const d1 = buf[start + 9]!;
  const d2 = buf[start + 10]!;
  const d3 = buf[start + 11]!;
  if ((minor !== D0 && minor !== D0 + 1) || buf[start + 8] !== SP) return bad();
  if (d1 < D0 + 1 || d1 > D9 || d2 < D0 || d2 > D9 || d3 < D0 || d3 > D9) return bad();
  if (end > start + 12) {
    if (buf[start + 12] !== SP) return bad();
    for (let i = start + 13; i < end; i++) if (buf[i] === CR || buf[i] === LF) return bad();
  }
  head.statusCode = (d1 - D0) * 100 + (d2 - D0) * 10 + (d3 - D0);
  head.keepAlive = minor === D0 + 1;
  return undefined;
}

/** The decimal value of buf[start, end), or -1 when it is not 1–15 digits. */
function parseDigits(buf: Uint8Array, start: number, end: number): number {
  if (end === start || end - start > maxContentLengthDigits) return -1;
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = buf[i]!;
    if (byte < D0 || byte > D9) return -1;
    value = value * 10 + (byte - D0);
  }
  return value;
}

const hasClose = 1;
const hasKeepAlive = 2;

/** Which of `close` and `keep-alive` are among the comma-separated elements of buf[start, end) (trimmed, any case). */
function connectionTokens(buf: Uint8Array, start: number, end: number): number {
  let found = 0;
  let from = start;
  for (let i = start; i <= end; i++) {
    if (i < end && buf[i] !== COMMA) continue;
    let s = from;
    let e = i;
    while (s < e && isTrimmed(buf[s]!)) s++;
    while (e > s && isTrimmed(buf[e - 1]!)) e--;
    if (equalsIgnoreCase(buf, s, e, tokenClose)) found |= hasClose;
    else if (equalsIgnoreCase(buf, s, e, tokenKeepAlive)) found |= hasKeepAlive;
    from = i + 1;
  }
  return found;
}

/** Whether the last comma-separated element of buf[start, end) is `chunked` (RFC 9112 §6.3: only then is the body chunked). */
function lastTokenIsChunked(buf: Uint8Array, start: number, end: number): boolean {
  let s = end;
  while (s > start && buf[s - 1] !== COMMA) s--;
  let e = end;
  while (s < e && isTrimmed(buf[s]!)) s++;
  while (e > s && isTrimmed(buf[e - 1]!)) e--;
  return equalsIgnoreCase(buf, s, e, tokenChunked);
}

/**
 * One header line: only Content-Length, Transfer-Encoding and Connection matter; a reason when malformed. While the
 * lines are read, `head.contentLength` is the Content-Length so far (-1: none) and `head.bodyMode` is 'chunked' when
 * the last Transfer-Encoding ends in chunked.
 */
function parseHeaderLine(buf: Uint8Array, start: number, end: number, head: Head): string | undefined {
  let colon = start;
  while (colon < end && buf[colon] !== COLON) colon++;
  if (colon === end || colon === start) return `bad header line ${quoted(buf, start, end)}`;
  const nameBytes = colon - start;
  if (nameBytes !== 14 && nameBytes !== 17 && nameBytes !== 10) return undefined;
  let s = colon + 1;
  let e = end;
  while (s < e && isTrimmed(buf[s]!)) s++;
  while (e > s && isTrimmed(buf[e - 1]!)) e--;
  if (nameBytes === 14 && equalsIgnoreCase(buf, start, colon, nameContentLength)) {
    const length = parseDigits(buf, s, e);
    if (length < 0) return `bad content-length ${quoted(buf, s, e)}`;
    if (head.contentLength >= 0 && head.contentLength !== length) return 'conflicting content-length';
    head.contentLength = length;
  } else if (nameBytes === 17 && equalsIgnoreCase(buf, start, colon, nameTransferEncoding)) {
    head.bodyMode = lastTokenIsChunked(buf, s, e) ? 'chunked' : 'none';
  } else if (nameBytes === 10 && equalsIgnoreCase(buf, start, colon, nameConnection)) {
    const tokens = connectionTokens(buf, s, e);
    if (tokens & hasClose) head.keepAlive = false;
    else if (tokens & hasKeepAlive) head.keepAlive = true;
  }
  return undefined;
}

/**
 * Parses the head in buf[start, end) (without the blank line that ends it) into `head`. Returns a reason when it is
 * malformed: a status line other than `HTTP/1.0|1.1 NNN[ reason]`, a header line without a name and colon, a
 * Content-Length that is not 1–15 digits or conflicts with another.
 */
export function parseHead(buf: Uint8Array, start: number, end: number, head: Head): string | undefined {
  let lineEnd = lineEndOf(buf, start, end);
  const statusProblem = parseStatusLine(buf, start, lineEnd, head);
  if (statusProblem !== undefined) return statusProblem;
  head.contentLength = -1;
  head.bodyMode = 'none';
  for (let at = lineEnd + 2; at < end; at = lineEnd + 2) {
    lineEnd = lineEndOf(buf, at, end);
    const problem = parseHeaderLine(buf, at, lineEnd, head);
    if (problem !== undefined) return problem;
  }
  const chunked = (head.bodyMode as BodyMode) === 'chunked';
  const contentLength = head.contentLength;
  head.contentLength = 0;
  if (head.statusCode < 200 || head.statusCode === 204 || head.statusCode === 304) head.bodyMode = 'none';
  else if (chunked) head.bodyMode = 'chunked';
  else if (contentLength >= 0) {
    head.bodyMode = 'length';
    head.contentLength = contentLength;
  } else {
    head.bodyMode = 'close';
    head.keepAlive = false;
  }
  return undefined;
}

// Pure parser of one HTTP/1.x request head (request line + fields), extracting only what framing needs; says when it is incomplete.
import { RequestFramingError } from './errors.js';
import {
  COLON, COMMA, CR, FIELD_VALUE_CHAR, HTAB, LF, SP, TARGET_CHAR, TCHAR, asciiBytes, equalsExact, equalsIgnoreCase,
} from '../http1/chars.js';

export type BodyKind = 'none' | 'length' | 'chunked';

export interface RequestHead {
  method: string;
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  httpMinor: 0 | 1;
  /** Whether the connection stays open after this request (HTTP/1.1 default, HTTP/1.0 only with keep-alive). */
  keepAlive: boolean;
  bodyKind: BodyKind;
  /** Declared Content-Length (0 unless bodyKind is 'length'). */
  contentLength: number;
  /** Size of the head including the final empty line. */
  headBytes: number;
  /** Decoded body bytes read (and discarded); filled in by the framer as the body arrives. */
  bodyBytes: number;
}

const maxMethodBytes = 32;
const maxFieldLines = 256;
/** 2^53 fits 16 decimal digits; 15 keeps every accepted length a safe integer. */
const maxContentLengthDigits = 15;

const httpPrefix = asciiBytes('HTTP/1.');
const nameHost = asciiBytes('host');
const nameConnection = asciiBytes('connection');
const nameContentLength = asciiBytes('content-length');
const nameTransferEncoding = asciiBytes('transfer-encoding');
const tokenClose = asciiBytes('close');
const tokenKeepAlive = asciiBytes('keep-alive');

const knownMethods = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE'] as const;
const knownMethodBytes = knownMethods.map((name) => ({ name, bytes: asciiBytes(name) }));

/** Position returned by the line parsers when the line is not complete before the limit. */
const incomplete = -1;

/** Facts gathered from the field lines of one head. */
interface FieldFacts {
  hostCount: number;
  contentLength: number;
  transferEncoding: boolean;
  chunkedFinal: boolean;
  close: boolean;
  keepAlive: boolean;
}

/**
 * Parses the head starting at `start`, looking no further than `limit`. Returns undefined when the head is not
 * complete before `limit` (more bytes needed), else the head (headBytes tells where it ends). Throws RequestFramingError.
 */
export function parseRequestHead(buf: Buffer, start: number, limit: number): RequestHead | undefined {
  const head: RequestHead = {
    method: '', target: '', httpMinor: 1, keepAlive: true, bodyKind: 'none', contentLength: 0, headBytes: 0, bodyBytes: 0,
  };
  let pos = parseRequestLine(buf, start, limit, head);
  const facts: FieldFacts = {
    hostCount: 0, contentLength: -1, transferEncoding: false, chunkedFinal: false, close: false, keepAlive: false,
  };
  for (let lines = 0; pos !== incomplete && pos < limit; lines++) {
    if (buf[pos] === CR) {
      if (pos + 1 >= limit) return undefined;
      if (buf[pos + 1] !== LF) throw new RequestFramingError('bare CR in request head', pos + 1);
      head.headBytes = pos + 2 - start;
      applyFacts(head, facts);
      return head;
    }
    if (lines >= maxFieldLines) throw new RequestFramingError('too many header fields', pos);
    pos = parseFieldLine(buf, pos, limit, facts);
  }
  return undefined;
}

/** Method SP target SP HTTP/1.x CRLF; returns the position after the CRLF, or `incomplete`. */
function parseRequestLine(buf: Buffer, start: number, limit: number, head: RequestHead): number {
  let i = start;
  while (i < limit && TCHAR[buf[i]!] === 1) i++;
  if (i === limit) return incomplete;
  if (i === start || i - start > maxMethodBytes || buf[i] !== SP) throw new RequestFramingError('invalid method', i);
  const methodEnd = i;
  const targetStart = ++i;
  while (i < limit && TARGET_CHAR[buf[i]!] === 1) i++;
  if (i === limit) return incomplete;
  if (i === targetStart || buf[i] !== SP) throw new RequestFramingError('invalid request target', i);
  const targetEnd = i++;
  if (i + 10 > limit) return incomplete;
  const minor = buf[i + 7];
  if (!equalsExact(buf, i, httpPrefix) || (minor !== 0x30 && minor !== 0x31)) {
    throw new RequestFramingError('unsupported HTTP version', i);
  }
  if (buf[i + 8] !== CR || buf[i + 9] !== LF) throw new RequestFramingError('request line not ended by CRLF', i + 8);
  head.httpMinor = minor === 0x31 ? 1 : 0;
  head.method = methodName(buf, start, methodEnd);
  head.target = latin1(buf, targetStart, targetEnd);
  return i + 10;
}

type Latin1Slice = (this: Buffer, start: number, end: number) => string;
/** Buffer's internal latin1Slice skips toString's argument handling; toString is the fallback if it ever goes away. */
const latin1Slice = (Buffer.prototype as unknown as { latin1Slice?: Latin1Slice }).latin1Slice;

function latin1(buf: Buffer, start: number, end: number): string {
  return latin1Slice === undefined ? buf.toString('latin1', start, end) : latin1Slice.call(buf, start, end);
}

/** A shared constant string for common methods (no allocation), else a fresh one. */
function methodName(buf: Buffer, start: number, end: number): string {
  for (const known of knownMethodBytes) {
    if (known.bytes.length === end - start && equalsExact(buf, start, known.bytes)) return known.name;
  }
  return latin1(buf, start, end);
}

/** name ":" OWS value OWS CRLF; returns the position after the CRLF, or `incomplete`. */
function parseFieldLine(buf: Buffer, start: number, limit: number, facts: FieldFacts): number {
  let i = start;
  while (i < limit && TCHAR[buf[i]!] === 1) i++;
  if (i === limit) return incomplete;
  if (i === start || buf[i] !== COLON) throw new RequestFramingError('invalid header field name', i);
  const nameEnd = i++;
  while (i < limit && FIELD_VALUE_CHAR[buf[i]!] === 1) i++;
  if (i + 1 >= limit) return incomplete;
  if (buf[i] !== CR || buf[i + 1] !== LF) throw new RequestFramingError('invalid byte in header field value', i);
  const lineEnd = i;
  let valueStart = nameEnd + 1;
  let valueEnd = lineEnd;
  while (valueStart < valueEnd && (buf[valueStart] === SP || buf[valueStart] === HTAB)) valueStart++;
  while (valueEnd > valueStart && (buf[valueEnd - 1] === SP || buf[valueEnd - 1] === HTAB)) valueEnd--;
  noteField(buf, start, nameEnd, valueStart, valueEnd, facts);
  return lineEnd + 2;
}

function noteField(buf: Buffer, nameStart: number, nameEnd: number, valueStart: number, valueEnd: number, facts: FieldFacts): void {
  const nameBytes = nameEnd - nameStart;
  if (nameBytes === 4 && equalsIgnoreCase(buf, nameStart, nameEnd, nameHost)) {
    facts.hostCount++;
  } else if (nameBytes === 10 && equalsIgnoreCase(buf, nameStart, nameEnd, nameConnection)) {
    forEachListToken(buf, valueStart, valueEnd, (s, e) => {
      if (equalsIgnoreCase(buf, s, e, tokenClose)) facts.close = true;
      else if (equalsIgnoreCase(buf, s, e, tokenKeepAlive)) facts.keepAlive = true;
    });
  } else if (nameBytes === 14 && equalsIgnoreCase(buf, nameStart, nameEnd, nameContentLength)) {
    const length = parseContentLength(buf, valueStart, valueEnd);
    if (facts.contentLength !== -1 && facts.contentLength !== length) {
      throw new RequestFramingError('conflicting Content-Length values', nameStart);
    }
    facts.contentLength = length;
  } else if (nameBytes === 17 && equalsIgnoreCase(buf, nameStart, nameEnd, nameTransferEncoding)) {
    noteTransferEncoding(buf, valueStart, valueEnd, facts);
  }
}

function parseContentLength(buf: Buffer, start: number, end: number): number {
  if (start === end || end - start > maxContentLengthDigits) throw new RequestFramingError('invalid Content-Length', start);
  let length = 0;
  for (let i = start; i < end; i++) {
    const digit = buf[i]! - 0x30;
    if (digit < 0 || digit > 9) throw new RequestFramingError('invalid Content-Length', i);
    length = length * 10 + digit;
  }
  return length;
}

/** Requests may only use chunked as the final coding, once (RFC 9112 §6.3). */
function noteTransferEncoding(buf: Buffer, start: number, end: number, facts: FieldFacts): void {
  facts.transferEncoding = true;
  forEachListToken(buf, start, end, (s, e) => {
    if (facts.chunkedFinal) throw new RequestFramingError('chunked is not the final transfer coding', s);
    const coding = latin1(buf, s, e).toLowerCase();
    facts.chunkedFinal = coding === 'chunked';
  });
}

/** Calls `visit` for every non-empty element of a comma-separated list, OWS trimmed. */
function forEachListToken(buf: Buffer, start: number, end: number, visit: (start: number, end: number) => void): void {
  let elementStart = start;
  for (let i = start; i <= end; i++) {
    if (i < end && buf[i] !== COMMA) continue;
    let s = elementStart;
    let e = i;
    while (s < e && (buf[s] === SP || buf[s] === HTAB)) s++;
    while (e > s && (buf[e - 1] === SP || buf[e - 1] === HTAB)) e--;
    if (e > s) visit(s, e);
    elementStart = i + 1;
  }
}

function applyFacts(head: RequestHead, facts: FieldFacts): void {
  if (head.httpMinor === 1 && facts.hostCount !== 1) throw new RequestFramingError('HTTP/1.1 request needs exactly one Host');
  if (facts.hostCount > 1) throw new RequestFramingError('repeated Host');
  if (facts.transferEncoding && facts.contentLength !== -1) {
    throw new RequestFramingError('both Transfer-Encoding and Content-Length');
  }
  if (facts.transferEncoding && !facts.chunkedFinal) throw new RequestFramingError('unsupported transfer coding');
  head.keepAlive = !facts.close && (head.httpMinor === 1 || facts.keepAlive) && !(facts.transferEncoding && head.httpMinor === 0);
  if (facts.transferEncoding) {
    head.bodyKind = 'chunked';
  } else if (facts.contentLength > 0) {
    head.bodyKind = 'length';
    head.contentLength = facts.contentLength;
  }
}

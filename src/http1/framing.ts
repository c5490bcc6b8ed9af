// Pure: decides a request's body framing (none, Content-Length, chunked) from its fields under a dialect (RFC 9112 §6).
import { HTAB, SP, hexDigitValue } from './chars.js';
import type { Dialect } from './dialect.js';
import type { ParsedHead } from './head.js';
import { fail, type Stop } from './lines.js';

export type Framing = { kind: 'none' } | { kind: 'length'; bytes: number } | { kind: 'chunked' };

const two64 = 1n << 64n;

const valuesOf = (head: ParsedHead, name: string) => head.fields.filter((f) => f.name.toLowerCase() === name).map((f) => f.value);

export function decideFraming(head: ParsedHead, d: Dialect): Framing | Stop {
  const te = valuesOf(head, 'transfer-encoding');
  const cl = valuesOf(head, 'content-length');
  if (te.length > 0) {
    if (head.version === '1.0' && d.teInHttp10 === 'reject') return fail('Transfer-Encoding in an HTTP/1.0 request', head.start);
    const chunked = isChunked(te, d);
    if (chunked === 'error') return fail(`Transfer-Encoding ${JSON.stringify(te.join(', '))} does not end in chunked`, head.start);
    if (chunked) {
      if (cl.length === 0 || d.bothLengths === 'te') return { kind: 'chunked' };
      if (d.bothLengths === 'reject') return fail('both Content-Length and Transfer-Encoding', head.start);
    }
  }
  if (cl.length === 0) return { kind: 'none' };
  return contentLength(cl, d, head.start);
}

/** true/false, or 'error' for a Transfer-Encoding a strict reader must refuse (§6.3 #4: final coding not chunked). */
function isChunked(values: string[], d: Dialect): boolean | 'error' {
  if (d.chunked === 'contains') return values.some((v) => v.toLowerCase().includes('chunked'));
  // RFC 9110 §5.6.1: empty list elements are ignored.
  const codings = values.join(',').split(',').map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
  const count = codings.filter((c) => c === 'chunked').length;
  if (d.chunked === 'exact') return codings.length === 1 && count === 1 ? true : 'error';
  return codings[codings.length - 1] === 'chunked' ? true : 'error';
}

function contentLength(values: string[], d: Dialect, at: number): Framing | Stop {
  const elements = d.contentLength === 'lenient' ? values.map((v) => v.split(',')[0]!) : values.flatMap((v) => v.split(','));
  const parsed = elements.map((v) => (d.contentLength === 'digits' ? parseDigits(v.trim()) : parseLenientInt(v)));
  if (d.duplicateContentLength === 'last') {
    const last = parsed[parsed.length - 1]!;
    return last === undefined ? fail('invalid Content-Length', at) : { kind: 'length', bytes: last };
  }
  if (parsed.some((n) => n === undefined)) return fail(`invalid Content-Length ${JSON.stringify(values.join(', '))}`, at);
  if (parsed.length > 1 && (d.duplicateContentLength === 'reject' || new Set(parsed).size > 1)) {
    return fail(`several Content-Length values ${JSON.stringify(values.join(', '))}`, at);
  }
  return { kind: 'length', bytes: parsed[0]! };
}

/** 1*DIGIT, at most 15 digits (a safe integer). */
function parseDigits(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}

/** strtoull-like: leading blanks, an optional '+', the longest digit prefix, wrapping at 2^64. */
function parseLenientInt(text: string): number | undefined {
  const m = /^[ \t]*\+?([0-9]+)/.exec(text);
  if (!m) return undefined;
  const wrapped = BigInt(m[1]!) % two64;
  return wrapped > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : Number(wrapped);
}

/** Value of a chunk-size under the dialect's rules, with the offset after it; undefined when invalid. */
export function parseChunkSize(buf: Uint8Array, start: number, end: number, d: Dialect): { size: number; after: number } | undefined {
  let i = start;
  if (d.chunkSize === 'lenient') {
    while (i < end && (buf[i] === SP || buf[i] === HTAB)) i++;
    if (buf[i] === 0x30 && (buf[i + 1] === 0x78 || buf[i + 1] === 0x58) && hex(buf[i + 2]) >= 0) i += 2;
  }
  let value = 0n;
  const from = i;
  while (i < end && hex(buf[i]) >= 0) value = value * 16n + BigInt(hex(buf[i++]));
  if (i === from) return undefined;
  if (d.chunkSize === 'hex' && i - from > 13) return undefined; // beyond 2^52: refused, never wrapped
  const size = d.chunkSize === 'lenient' ? value % two64 : value;
  return size > BigInt(Number.MAX_SAFE_INTEGER) ? undefined : { size: Number(size), after: i };
}

const hex = (byte: number | undefined): number => (byte === undefined ? -1 : hexDigitValue(byte));

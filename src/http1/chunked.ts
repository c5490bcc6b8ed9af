// Pure: reads a chunked body (RFC 9112 §7.1) under a dialect's chunk rules: sizes, extensions, data terminators, trailers.
import { CR, LF, TCHAR } from './chars.js';
import type { Dialect } from './dialect.js';
import { parseChunkSize } from './framing.js';
import { fail, isBlank, isStop, needMore, readLine, type Line, type Stop } from './lines.js';

export interface ChunkedBody {
  /** Decoded data bytes. */
  dataBytes: number;
  chunks: number;
  /** Offset after the body (after the trailer section's empty line). */
  end: number;
}

const maxChunkLineBytes = 64 * 1024;
/** Bounds the work on one body (chunk floods). */
const maxChunks = 1_000_000;

export function parseChunkedBody(buf: Uint8Array, pos: number, d: Dialect): ChunkedBody | Stop {
  const lfOk = d.chunkLf === 'accept';
  let dataBytes = 0;
  for (let chunks = 0; chunks < maxChunks; chunks++) {
    const line = readLine(buf, pos, { bareCr: d.chunkExt === 'any' ? 'data' : 'reject' }, lfOk, maxChunkLineBytes);
    if (isStop(line)) return line;
    const size = parseChunkSize(buf, line.start, line.end, d);
    if (size === undefined) return fail('invalid chunk-size', line.start);
    if (d.chunkSize === 'hex' && d.chunkExt === 'grammar' && !validExtensions(buf, size.after, line.end)) return fail('invalid chunk-ext', size.after);
    if (d.chunkSize === 'hex' && d.chunkExt === 'any' && size.after < line.end && !isExtensionStart(buf[size.after])) {
      return fail('garbage after chunk-size', size.after);
    }
    pos = line.next;
    if (size.size === 0) {
      const end = skipTrailers(buf, pos, d);
      return isStop(end) ? end : { dataBytes, chunks, end };
    }
    if (buf.length < pos + size.size) return needMore;
    pos += size.size;
    dataBytes += size.size;
    const after = dataTerminator(buf, pos, d);
    if (isStop(after)) return after;
    pos = after;
  }
  return fail('too many chunks', pos);
}

function dataTerminator(buf: Uint8Array, pos: number, d: Dialect): number | Stop {
  if (d.chunkDataEnd === 'skip-two') return buf.length < pos + 2 ? needMore : pos + 2;
  if (buf.length <= pos) return needMore;
  if (buf[pos] === LF && d.chunkLf === 'accept') return pos + 1;
  if (buf[pos] !== CR) return fail('chunk data not followed by CRLF', pos);
  if (buf.length <= pos + 1) return needMore;
  return buf[pos + 1] === LF ? pos + 2 : fail('chunk data not followed by CRLF', pos);
}

/** Trailer section: field lines up to an empty line; a strict dialect wants `token ":"` on each. */
function skipTrailers(buf: Uint8Array, pos: number, d: Dialect): number | Stop {
  for (let n = 0; n < 1000; n++) {
    const line: Line | Stop = readLine(buf, pos, d, d.chunkLf === 'accept', maxChunkLineBytes);
    if (isStop(line)) return line;
    if (line.end === line.start) return line.next;
    if (d.badFieldLine === 'reject' && !validTrailer(buf, line)) return fail('invalid trailer field', line.start);
    pos = line.next;
  }
  return fail('too many trailer fields', pos);
}

function validTrailer(buf: Uint8Array, line: Line): boolean {
  const colon = buf.indexOf(0x3a, line.start);
  if (colon <= line.start || colon >= line.end) return false;
  for (let i = line.start; i < colon; i++) if (TCHAR[buf[i]!] !== 1) return false;
  return true;
}

function isExtensionStart(byte: number | undefined): boolean {
  return byte === 0x3b || isBlank(byte);
}

/** chunk-ext = *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token / quoted-string. */
function validExtensions(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  const blanks = () => { while (i < end && isBlank(buf[i])) i++; };
  const token = () => { const from = i; while (i < end && TCHAR[buf[i]!] === 1) i++; return i > from; };
  while (true) {
    blanks();
    if (i === end) return true;
    if (buf[i] !== 0x3b) return false;
    i++;
    blanks();
    if (!token()) return false;
    blanks();
    if (buf[i] !== 0x3d) continue;
    i++;
    blanks();
    if (buf[i] === 0x22) {
      i++;
      while (i < end && buf[i] !== 0x22) i += buf[i] === 0x5c ? 2 : 1;
      if (i >= end) return false;
      i++;
    } else if (!token()) return false;
  }
}

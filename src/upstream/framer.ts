// Pure incremental HTTP/1.x request framer: bytes in, complete requests out (heads, Content-Length and chunked bodies, pipelining).
import { ByteAccumulator } from './byte-accumulator.js';
import { RequestFramingError } from './errors.js';
import { CR, FORBIDDEN_CTL, HTAB, LF, SEMICOLON, SP, TCHAR, hexDigitValue } from './http-chars.js';
import { parseRequestHead, type RequestHead } from './head-parser.js';

/** A complete request: its head and how many (decoded) body bytes were read and discarded. */
export type FramedRequest = RequestHead;

export type RequestSink = (request: FramedRequest) => void;

export interface FramerLimits {
  /** Largest request head (request line + fields + empty line). */
  maxHeadBytes: number;
  /** Largest chunk extension and largest trailer section. */
  maxChunkMetaBytes: number;
}

export const defaultFramerLimits: FramerLimits = { maxHeadBytes: 64 * 1024, maxChunkMetaBytes: 16 * 1024 };

const crlfcrlf = Buffer.from('\r\n\r\n', 'latin1');
/** Chunk sizes above 13 hex digits (2^52) are refused. */
const maxChunkSizeDigits = 13;
/** Empty lines tolerated before a request line (RFC 9112 §2.2). */
const maxLeadingEmptyLines = 8;

const S = {
  head: 0, lengthBody: 1, chunkSize: 2, chunkExt: 3, chunkSizeLf: 4, chunkData: 5, chunkDataCr: 6, chunkDataLf: 7,
  trailerStart: 8, trailerLine: 9, trailerLineLf: 10, trailerEndLf: 11, closed: 12, failed: 13,
} as const;
type State = (typeof S)[keyof typeof S];

export class RequestFramer {
  private state: State = S.head;
  private readonly pending = new ByteAccumulator();
  /** Bytes of `pending` already checked by the early sanity check. */
  private pendingCheckedBytes = 0;
  private leadingEmptyLines = 0;
  private current: FramedRequest | undefined;
  /** Body bytes still to skip (Content-Length body or current chunk). */
  private remainingBytes = 0;
  private chunkSizeDigits = 0;
  private metaBytes = 0;

  constructor(
    private readonly onRequest: RequestSink,
    private readonly limits: FramerLimits = defaultFramerLimits,
  ) {}

  /** True once no further request will be framed (after a non-keep-alive request or an error); later bytes are ignored. */
  get finished(): boolean {
    return this.state === S.closed || this.state === S.failed;
  }

  /** True between requests with no partial request held. */
  get atBoundary(): boolean {
    return this.state === S.head && this.pending.size === 0;
  }

  /** Feeds bytes; calls onRequest for each request completed, in order. Throws RequestFramingError (then finished). */
  push(chunk: Buffer): void {
    if (this.finished || chunk.length === 0) return;
    let buf = chunk;
    let searchFromBytes = 0;
    const resumingHead = this.pending.size > 0;
    if (resumingHead) {
      searchFromBytes = Math.max(0, this.pending.size - 3);
      this.pending.append(chunk);
      buf = this.pending.view();
    }
    try {
      this.consume(buf, searchFromBytes, resumingHead);
    } catch (error) {
      this.state = S.failed;
      this.pending.clear();
      throw error;
    }
  }

  private consume(buf: Buffer, searchFromBytes: number, inPending: boolean): void {
    let pos = 0;
    // Every step consumes at least one byte or returns, so the loop is bounded by buf.length.
    while (pos < buf.length) {
      if (this.state === S.head) {
        const next = this.stepHead(buf, pos, pos === 0 ? searchFromBytes : 0, inPending);
        if (next < 0) return;
        pos = next;
      } else if (this.state === S.lengthBody || this.state === S.chunkData) {
        pos = this.skipBody(buf, pos);
      } else if (this.state === S.closed) {
        break;
      } else {
        this.stepChunkByte(buf[pos]!, pos);
        pos++;
      }
    }
    if (inPending) {
      this.pending.clear();
      this.pendingCheckedBytes = 0;
    }
  }

  /** Frames one head starting at `pos`; returns the position after it, or -1 when more bytes are needed (kept pending). */
  private stepHead(buf: Buffer, pos: number, searchFromBytes: number, inPending: boolean): number {
    if (buf[pos] === CR && (pos + 1 === buf.length || buf[pos + 1] === LF)) {
      if (pos + 1 === buf.length) {
        if (!inPending) this.pending.append(buf.subarray(pos));
        else if (pos > 0) this.pending.dropPrefix(pos);
        return -1;
      }
      if (++this.leadingEmptyLines > maxLeadingEmptyLines) throw new RequestFramingError('too many empty lines', pos);
      return pos + 2;
    }
    const found = buf.indexOf(crlfcrlf, Math.max(pos, searchFromBytes));
    if (found === -1) {
      this.keepPartialHead(buf, pos, inPending);
      return -1;
    }
    const end = found + 4;
    if (end - pos > this.limits.maxHeadBytes) throw new RequestFramingError('request head too large', pos);
    const head = parseRequestHead(buf, pos, end);
    this.leadingEmptyLines = 0;
    this.startBody(head);
    return end;
  }

  private keepPartialHead(buf: Buffer, pos: number, inPending: boolean): void {
    if (buf.length - pos > this.limits.maxHeadBytes) throw new RequestFramingError('request head too large', pos);
    const checkFrom = inPending ? Math.max(pos, this.pendingCheckedBytes - 1) : pos;
    checkPartialHead(buf, pos, checkFrom);
    if (inPending) {
      if (pos > 0) this.pending.dropPrefix(pos);
    } else {
      this.pending.append(buf.subarray(pos));
    }
    this.pendingCheckedBytes = buf.length - pos;
  }

  private startBody(head: RequestHead): void {
    this.current = head;
    if (head.bodyKind === 'length') {
      this.remainingBytes = head.contentLength;
      this.state = S.lengthBody;
    } else if (head.bodyKind === 'chunked') {
      this.beginChunkSize();
    } else {
      this.complete();
    }
  }

  private skipBody(buf: Buffer, pos: number): number {
    const takeBytes = Math.min(this.remainingBytes, buf.length - pos);
    this.remainingBytes -= takeBytes;
    this.current!.bodyBytes += takeBytes;
    if (this.remainingBytes === 0) {
      if (this.state === S.lengthBody) this.complete();
      else this.state = S.chunkDataCr;
    }
    return pos + takeBytes;
  }

  private beginChunkSize(): void {
    this.state = S.chunkSize;
    this.remainingBytes = 0;
    this.chunkSizeDigits = 0;
  }

  /** One byte of chunk-size line, chunk CRLF or trailer section. */
  private stepChunkByte(byte: number, pos: number): void {
    switch (this.state) {
      case S.chunkSize: return this.stepChunkSize(byte, pos);
      case S.chunkExt:
        if (byte === CR) this.state = S.chunkSizeLf;
        else if ((FORBIDDEN_CTL[byte] === 1 || byte === LF) || ++this.metaBytes > this.limits.maxChunkMetaBytes) fail('bad chunk extension', pos);
        return;
      case S.chunkSizeLf:
        if (byte !== LF) fail('chunk size line not ended by CRLF', pos);
        if (this.remainingBytes > 0) this.state = S.chunkData;
        else { this.state = S.trailerStart; this.metaBytes = 0; }
        return;
      case S.chunkDataCr: return this.expect(byte, CR, S.chunkDataLf, pos);
      case S.chunkDataLf: this.expect(byte, LF, S.chunkSize, pos); return this.beginChunkSize();
      case S.trailerStart:
        if (byte === CR) this.state = S.trailerEndLf;
        else if (TCHAR[byte] === 1) this.state = S.trailerLine;
        else fail('invalid trailer field', pos);
        return this.countMeta(pos);
      case S.trailerLine:
        if (byte === CR) this.state = S.trailerLineLf;
        else if (byte === LF || FORBIDDEN_CTL[byte] === 1) fail('invalid byte in trailer field', pos);
        return this.countMeta(pos);
      case S.trailerLineLf: return this.expect(byte, LF, S.trailerStart, pos);
      case S.trailerEndLf: this.expect(byte, LF, S.head, pos); return this.complete();
      default: fail('framer in an unexpected state', pos);
    }
  }

  private stepChunkSize(byte: number, pos: number): void {
    const digit = hexDigitValue(byte);
    if (digit >= 0) {
      if (++this.chunkSizeDigits > maxChunkSizeDigits) fail('chunk size too large', pos);
      this.remainingBytes = this.remainingBytes * 16 + digit;
      return;
    }
    if (this.chunkSizeDigits === 0) fail('invalid chunk size', pos);
    if (byte === CR) this.state = S.chunkSizeLf;
    else if (byte === SEMICOLON || byte === SP || byte === HTAB) { this.state = S.chunkExt; this.metaBytes = 0; }
    else fail('invalid chunk size', pos);
  }

  private expect(byte: number, wanted: number, next: State, pos: number): void {
    if (byte !== wanted) fail(wanted === CR ? 'chunk data not followed by CRLF' : 'expected LF after CR', pos);
    this.state = next;
  }

  private countMeta(pos: number): void {
    if (++this.metaBytes > this.limits.maxChunkMetaBytes) fail('trailer section too large', pos);
  }

  private complete(): void {
    const request = this.current!;
    this.current = undefined;
    this.state = request.keepAlive ? S.head : S.closed;
    this.onRequest(request);
  }
}

function fail(reason: string, pos: number): never {
  throw new RequestFramingError(reason, pos);
}

/**
 * Early rejection of an incomplete head, so garbage (a TLS hello, binary) gets a 400 at once instead of after
 * maxHeadBytes: the method must be a token, and no control byte, bare LF or bare CR may appear.
 */
function checkPartialHead(buf: Buffer, start: number, from: number): void {
  for (let i = start; i < buf.length && i - start <= 32; i++) {
    const byte = buf[i]!;
    if (byte === SP && i > start) break;
    if (TCHAR[byte] !== 1) fail('invalid method', i);
  }
  for (let i = from; i < buf.length; i++) {
    const byte = buf[i]!;
    if (FORBIDDEN_CTL[byte] === 1) fail('control byte in request head', i);
    if (byte === LF && (i === start || buf[i - 1] !== CR)) fail('bare LF in request head', i);
    if (byte !== LF && i > start && buf[i - 1] === CR) fail('bare CR in request head', i);
  }
}

// Pure incremental HTTP/1.x request framer: bytes in, complete requests out (heads, Content-Length and chunked bodies, pipelining).
import { ByteAccumulator } from './byte-accumulator.js';
import { RequestFramingError } from './errors.js';
import { ChunkedBodyDecoder } from './chunked-decoder.js';
import { CR, FORBIDDEN_CTL, LF, SP, TCHAR } from '../http1/chars.js';
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
/** Empty lines tolerated before a request line (RFC 9112 §2.2). */
const maxLeadingEmptyLines = 8;

const S = { head: 0, lengthBody: 1, chunkedBody: 2, closed: 3, failed: 4 } as const;
type State = (typeof S)[keyof typeof S];

export class RequestFramer {
  private state: State = S.head;
  private readonly pending = new ByteAccumulator();
  /** Bytes of `pending` already checked by the early sanity check. */
  private pendingCheckedBytes = 0;
  private leadingEmptyLines = 0;
  private current: FramedRequest | undefined;
  /** Content-Length body bytes still to skip. */
  private remainingBytes = 0;
  private chunked: ChunkedBodyDecoder | undefined;

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
      } else if (this.state === S.lengthBody) {
        pos = this.skipLengthBody(buf, pos);
      } else if (this.state === S.chunkedBody) {
        pos = this.chunked!.consume(buf, pos);
        if (this.chunked!.done) {
          this.current!.bodyBytes = this.chunked!.dataBytes;
          this.chunked = undefined;
          this.complete();
        }
      } else {
        break;
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
        this.pendingCheckedBytes = 0;
        return -1;
      }
      if (++this.leadingEmptyLines > maxLeadingEmptyLines) throw new RequestFramingError('too many empty lines', pos);
      return pos + 2;
    }
    // Fresh bytes are parsed in one pass; a head resumed from pending bytes is parsed once its end has arrived.
    let limit = buf.length;
    if (inPending) {
      const found = buf.indexOf(crlfcrlf, Math.max(pos, searchFromBytes));
      limit = found === -1 ? pos : found + 4;
    }
    const head = limit > pos ? parseRequestHead(buf, pos, Math.min(limit, pos + this.limits.maxHeadBytes)) : undefined;
    if (head === undefined) {
      this.keepPartialHead(buf, pos, inPending);
      return -1;
    }
    this.leadingEmptyLines = 0;
    this.startBody(head);
    return pos + head.headBytes;
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
      this.chunked = new ChunkedBodyDecoder(this.limits.maxChunkMetaBytes);
      this.state = S.chunkedBody;
    } else {
      this.complete();
    }
  }

  private skipLengthBody(buf: Buffer, pos: number): number {
    const takeBytes = Math.min(this.remainingBytes, buf.length - pos);
    this.remainingBytes -= takeBytes;
    this.current!.bodyBytes += takeBytes;
    if (this.remainingBytes === 0) this.complete();
    return pos + takeBytes;
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

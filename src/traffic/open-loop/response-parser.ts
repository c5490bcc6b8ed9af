// Incremental HTTP/1.1 response parser (pure): status line, headers, Content-Length, chunked and close-delimited bodies.
import { parseHead, type Head } from './response-head.js';

export interface ParsedResponse {
  statusCode: number;
  /** False when the connection cannot carry another request (Connection: close, HTTP/1.0, close-delimited body). */
  keepAlive: boolean;
  /** Body bytes (chunk framing excluded). */
  bodyBytes: number;
}

export type FeedResult =
  | { kind: 'more' }
  /** `extraBytes`: bytes of the fed chunk after the end of this response (unsolicited with one request in flight). */
  | { kind: 'complete'; response: ParsedResponse; extraBytes: number }
  | { kind: 'error'; reason: string };

type Phase =
  | 'head' | 'length' | 'close' | 'done' | 'failed'
  | 'chunkSize' | 'chunkExt' | 'chunkSizeLf' | 'chunkData' | 'chunkDataCr' | 'chunkDataLf' | 'trailer' | 'trailerLf';

const maxHeadBytes = 64 * 1024;
const maxLineBytes = 8 * 1024;
const maxChunkSizeDigits = 12;
const CR = 13;
const LF = 10;
const MORE: FeedResult = Object.freeze({ kind: 'more' });

/** Heads up to this size are remembered (knownHead); larger ones are parsed every time. */
const maxKnownHeadBytes = 512;

/** 1xx other than 101 Switching Protocols: an interim response, the final head follows. */
function isInterim(statusCode: number): boolean {
  return statusCode >= 100 && statusCode < 200 && statusCode !== 101;
}

/** Whether buf[at, at + length) (within buf[0, end)) equals prefix[0, length). */
function startsWith(buf: Uint8Array, at: number, end: number, prefix: Uint8Array, length: number): boolean {
  if (end - at < length) return false;
  for (let i = 0; i < length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** Where the first CRLF CRLF in buf[from, end) starts, or -1. */
function headEndIn(buf: Uint8Array, from: number, end: number): number {
  for (let i = from + 3; i < end; i++) {
    if (buf[i] === LF && buf[i - 1] === CR && buf[i - 2] === LF && buf[i - 3] === CR) return i - 3;
  }
  return -1;
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

/**
 * One response at a time; call reset() before the next one. Keeps no reference to a fed chunk after feed(), so a
 * caller may feed its one read buffer (with the length read) again and again.
 */
export class ResponseParser {
  private phase: Phase = 'head';
  /** The start of a head that spans reads (a copy: the caller may reuse its chunk), or undefined. */
  private partialHead: Buffer | undefined;
  private statusCode = 0;
  private keepAlive = true;
  private bodyBytes = 0;
  private remaining = 0;
  private sizeDigits = 0;
  private lineBytes = 0;
  private started = false;
  /** The last head parsed (filled in place). */
  private readonly head: Head = { statusCode: 0, keepAlive: true, bodyMode: 'none', contentLength: 0 };
  /**
   * The last final head parsed, byte for byte with its CRLF CRLF, and what it said: a server sends the same head again
   * and again (nginx's differs once a second, in Date), and the same bytes parse the same, so a repeat is not parsed.
   */
  private readonly knownHead = Buffer.allocUnsafe(maxKnownHeadBytes);
  private knownHeadBytes = 0;
  private readonly known: Head = { statusCode: 0, keepAlive: true, bodyMode: 'none', contentLength: 0 };

  reset(): void {
    this.phase = 'head';
    this.partialHead = undefined;
    this.bodyBytes = 0;
    this.started = false;
  }

  /** True once any byte of the current response has arrived. */
  hasStarted(): boolean {
    return this.started;
  }

  /** Feeds chunk[0, end): the whole chunk unless told. */
  feed(chunk: Uint8Array, end = chunk.length): FeedResult {
    if (this.phase === 'done' || this.phase === 'failed') return this.fail('data after the end of the response');
    if (end > 0) this.started = true;
    let offset = 0;
    while (this.phase === 'head') {
      const bodyStart = this.findHeadEnd(chunk, offset, end);
      if (typeof bodyStart === 'string') return this.fail(bodyStart);
      if (bodyStart < 0) return MORE;
      offset = bodyStart;
    }
    return this.feedBody(chunk, offset, end);
  }

  /** The peer closed the connection: completes a close-delimited body; undefined when the response is cut short. */
  finish(): ParsedResponse | undefined {
    if (this.phase !== 'close') return undefined;
    this.phase = 'done';
    return this.response();
  }

  private fail(reason: string): FeedResult {
    this.phase = 'failed';
    return { kind: 'error', reason };
  }

  private response(): ParsedResponse {
    return { statusCode: this.statusCode, keepAlive: this.keepAlive, bodyBytes: this.bodyBytes };
  }

  /** Returns the offset in `chunk` where the body starts, -1 when the head is not complete yet, or a reason. */
  private findHeadEnd(chunk: Uint8Array, offset: number, chunkEnd: number): number | string {
    const prev = this.partialHead;
    if (prev === undefined && this.knownHeadBytes > 0 && startsWith(chunk, offset, chunkEnd, this.knownHead, this.knownHeadBytes)) {
      return this.startBody(this.known, offset + this.knownHeadBytes);
    }
    const prevBytes = prev === undefined ? 0 : prev.length;
    // The head so far: in the chunk itself from `offset`, or after the part an earlier read left.
    const joined = prev === undefined ? chunk : Buffer.concat([prev, chunk.subarray(offset, chunkEnd)]);
    const joinedEnd = prev === undefined ? chunkEnd : joined.length;
    const headStart = prev === undefined ? offset : 0;
    const end = headEndIn(joined, headStart + Math.max(0, prevBytes - 3), joinedEnd);
    if (end < 0) {
      if (joinedEnd - headStart > maxHeadBytes) return `response head larger than ${maxHeadBytes} bytes`;
      this.partialHead = prev === undefined ? Buffer.from(chunk.subarray(offset, chunkEnd)) : (joined as Buffer);
      return -1;
    }
    const head = this.head;
    const problem = parseHead(joined, headStart, end, head);
    if (problem !== undefined) return problem;
    this.partialHead = undefined;
    const bodyStart = prev === undefined ? end + 4 : offset + end + 4 - prevBytes;
    if (isInterim(head.statusCode)) return bodyStart; // the final head follows
    this.knownHeadBytes = 0;
    if (end + 4 - headStart <= maxKnownHeadBytes) {
      this.knownHead.set(joined.subarray(headStart, end + 4));
      this.knownHeadBytes = end + 4 - headStart;
      Object.assign(this.known, head);
    }
    return this.startBody(head, bodyStart);
  }

  /** After the final head: how the body is framed. */
  private startBody(head: Head, bodyStart: number): number {
    this.statusCode = head.statusCode;
    this.keepAlive = head.keepAlive;
    if (head.bodyMode === 'none') this.phase = 'done';
    else if (head.bodyMode === 'length') {
      this.remaining = head.contentLength;
      this.phase = head.contentLength === 0 ? 'done' : 'length';
    } else if (head.bodyMode === 'chunked') this.startChunkLine('chunkSize');
    else this.phase = 'close';
    return bodyStart;
  }

  private startChunkLine(phase: 'chunkSize' | 'trailer'): void {
    this.phase = phase;
    this.remaining = 0;
    this.sizeDigits = 0;
    this.lineBytes = 0;
  }

  private feedBody(chunk: Uint8Array, start: number, end: number): FeedResult {
    let p = start;
    while (p < end && this.phase !== 'done') {
      if (this.phase === 'length' || this.phase === 'chunkData' || this.phase === 'close') {
        const n = this.phase === 'close' ? end - p : Math.min(this.remaining, end - p);
        this.bodyBytes += n;
        if (this.phase !== 'close') this.remaining -= n;
        p += n;
        if (this.remaining === 0 && this.phase === 'length') this.phase = 'done';
        if (this.remaining === 0 && this.phase === 'chunkData') this.phase = 'chunkDataCr';
        continue;
      }
      const reason = this.chunkFramingByte(chunk[p]!);
      if (reason !== undefined) return this.fail(reason);
      p += 1;
    }
    if (this.phase !== 'done') return MORE;
    return { kind: 'complete', response: this.response(), extraBytes: end - p };
  }

  /** Advances the chunked-encoding state machine by one framing byte; returns a reason when malformed. */
  private chunkFramingByte(byte: number): string | undefined {
    if (++this.lineBytes > maxLineBytes) return 'chunk framing line too long';
    switch (this.phase) {
      case 'chunkSize': {
        const v = hexValue(byte);
        if (v >= 0) {
          if (++this.sizeDigits > maxChunkSizeDigits) return 'chunk size too large';
          this.remaining = this.remaining * 16 + v;
          return undefined;
        }
        if (this.sizeDigits === 0) return 'missing chunk size';
        if (byte === CR) this.phase = 'chunkSizeLf';
        else if (byte === 0x3b || byte === 0x20 || byte === 0x09) this.phase = 'chunkExt';
        else return 'bad chunk size';
        return undefined;
      }
      case 'chunkExt':
        if (byte === CR) this.phase = 'chunkSizeLf';
        return undefined;
      case 'chunkSizeLf':
        if (byte !== LF) return 'expected LF after chunk size';
        if (this.remaining === 0) this.startChunkLine('trailer');
        else this.phase = 'chunkData';
        return undefined;
      case 'chunkDataCr':
        if (byte !== CR) return 'expected CR after chunk data';
        this.phase = 'chunkDataLf';
        return undefined;
      case 'chunkDataLf':
        if (byte !== LF) return 'expected LF after chunk data';
        this.startChunkLine('chunkSize');
        return undefined;
      case 'trailer':
        if (byte === CR) this.phase = 'trailerLf';
        return undefined;
      case 'trailerLf':
        if (byte !== LF) return 'expected LF in trailer';
        if (this.lineBytes === 2) this.phase = 'done';
        else this.startChunkLine('trailer');
        return undefined;
      default:
        return `unexpected parser phase ${this.phase}`;
    }
  }
}

// Incremental HTTP/1.1 response parser (pure): status line, headers, Content-Length, chunked and close-delimited bodies.
import { parseHead } from './response-head.js';

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
const headEnd = Buffer.from('\r\n\r\n', 'latin1');
const CR = 13;
const LF = 10;
const MORE: FeedResult = Object.freeze({ kind: 'more' });

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  if (byte >= 97 && byte <= 102) return byte - 87;
  if (byte >= 65 && byte <= 70) return byte - 55;
  return -1;
}

/** One response at a time; call reset() before the next one. Keeps no reference to a fed chunk after feed(). */
export class ResponseParser {
  private phase: Phase = 'head';
  private headParts: Buffer[] = [];
  private headBytes = 0;
  private statusCode = 0;
  private keepAlive = true;
  private bodyBytes = 0;
  private remaining = 0;
  private sizeDigits = 0;
  private lineBytes = 0;
  private started = false;

  reset(): void {
    this.phase = 'head';
    this.headParts = [];
    this.headBytes = 0;
    this.bodyBytes = 0;
    this.started = false;
  }

  /** True once any byte of the current response has arrived. */
  hasStarted(): boolean {
    return this.started;
  }

  feed(chunk: Buffer): FeedResult {
    if (this.phase === 'done' || this.phase === 'failed') return this.fail('data after the end of the response');
    if (chunk.length > 0) this.started = true;
    let offset = 0;
    while (this.phase === 'head') {
      const bodyStart = this.findHeadEnd(chunk, offset);
      if (typeof bodyStart === 'string') return this.fail(bodyStart);
      if (bodyStart < 0) return MORE;
      offset = bodyStart;
    }
    return this.feedBody(chunk, offset);
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
  private findHeadEnd(chunk: Buffer, offset: number): number | string {
    const prevBytes = this.headBytes;
    const rest = offset === 0 ? chunk : chunk.subarray(offset);
    const joined = prevBytes === 0 ? rest : Buffer.concat([...this.headParts, rest]);
    const end = joined.indexOf(headEnd, Math.max(0, prevBytes - 3));
    if (end < 0) {
      if (joined.length > maxHeadBytes) return `response head larger than ${maxHeadBytes} bytes`;
      this.headParts = [prevBytes === 0 ? Buffer.from(joined) : joined]; // a copy: the caller may reuse `chunk`
      this.headBytes = joined.length;
      return -1;
    }
    const head = parseHead(joined.toString('latin1', 0, end));
    if (typeof head === 'string') return head;
    this.headParts = [];
    this.headBytes = 0;
    const bodyStart = offset + end + 4 - prevBytes;
    if (head.statusCode >= 100 && head.statusCode < 200 && head.statusCode !== 101) return bodyStart; // interim: next head
    this.statusCode = head.statusCode;
    this.keepAlive = head.keepAlive;
    if (head.body.mode === 'none') this.phase = 'done';
    else if (head.body.mode === 'length') {
      this.remaining = head.body.bytes;
      this.phase = head.body.bytes === 0 ? 'done' : 'length';
    } else if (head.body.mode === 'chunked') this.startChunkLine('chunkSize');
    else this.phase = 'close';
    return bodyStart;
  }

  private startChunkLine(phase: 'chunkSize' | 'trailer'): void {
    this.phase = phase;
    this.remaining = 0;
    this.sizeDigits = 0;
    this.lineBytes = 0;
  }

  private feedBody(chunk: Buffer, start: number): FeedResult {
    let p = start;
    while (p < chunk.length && this.phase !== 'done') {
      if (this.phase === 'length' || this.phase === 'chunkData' || this.phase === 'close') {
        const n = this.phase === 'close' ? chunk.length - p : Math.min(this.remaining, chunk.length - p);
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
    return { kind: 'complete', response: this.response(), extraBytes: chunk.length - p };
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

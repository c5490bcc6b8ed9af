// Pure incremental decoder of one chunked request body (sizes, extensions, data, trailers), discarding the data.
import { RequestFramingError } from './errors.js';
import { CR, FORBIDDEN_CTL, HTAB, LF, SEMICOLON, SP, TCHAR, hexDigitValue } from '../http1/chars.js';

/** Chunk sizes above 13 hex digits (2^52) are refused. */
const maxChunkSizeDigits = 13;

const C = {
  size: 0, ext: 1, sizeLf: 2, data: 3, dataCr: 4, dataLf: 5, trailerStart: 6, trailerLine: 7, trailerLineLf: 8, trailerEndLf: 9,
  done: 10,
} as const;
type ChunkState = (typeof C)[keyof typeof C];

export class ChunkedBodyDecoder {
  private state: ChunkState = C.size;
  private remainingBytes = 0;
  private sizeDigits = 0;
  private metaBytes = 0;
  /** Decoded data bytes so far. */
  dataBytes = 0;

  /** @param maxMetaBytes largest chunk extension and largest trailer section */
  constructor(private readonly maxMetaBytes: number) {}

  get done(): boolean {
    return this.state === C.done;
  }

  /** Consumes bytes from `pos` until the body ends or the buffer does; returns the position reached. Throws RequestFramingError. */
  consume(buf: Buffer, pos: number): number {
    while (pos < buf.length && this.state !== C.done) {
      if (this.state === C.data) {
        const takeBytes = Math.min(this.remainingBytes, buf.length - pos);
        this.remainingBytes -= takeBytes;
        this.dataBytes += takeBytes;
        pos += takeBytes;
        if (this.remainingBytes === 0) this.state = C.dataCr;
      } else {
        this.step(buf[pos]!, pos);
        pos++;
      }
    }
    return pos;
  }

  private step(byte: number, pos: number): void {
    switch (this.state) {
      case C.size: return this.stepSize(byte, pos);
      case C.ext:
        if (byte === CR) this.state = C.sizeLf;
        else if (FORBIDDEN_CTL[byte] === 1 || byte === LF) fail('bad chunk extension', pos);
        return this.countMeta(pos);
      case C.sizeLf:
        this.expect(byte, LF, this.remainingBytes > 0 ? C.data : C.trailerStart, pos);
        this.metaBytes = 0;
        return;
      case C.dataCr: return this.expect(byte, CR, C.dataLf, pos);
      case C.dataLf:
        this.expect(byte, LF, C.size, pos);
        this.sizeDigits = 0;
        return;
      case C.trailerStart:
        if (byte === CR) this.state = C.trailerEndLf;
        else if (TCHAR[byte] === 1) this.state = C.trailerLine;
        else fail('invalid trailer field', pos);
        return this.countMeta(pos);
      case C.trailerLine:
        if (byte === CR) this.state = C.trailerLineLf;
        else if (byte === LF || FORBIDDEN_CTL[byte] === 1) fail('invalid byte in trailer field', pos);
        return this.countMeta(pos);
      case C.trailerLineLf: return this.expect(byte, LF, C.trailerStart, pos);
      case C.trailerEndLf: return this.expect(byte, LF, C.done, pos);
      default: fail('chunked decoder in an unexpected state', pos);
    }
  }

  private stepSize(byte: number, pos: number): void {
    const digit = hexDigitValue(byte);
    if (digit >= 0) {
      if (++this.sizeDigits > maxChunkSizeDigits) fail('chunk size too large', pos);
      this.remainingBytes = this.remainingBytes * 16 + digit;
      return;
    }
    if (this.sizeDigits === 0) fail('invalid chunk size', pos);
    if (byte === CR) this.state = C.sizeLf;
    else if (byte === SEMICOLON || byte === SP || byte === HTAB) this.state = C.ext;
    else fail('invalid chunk size', pos);
  }

  private expect(byte: number, wanted: number, next: ChunkState, pos: number): void {
    if (byte !== wanted) fail(wanted === CR ? 'chunk data not followed by CRLF' : 'expected LF after CR', pos);
    this.state = next;
  }

  private countMeta(pos: number): void {
    if (++this.metaBytes > this.maxMetaBytes) fail('chunk extension or trailer section too large', pos);
  }
}

function fail(reason: string, pos: number): never {
  throw new RequestFramingError(reason, pos);
}

// Typed errors of the upstream server: a request whose bytes do not frame as HTTP/1.1.
import { BenchError } from '../shared/errors.js';

/** The bytes received are not a valid HTTP/1.x request; the connection gets a 400 and is closed. */
export class RequestFramingError extends BenchError {
  /** Byte offset inside the chunk (or pending head) where the problem was seen; -1 when unknown. */
  readonly offset: number;
  constructor(reason: string, offset = -1) {
    super('MALFORMED_REQUEST', reason, { hint: 'the client or proxy sent bytes that are not an HTTP/1.x request' });
    this.offset = offset;
  }
}

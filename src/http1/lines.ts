// Pure: reads one line of an HTTP/1.1 head or chunk framing under a dialect's line-ending rules.
import { CR, HTAB, LF, SP } from './chars.js';
import type { Dialect } from './dialect.js';

/** A line [start, end) without its terminator; `next` is the offset after the terminator. */
export interface Line {
  start: number;
  end: number;
  next: number;
}

/** Why parsing stopped: more bytes are needed, or the bytes are invalid here. */
export type Stop = { kind: 'incomplete' } | { kind: 'error'; reason: string; offset: number };

export const needMore: Stop = Object.freeze({ kind: 'incomplete' });
export const fail = (reason: string, offset: number): Stop => ({ kind: 'error', reason, offset });

export const isStop = (v: unknown): v is Stop =>
  typeof v === 'object' && v !== null && 'kind' in v && (v.kind === 'incomplete' || v.kind === 'error');

/**
 * The line starting at `pos`: ended by CRLF, or by a bare LF when `lfOk`. A CR not followed by LF is an
 * error when the dialect rejects bare CR, else it stays in the line as data.
 */
export function readLine(buf: Uint8Array, pos: number, d: Pick<Dialect, 'bareCr'>, lfOk: boolean, limit: number): Line | Stop {
  const lf = buf.indexOf(LF, pos);
  const scanEnd = lf === -1 ? buf.length : lf;
  if (d.bareCr === 'reject') {
    for (let i = pos; i < scanEnd; i++) {
      if (buf[i] === CR && i + 1 < buf.length && buf[i + 1] !== LF) return fail('bare CR', i);
    }
  }
  if (lf === -1) return scanEnd - pos > limit ? fail('line too long', pos) : needMore;
  if (lf - pos > limit) return fail('line too long', pos);
  if (lf > pos && buf[lf - 1] === CR) return { start: pos, end: lf - 1, next: lf + 1 };
  if (!lfOk) return fail('bare LF', lf);
  return { start: pos, end: lf, next: lf + 1 };
}

export const latin1 = (buf: Uint8Array, start: number, end: number): string => Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('latin1');

export function isBlank(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB;
}

/** [start, end) without leading and trailing SP/HTAB. */
export function trimBlanks(buf: Uint8Array, start: number, end: number): [number, number] {
  while (start < end && isBlank(buf[start])) start++;
  while (end > start && isBlank(buf[end - 1])) end--;
  return [start, end];
}

// Pure: frames a byte stream into requests under a dialect — one request (for the oracle's live framing) or all of them.
import { parseChunkedBody } from './chunked.js';
import type { Dialect } from './dialect.js';
import { decideFraming, type Framing } from './framing.js';
import { parseHead, type Field, type ParsedHead } from './head.js';
import { isStop, type Stop } from './lines.js';

export interface ParsedRequest {
  method: string;
  target: string;
  version: string;
  fields: Field[];
  framing: Framing['kind'];
  /** Decoded body bytes. */
  bodyBytes: number;
  start: number;
  headEnd: number;
  end: number;
  /** False after `Connection: close` or an HTTP/1.0 request without keep-alive: later bytes are not requests. */
  keepAlive: boolean;
}

/** One request: complete, or stopped; `head` is set when the head is complete but the body is not (or is invalid). */
export type ParseOne =
  | { kind: 'request'; request: ParsedRequest }
  | { kind: 'incomplete'; head?: ParsedHead; framing?: Framing }
  | { kind: 'error'; reason: string; offset: number; head?: ParsedHead };

export function parseOne(buf: Uint8Array, pos: number, d: Dialect): ParseOne {
  const head = parseHead(buf, pos, d);
  if (isStop(head)) return head;
  const hosts = head.fields.filter((f) => f.name.toLowerCase() === 'host').length;
  if (d.host === 'require-one' && head.version === '1.1' && hosts !== 1) return { kind: 'error', reason: `${hosts} Host fields`, offset: head.start, head };
  const framing = decideFraming(head, d);
  if (isStop(framing)) return { ...framing, head } as ParseOne;
  const base = { method: head.method, target: head.target, version: head.version, fields: head.fields, start: head.start, headEnd: head.end, keepAlive: keepAlive(head) };
  if (framing.kind === 'none') return { kind: 'request', request: { ...base, framing: 'none', bodyBytes: 0, end: head.end } };
  if (framing.kind === 'length') {
    if (buf.length - head.end < framing.bytes) return { kind: 'incomplete', head, framing };
    return { kind: 'request', request: { ...base, framing: 'length', bodyBytes: framing.bytes, end: head.end + framing.bytes } };
  }
  const body = parseChunkedBody(buf, head.end, d);
  if (isStop(body)) return withHead(body, head, framing);
  return { kind: 'request', request: { ...base, framing: 'chunked', bodyBytes: body.dataBytes, end: body.end } };
}

function withHead(stop: Stop, head: ParsedHead, framing: Framing): ParseOne {
  return stop.kind === 'incomplete' ? { kind: 'incomplete', head, framing } : { ...stop, head };
}

function keepAlive(head: ParsedHead): boolean {
  const tokens = head.fields
    .filter((f) => f.name.toLowerCase() === 'connection')
    .flatMap((f) => f.value.toLowerCase().split(','))
    .map((t) => t.trim());
  if (tokens.includes('close')) return false;
  return head.version === '1.1' || tokens.includes('keep-alive');
}

export interface StreamParse {
  dialect: string;
  requests: ParsedRequest[];
  /** How the stream ends: every byte framed, a partial request left, an error, or bytes after a closing request. */
  end: 'complete' | 'incomplete' | 'error' | 'after-close';
  error?: { reason: string; offset: number };
  /** Bytes not framed into a request. */
  leftoverBytes: number;
}

/** Frames every request of a stream in order until its bytes run out or an error. */
export function parseStream(buf: Uint8Array, d: Dialect): StreamParse {
  const requests: ParsedRequest[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const one = parseOne(buf, pos, d);
    if (one.kind === 'incomplete') return { dialect: d.name, requests, end: 'incomplete', leftoverBytes: buf.length - pos };
    if (one.kind === 'error') return { dialect: d.name, requests, end: 'error', error: { reason: one.reason, offset: one.offset }, leftoverBytes: buf.length - pos };
    requests.push(one.request);
    pos = one.request.end;
    if (!one.request.keepAlive && pos < buf.length) return { dialect: d.name, requests, end: 'after-close', leftoverBytes: buf.length - pos };
  }
  return { dialect: d.name, requests, end: 'complete', leftoverBytes: 0 };
}

/** A stable one-line summary of a parse, for comparing parsers and for evidence. */
export function describeParse(p: StreamParse): string {
  const requests = p.requests.map((r) => `${r.method} ${r.target} ${r.framing}:${r.bodyBytes}`).join(' | ');
  const tail = p.end === 'complete' ? '' : p.end === 'error' ? ` ! ${p.error!.reason}` : ` … ${p.end} (${p.leftoverBytes} B)`;
  return `${p.requests.length} req${requests ? `: ${requests}` : ''}${tail}`;
}

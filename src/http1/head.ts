// Pure: parses one request head (request line + field lines) under a dialect; no framing decisions here.
import { CR, FORBIDDEN_CTL, SP, TCHAR, TARGET_CHAR } from './chars.js';
import type { Dialect } from './dialect.js';
import { fail, isBlank, isStop, latin1, readLine, trimBlanks, type Line, type Stop } from './lines.js';

export interface Field {
  name: string;
  value: string;
}

export interface ParsedHead {
  method: string;
  target: string;
  /** '1.0' or '1.1'. */
  version: string;
  fields: Field[];
  /** Offset of the request line's first byte (after tolerated leading empty lines). */
  start: number;
  /** Offset after the empty line that ends the head. */
  end: number;
}

/** Largest head any dialect reads (the size probes send up to 64 KiB of fields). */
export const maxHeadBytes = 1024 * 1024;
const maxLeadingEmptyLines = 8;

export function parseHead(buf: Uint8Array, pos: number, d: Dialect): ParsedHead | Stop {
  let line = readLine(buf, pos, d, d.bareLf === 'accept', maxHeadBytes);
  for (let empty = 0; !isStop(line) && line.end === line.start; empty++) {
    if (empty >= maxLeadingEmptyLines) return fail('too many empty lines', pos);
    line = readLine(buf, line.next, d, d.bareLf === 'accept', maxHeadBytes);
  }
  if (isStop(line)) return line;
  const start = line.start;
  const requestLine = parseRequestLine(buf, line, d);
  if (isStop(requestLine)) return requestLine;
  const fields: Field[] = [];
  let at = line.next;
  for (let first = true; ; first = false) {
    if (at - start > maxHeadBytes) return fail('head too large', start);
    const next = readLine(buf, at, d, d.bareLf === 'accept', maxHeadBytes);
    if (isStop(next)) return next;
    if (next.end === next.start) return { ...requestLine, fields, start, end: next.next };
    const problem = addFieldLine(buf, next, d, fields, first);
    if (problem) return problem;
    at = next.next;
  }
}

function parseRequestLine(buf: Uint8Array, line: Line, d: Dialect): Pick<ParsedHead, 'method' | 'target' | 'version'> | Stop {
  const parts = d.requestLine === 'strict' ? splitStrict(buf, line) : splitLenient(buf, line);
  if (parts.length !== 3) return fail(`request line has ${parts.length} parts`, line.start);
  const [[ms, me], [ts, te], [vs, ve]] = parts as [[number, number], [number, number], [number, number]];
  const version = latin1(buf, vs, ve);
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return fail(`bad version ${JSON.stringify(version)}`, vs);
  if (d.requestLine === 'strict') {
    for (let i = ms; i < me; i++) if (TCHAR[buf[i]!] !== 1) return fail('method is not a token', i);
    for (let i = ts; i < te; i++) {
      if (TARGET_CHAR[buf[i]!] !== 1 || buf[i] === 0x23) return fail('bad byte in request target', i);
    }
  }
  return { method: latin1(buf, ms, me), target: latin1(buf, ts, te), version: version.slice(5) };
}

/** Split on single SPs; an empty part (two SPs) makes the count wrong. */
function splitStrict(buf: Uint8Array, line: Line): [number, number][] {
  const parts: [number, number][] = [];
  let from = line.start;
  for (let i = line.start; i <= line.end; i++) {
    if (i === line.end || buf[i] === SP) {
      parts.push([from, i]);
      from = i + 1;
    }
  }
  return parts.some(([s, e]) => e === s) ? [] : parts;
}

function splitLenient(buf: Uint8Array, line: Line): [number, number][] {
  const parts: [number, number][] = [];
  let i = line.start;
  while (i < line.end) {
    while (i < line.end && isBlank(buf[i])) i++;
    const from = i;
    while (i < line.end && !isBlank(buf[i])) i++;
    if (i > from) parts.push([from, i]);
  }
  return parts;
}

/** Adds one field line (or unfolds it into the previous one); returns a Stop when the dialect rejects it. */
function addFieldLine(buf: Uint8Array, line: Line, d: Dialect, fields: Field[], first: boolean): Stop | undefined {
  if (isBlank(buf[line.start])) {
    if (d.obsFold === 'reject') return fail(first ? 'whitespace before the first field' : 'obs-fold', line.start);
    if (first) return undefined; // RFC 9112 §2.2: consumed without further processing
    const [vs, ve] = trimBlanks(buf, line.start, line.end);
    const last = fields[fields.length - 1]!;
    last.value = `${last.value} ${latin1(buf, vs, ve)}`;
    return undefined;
  }
  const colon = buf.indexOf(0x3a, line.start);
  if (colon === -1 || colon >= line.end || colon === line.start) {
    return d.badFieldLine === 'reject' ? fail('field line without a name or colon', line.start) : undefined;
  }
  let nameEnd = colon;
  if (isBlank(buf[nameEnd - 1])) {
    if (d.spaceBeforeColon === 'reject') return fail('whitespace before colon', nameEnd - 1);
    while (nameEnd > line.start && isBlank(buf[nameEnd - 1])) nameEnd--;
  }
  for (let i = line.start; i < nameEnd; i++) {
    if (TCHAR[buf[i]!] !== 1 && d.badFieldLine === 'reject') return fail('field name is not a token', i);
  }
  const [vs, ve] = trimBlanks(buf, colon + 1, line.end);
  if (d.ctlInValue === 'reject') {
    for (let i = vs; i < ve; i++) if (FORBIDDEN_CTL[buf[i]!] === 1 || buf[i] === CR) return fail('control byte in field value', i);
  }
  fields.push({ name: latin1(buf, line.start, nameEnd), value: latin1(buf, vs, ve) });
  return undefined;
}


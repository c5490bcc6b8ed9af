// HPACK (RFC 7541): exact-byte encoding for the raw client (attacks and probes need bytes a library would refuse), decoding by hpack.js.
import { createRequire } from 'node:module';

/** A header field as sent: name and value bytes, in latin1 (any byte, including CR, LF, NUL and upper case). */
export type HeaderField = readonly [name: string, value: string];

/** An HPACK integer with an N-bit prefix (RFC 7541 §5.1); `high` holds the pattern bits above the prefix. */
export function encodeInteger(value: number, prefixBits: number, high: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (value < max) return Buffer.from([high | value]);
  const bytes = [high | max];
  let rest = value - max;
  while (rest >= 128) {
    bytes.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  bytes.push(rest);
  return Buffer.from(bytes);
}

/** A string literal without Huffman coding (RFC 7541 §5.2). */
export function encodeString(text: string): Buffer {
  const bytes = Buffer.from(text, 'latin1');
  return Buffer.concat([encodeInteger(bytes.length, 7, 0), bytes]);
}

/** Indexed field (§6.1): one byte for indices below 127 (the static table's 1-61, the dynamic table from 62). */
export const indexed = (index: number) => encodeInteger(index, 7, 0x80);

/** Literal with a literal name, without indexing (§6.2.2): the proxy's dynamic table is never touched. */
export const literal = ([name, value]: HeaderField) => Buffer.concat([Buffer.from([0x00]), encodeString(name), encodeString(value)]);

/** Literal with a literal name and incremental indexing (§6.2.1): the field enters the peer's dynamic table (index 62). */
export const literalIndexed = ([name, value]: HeaderField) => Buffer.concat([Buffer.from([0x40]), encodeString(name), encodeString(value)]);

/** Static-table indices the raw client uses (RFC 7541 Appendix A). */
export const Static = { authority: 1, methodGet: 2, methodPost: 3, pathRoot: 4, schemeHttp: 6, schemeHttps: 7 } as const;

/** A header block of literal fields, in the order given: no table state, every byte as written. */
export const encodeBlock = (fields: readonly HeaderField[]) => Buffer.concat(fields.map(literal));

/** A request's block: `:method`, `:scheme`, `:path`, `:authority` (in that order), then `extra` fields, all literal. */
export function requestBlock(req: { method?: string; scheme: 'http' | 'https'; path: string; authority: string; extra?: readonly HeaderField[] }): Buffer {
  return encodeBlock([[':method', req.method ?? 'GET'], [':scheme', req.scheme], [':path', req.path], [':authority', req.authority], ...(req.extra ?? [])]);
}

interface HpackDecompressor {
  write(chunk: Buffer): void;
  execute(): void;
  read(): { name: string; value: string } | null;
}
/** hpack.js's table limit is `maxSize`: without it the table never evicts (it grows by every indexed field, forever). */
const hpack = createRequire(import.meta.url)('hpack.js') as { decompressor: { create(o: { table: { maxSize: number } }): HpackDecompressor } };

/**
 * Whether decoding `block` may change the decoder's dynamic table (RFC 7541 §6): a literal with incremental indexing
 * (01xxxxxx) or a table size update (001xxxxx) anywhere in it. Indexed fields and literals without indexing or never
 * indexed leave it as it was. A block it cannot walk (truncated) counts as changing: it is never reused.
 */
export function blockChangesTable(block: Uint8Array): boolean {
  let at = 0;
  const skipInteger = (prefixBits: number): number | undefined => {
    const max = (1 << prefixBits) - 1;
    let value = block[at++]! & max;
    if (value < max) return value;
    for (let shift = 0; ; shift += 7) {
      if (at >= block.length || shift > 28) return undefined;
      const byte = block[at++]!;
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  const skipString = (): boolean => {
    if (at >= block.length) return false;
    const length = skipInteger(7);
    if (length === undefined || at + length > block.length) return false;
    at += length;
    return true;
  };
  while (at < block.length) {
    const first = block[at]!;
    if (first & 0x80) {
      if (skipInteger(7) === undefined) return true;
    } else if (first & 0xe0) {
      return true; // 01xxxxxx: indexed into the table; 001xxxxx: a size update
    } else {
      const nameIndex = skipInteger(4); // 0000xxxx without indexing, 0001xxxx never indexed
      if (nameIndex === undefined || (nameIndex === 0 && !skipString()) || !skipString()) return true;
    }
  }
  return false;
}

/**
 * One connection's response decoder (its dynamic table lives as long as the connection). Throws on a block it cannot
 * decode (the connection is then unusable: RFC 9113 §4.3 makes that a connection error).
 *
 * A block byte for byte the same as the previous one, whose decoding left the table as it was, decodes to the same
 * fields against the same table: they are returned again (frozen) without decoding. Servers repeat their response
 * blocks exactly (nginx until its Date changes; an indexing server once its fields are in the table), and hpack.js
 * costs 10–14 µs a block here (readable-stream underneath), a large part of a benign response's cost.
 *
 * The table holds at most `tableBytes` (RFC 7541 §4: entries are evicted oldest first). Given hpack.js's `size`
 * option, which it ignores, it never evicted: a connection to nginx (a new Date indexed every second, more under
 * load) kept every entry it ever saw, about 0.7 KB a response promoted to the old generation, and each scavenge of
 * the generator copied it (measured: 1.1–1.7 ms scavenges at 1000/s, scheduler-lag p99 over 1 ms).
 */
export function createHeaderDecoder(tableBytes = 4096): (block: Buffer) => readonly HeaderField[] {
  const d = hpack.decompressor.create({ table: { maxSize: tableBytes } });
  let last: { block: Buffer; fields: readonly HeaderField[] } | undefined;
  return (block) => {
    if (last !== undefined && last.block.equals(block)) return last.fields;
    last = undefined;
    d.write(block);
    d.execute();
    const fields: HeaderField[] = [];
    for (let f = d.read(); f !== null; f = d.read()) fields.push([f.name, f.value]);
    if (!blockChangesTable(block)) last = { block: Buffer.from(block), fields: Object.freeze(fields) };
    return fields;
  };
}

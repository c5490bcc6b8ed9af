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
const hpack = createRequire(import.meta.url)('hpack.js') as { decompressor: { create(o: { table: { size: number } }): HpackDecompressor } };

/**
 * One connection's response decoder (its dynamic table lives as long as the connection). Throws on a block it cannot
 * decode (the connection is then unusable: RFC 9113 §4.3 makes that a connection error).
 */
export function createHeaderDecoder(tableBytes = 4096): (block: Buffer) => HeaderField[] {
  const d = hpack.decompressor.create({ table: { size: tableBytes } });
  return (block) => {
    d.write(block);
    d.execute();
    const fields: HeaderField[] = [];
    for (let f = d.read(); f !== null; f = d.read()) fields.push([f.name, f.value]);
    return fields;
  };
}

// The response decoder's repeat cache: the same fields as hpack.js decoding every block, whatever the blocks do to the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { blockChangesTable, createHeaderDecoder, encodeInteger, indexed, literal, literalIndexed, type HeaderField } from './hpack.js';

interface Decompressor { write(b: Buffer): void; execute(): void; read(): { name: string; value: string } | null }
interface Compressor { write(h: { name: string; value: string }[]): void; read(): Buffer | null }
const hpack = createRequire(import.meta.url)('hpack.js') as {
  decompressor: { create(o: { table: { maxSize: number } }): Decompressor };
  compressor: { create(o: { table: { maxSize: number } }): Compressor };
};

/** hpack.js on every block: what the cached decoder must agree with. */
function referenceDecoder(): (block: Buffer) => HeaderField[] {
  const d = hpack.decompressor.create({ table: { maxSize: 4096 } });
  return (block) => {
    d.write(block);
    d.execute();
    const fields: HeaderField[] = [];
    for (let f = d.read(); f !== null; f = d.read()) fields.push([f.name, f.value]);
    return fields;
  };
}

const sizeUpdate = (bytes: number) => encodeInteger(bytes, 5, 0x20);

test('a repeated block that indexes a field is decoded again: the table it reads has changed', () => {
  const decode = createHeaderDecoder();
  decode(Buffer.concat([literalIndexed(['a', '1']), literalIndexed(['b', '2'])]));
  // Index 62 is the newest entry: b:2 the first time; c:3 once this very block has added it.
  const block = Buffer.concat([indexed(62), literalIndexed(['c', '3'])]);
  assert.deepEqual(decode(block), [['b', '2'], ['c', '3']]);
  assert.deepEqual(decode(block), [['c', '3'], ['c', '3']]);
});

test('the dynamic table holds at most its size: the oldest entries are evicted, and an index to one is an error', () => {
  const decode = createHeaderDecoder(4096);
  // Each entry costs its name and value plus 32 bytes (RFC 7541 §4.1): 100 of 100 bytes do not fit in 4096.
  const value = (i: number) => `${i}`.padStart(67, 'v');
  for (let i = 0; i < 100; i++) decode(literalIndexed(['x', value(i)]));
  assert.deepEqual(decode(indexed(62)), [['x', value(99)]]);
  assert.deepEqual(decode(indexed(62 + 39)), [['x', value(60)]]); // 40 entries fit: the 40th newest is the last one kept
  assert.throws(() => decode(indexed(62 + 40)), 'the 41st newest was evicted');
});

test('a dynamic table size update within the limit is taken, and one above it is an error', () => {
  const decode = createHeaderDecoder(4096);
  decode(literalIndexed(['a', '1']));
  assert.deepEqual(decode(Buffer.concat([sizeUpdate(0), sizeUpdate(4096), literal(['b', '2'])])), [['b', '2']]);
  assert.throws(() => decode(indexed(62)), 'a size of 0 emptied the table');
  assert.throws(() => createHeaderDecoder(4096)(sizeUpdate(8192)));
});

test('which representations change the table', () => {
  assert.equal(blockChangesTable(Buffer.concat([indexed(8), literal(['server', 'x']), indexed(62)])), false);
  assert.equal(blockChangesTable(Buffer.concat([Buffer.from([0x10]), Buffer.from([1, 0x61, 1, 0x62])])), false); // never indexed
  assert.equal(blockChangesTable(Buffer.concat([indexed(8), literalIndexed(['a', '1'])])), true);
  assert.equal(blockChangesTable(Buffer.concat([sizeUpdate(0), indexed(8)])), true);
  assert.equal(blockChangesTable(Buffer.from([0x00, 5, 0x61])), true); // truncated: never reused
  assert.equal(blockChangesTable(Buffer.from([0xff])), true); // an integer cut short
});

test('property: over any sequence of blocks, repeats included, the cached decoder agrees with decoding every block', () => {
  const field = fc.tuple(fc.constantFrom('server', 'date', 'x-a', 'content-length', ':status'), fc.constantFrom('1', '200', 'nginx', 'Wed, 02 Dec 2026'));
  const block = fc.oneof(
    fc.array(field, { minLength: 1, maxLength: 4 }).map((fields) => ({ kind: 'compressed' as const, fields })),
    fc.array(fc.oneof(
      field.map((f) => literal(f)),
      field.map((f) => literalIndexed(f)),
      fc.integer({ min: 1, max: 61 }).map((i) => indexed(i)),
      fc.constantFrom(sizeUpdate(0), sizeUpdate(4096)),
    ), { minLength: 1, maxLength: 4 }).map((parts) => ({ kind: 'raw' as const, bytes: Buffer.concat(parts) })),
  );
  fc.assert(fc.property(fc.array(block, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(20), { minLength: 1, maxLength: 30 }), (pool, picks) => {
    const compressor = hpack.compressor.create({ table: { maxSize: 4096 } });
    // Compressed blocks are compressed once each: repeating the bytes is what a server that found its fields indexed does.
    const blocks = pool.map((b) => {
      if (b.kind === 'raw') return b.bytes;
      compressor.write(b.fields.map(([name, value]) => ({ name, value })));
      const chunks: Buffer[] = [];
      for (let c = compressor.read(); c !== null; c = compressor.read()) chunks.push(c);
      return Buffer.concat(chunks);
    });
    const cached = createHeaderDecoder();
    const reference = referenceDecoder();
    for (const pick of picks) {
      const bytes = blocks[pick % blocks.length]!;
      let want: HeaderField[] | Error;
      try { want = reference(bytes); } catch (error) { want = error as Error; }
      if (want instanceof Error) {
        assert.throws(() => cached(bytes));
        return; // the connection is unusable after a decoding error, in both
      }
      assert.deepEqual(cached(bytes), want);
    }
  }), { numRuns: 300 });
});

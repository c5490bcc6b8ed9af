// A growable byte buffer for a request head split across TCP chunks (amortised O(n) appends, bounded by the caller).

const initialCapacityBytes = 1024;
/** Above this capacity the storage is released when cleared, so one huge head does not pin memory. */
const retainedCapacityBytes = 64 * 1024;

export class ByteAccumulator {
  private storage: Buffer = Buffer.alloc(0);
  private lengthBytes = 0;

  get size(): number {
    return this.lengthBytes;
  }

  append(bytes: Uint8Array): void {
    const needed = this.lengthBytes + bytes.length;
    if (needed > this.storage.length) {
      let capacity = Math.max(initialCapacityBytes, this.storage.length);
      while (capacity < needed) capacity *= 2;
      const grown = Buffer.allocUnsafeSlow(capacity);
      this.storage.copy(grown, 0, 0, this.lengthBytes);
      this.storage = grown;
    }
    this.storage.set(bytes, this.lengthBytes);
    this.lengthBytes = needed;
  }

  /** The held bytes (a view: valid until the next append, dropPrefix or clear). */
  view(): Buffer {
    return this.storage.subarray(0, this.lengthBytes);
  }

  dropPrefix(countBytes: number): void {
    this.storage.copyWithin(0, countBytes, this.lengthBytes);
    this.lengthBytes -= countBytes;
  }

  clear(): void {
    this.lengthBytes = 0;
    if (this.storage.length > retainedCapacityBytes) this.storage = Buffer.alloc(0);
  }
}

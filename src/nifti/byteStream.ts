import type { Readable } from 'node:stream';

/** Pulls exact byte counts out of a readable stream's chunks, one buffer at a time, without growing memory. */
export class StreamBytes {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private chunk: Uint8Array | null = null;
  private pos = 0;
  private ended = false;
  /** Bytes handed out or skipped so far. */
  consumed = 0;

  constructor(readable: Readable) {
    this.iterator = readable[Symbol.asyncIterator]();
  }

  /** Fills `into` from the stream; returns how many bytes were written (fewer than its length only at the end). */
  async fill(into: Uint8Array): Promise<number> {
    return this.take(into.length, into);
  }

  /** Discards `count` bytes; returns how many were there. */
  async skip(count: number): Promise<number> {
    return this.take(count, null);
  }

  private async take(count: number, into: Uint8Array | null): Promise<number> {
    let n = 0;
    while (n < count) {
      if (!this.chunk || this.pos >= this.chunk.length) {
        if (this.ended) break;
        const next = await this.iterator.next();
        if (next.done) {
          this.ended = true;
          break;
        }
        this.chunk = next.value;
        this.pos = 0;
        continue;
      }
      const k = Math.min(count - n, this.chunk.length - this.pos);
      if (into) into.set(this.chunk.subarray(this.pos, this.pos + k), n);
      n += k;
      this.pos += k;
    }
    this.consumed += n;
    return n;
  }
}

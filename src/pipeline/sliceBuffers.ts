import type { SliceBufferSource } from '../readers/volumeSource.js';

/**
 * Slice buffers handed back once a slice is analysed, kept for the next slices the reader decodes: a fresh 1 MB
 * Float32Array costs a zeroed allocation (and later a GC) per slice, a reused one nothing. Holds at most `maxFree`
 * buffers, so memory stays bounded; a buffer not handed back (a slice that failed) is simply allocated anew.
 */
export class SliceBufferPool implements SliceBufferSource {
  private readonly free = new Map<number, Float32Array[]>();
  private nFree = 0;

  constructor(private readonly maxFree: number) {}

  take(length: number): Float32Array {
    const list = this.free.get(length);
    const reused = list?.pop();
    if (reused) {
      this.nFree--;
      return reused;
    }
    return new Float32Array(length);
  }

  /** Hands a buffer back for reuse (ignored when the pool is full or the buffer was transferred away). */
  give(buffer: Float32Array | undefined): void {
    if (!buffer || buffer.length === 0 || buffer.byteOffset !== 0 || buffer.buffer.byteLength !== buffer.byteLength) return;
    if (this.nFree >= this.maxFree) {
      // Keep the newest size: a cohort of mixed sizes drops the buffers of sizes no longer coming.
      for (const [length, list] of this.free) {
        if (length !== buffer.length && list.length > 0) {
          this.nFree -= list.length;
          this.free.delete(length);
        }
      }
      if (this.nFree >= this.maxFree) return;
    }
    let list = this.free.get(buffer.length);
    if (!list) this.free.set(buffer.length, (list = []));
    list.push(buffer);
    this.nFree++;
  }

  get size(): number {
    return this.nFree;
  }
}

import { describe, expect, it } from 'vitest';
import { SliceBufferPool } from '../../src/pipeline/sliceBuffers.js';

describe('SliceBufferPool', () => {
  it('hands back a returned buffer of the same length instead of allocating', () => {
    const pool = new SliceBufferPool(4);
    const a = pool.take(16);
    pool.give(a);
    expect(pool.size).toBe(1);
    expect(pool.take(16)).toBe(a);
    expect(pool.size).toBe(0);
    expect(pool.take(16)).not.toBe(a);
  });

  it('never hands out a buffer of another length', () => {
    const pool = new SliceBufferPool(4);
    pool.give(new Float32Array(8));
    expect(pool.take(16).length).toBe(16);
    expect(pool.size).toBe(1);
  });

  it('keeps at most maxFree buffers, preferring the size still in use', () => {
    const pool = new SliceBufferPool(2);
    pool.give(new Float32Array(8));
    pool.give(new Float32Array(8));
    pool.give(new Float32Array(8));
    expect(pool.size).toBe(2);
    const big = new Float32Array(16);
    pool.give(big);
    expect(pool.size).toBe(1);
    expect(pool.take(16)).toBe(big);
  });

  it('ignores what cannot be reused: nothing, detached buffers, views into a larger buffer', () => {
    const pool = new SliceBufferPool(4);
    pool.give(undefined);
    const moved = new Float32Array(8);
    structuredClone(moved.buffer, { transfer: [moved.buffer] });
    pool.give(moved);
    pool.give(new Float32Array(32).subarray(8, 16));
    expect(pool.size).toBe(0);
  });
});

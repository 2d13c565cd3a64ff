import { describe, expect, it } from 'vitest';
import { packTypedArrays } from '../../src/pipeline/packTypedArrays.js';

describe('packTypedArrays', () => {
  it('moves every typed array into one buffer, same types and values, aligned for any element size', () => {
    const root = {
      slices: [
        { runs: new Int32Array([1, 2, 3]), hist: new Float64Array([0.5, -1]), islands: [{ runs: new Int32Array([7]) }] },
        { runs: new Int32Array(0), mask: new Uint8Array([1, 0, 1]), h16: new Uint16Array([65535]), name: 'x', n: 3 },
      ],
    };
    const copy = structuredClone(root);
    const buffer = packTypedArrays(root);
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    expect(root).toEqual(copy);
    const [first, second] = root.slices as [(typeof root.slices)[0], (typeof root.slices)[1]];
    const views = [first.runs, first.hist, first.islands![0]!.runs, second.runs, second.mask, second.h16] as ArrayBufferView[];
    for (const v of views) {
      expect(v.buffer).toBe(buffer);
      expect(v.byteOffset % 8).toBe(0);
    }
    expect(first.hist).toBeInstanceOf(Float64Array);
    expect(second.h16).toBeInstanceOf(Uint16Array);
  });

  it('a clone with the buffer transferred keeps the views on one buffer and the values', () => {
    const root = { a: [{ runs: new Int32Array([4, 5]) }, { runs: new Int32Array([6]) }] };
    const buffer = packTypedArrays(root)!;
    const cloned = structuredClone(root, { transfer: [buffer] });
    expect(buffer.byteLength).toBe(0); // moved, not copied
    const [x, y] = cloned.a as [{ runs: Int32Array }, { runs: Int32Array }];
    expect(Array.from(x.runs)).toEqual([4, 5]);
    expect(x.runs.buffer).toBe(y.runs.buffer);
  });

  it('nothing to pack gives null; class instances, DataViews and cycles are left alone', () => {
    expect(packTypedArrays({ a: [1, 2], b: { c: 'd' } })).toBeNull();
    class Box { data = new Int32Array([1]); }
    const box = new Box();
    const view = new DataView(new ArrayBuffer(4));
    const cyclic: Record<string, unknown> = { box, view, runs: new Int32Array([9]) };
    cyclic.self = cyclic;
    const buffer = packTypedArrays(cyclic);
    expect((cyclic.runs as Int32Array).buffer).toBe(buffer);
    expect(box.data.buffer).not.toBe(buffer);
    expect(cyclic.view).toBe(view);
  });
});

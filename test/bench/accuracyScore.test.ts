/** The benchmark's scoring (bench/accuracyScore.ts): area error and what counts as a false-lung slice. */
import { describe, it, expect } from 'vitest';
import { distanceToLung, scoreSlice, FAR_FROM_LUNG_MM } from '../../bench/accuracyScore.js';

const W = 40, H = 40;
const inBox = (x: number, y: number, b: readonly number[]) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3];
/** Labels of one 40×40 slice: lung (1) in x 10..29, y 10..29 (20×20 px), then the given boxes. */
function labels(boxes: Array<[readonly number[], number]> = [], lung = true): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let l = lung && inBox(x, y, [10, 10, 29, 29]) ? 1 : 0;
      for (const [b, v] of boxes) if (inBox(x, y, b)) l = v;
      out[x + y * W] = l;
    }
  }
  return out;
}
function mask(boxes: readonly (readonly number[])[]): Uint8Array {
  const out = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) if (boxes.some((b) => inBox(x, y, b))) out[x + y * W] = 1;
  return out;
}
const count = (m: Uint8Array) => m.reduce((a, v) => a + v, 0);
const score = (m: Uint8Array, l: Uint8Array, spacing: [number, number] = [1, 1]) => scoreSlice(m, l, 0, W, H, spacing, count(m));
const LUNG = [10, 10, 29, 29];

describe('scoreSlice', () => {
  it('scores the area error only where there are >= 1000 true lung pixels', () => {
    const s = score(mask([LUNG]), labels());
    expect(s.truthLungPx).toBe(400);
    expect(s.errorPct).toBeNull();
    // 34×34 = 1156 true lung pixels, 1100 reported.
    const big = scoreSlice(mask([[3, 3, 36, 36]]), labels([[[3, 3, 36, 36], 2]]), 0, W, H, [1, 1], 1100);
    expect(big.errorPct).toBeCloseTo((1 - 1100 / 1156) * 100, 12);
  });

  it('calls an edge drawn a few pixels wide area error, not false lung', () => {
    // 3 px (3 mm) of body all round the true lung.
    const s = score(mask([[7, 7, 32, 32]]), labels());
    expect(s.falseLung).toEqual([]);
  });

  it('calls body tissue far from any lung false lung', () => {
    // A great vessel or dome top of 12×12 px inside the lung, counted: its centre is 6 px from lung.
    const s = score(mask([LUNG]), labels([[[14, 14, 25, 25], 0]]));
    expect(s.falseLung).toEqual(['tissue']);
    // The same at 0.4 mm pixels is 2.4 mm from lung: the edge.
    expect(score(mask([LUNG]), labels([[[14, 14, 25, 25], 0]]), [0.4, 0.4]).falseLung).toEqual([]);
  });

  it('calls airway, gas or a table slot false lung when counted away from the lung edge, and lung where none is', () => {
    const trachea = labels([[[0, 0, 12, 12], 5]]);
    expect(score(mask([LUNG, [0, 0, 12, 12]]), trachea).falseLung).toEqual(['air-structure']);
    // One lumen pixel at the lung's edge (a bronchus that runs on into the lung) is the edge.
    expect(score(mask([LUNG]), labels([[[10, 10, 10, 10], 5]])).falseLung).toEqual([]);
    expect(score(mask([[0, 0, 5, 5]]), labels([[[0, 0, 5, 5], 6]], false)).falseLung).toEqual(['no-lung', 'air-structure']);
    expect(score(mask([]), labels([], false)).falseLung).toEqual([]);
  });

  it('measures distance to lung in mm with the grid spacing', () => {
    const d = distanceToLung(labels(), 0, W, H, [2, 3]);
    expect(d[15 + 15 * W]).toBe(0);
    expect(d[5 + 15 * W]).toBe(10); // 5 columns of 2 mm
    expect(d[15 + 5 * W]).toBe(15); // 5 rows of 3 mm
    expect(FAR_FROM_LUNG_MM).toBe(5);
  });
});

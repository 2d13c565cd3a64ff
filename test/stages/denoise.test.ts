import { describe, it, expect } from 'vitest';
import { denoiseContourVertices, rintHalfEven } from '../../src/stages/denoise.js';
import type { BinaryImage, Contour } from '../../src/stages/types.js';

const W = 5;
const H = 4;
const allVessel = (): BinaryImage => ({ width: W, height: H, data: new Uint8Array(W * H).fill(1) });
const contour = (p: number[][]): Contour => ({ xy: Float64Array.from(p.flat()) });
/** Pixels (x, y) that are 0 in the result. */
function cleared(img: BinaryImage): number[][] {
  const out: number[][] = [];
  for (let y = 0; y < img.height; y++) for (let x = 0; x < img.width; x++) if (img.data[x + y * img.width] === 0) out.push([x, y]);
  return out;
}

// Expected values worked out by hand from the tutorial's rule: pixel (cx, cy) is cleared when
// np.sqrt((x - cx)**2 + (y - cy)**2) <= 0.1 for some vertex (x, y), in float64.
describe('denoiseContourVertices (the tutorial denoise_vessels, O(vertices))', () => {
  it('clears a vessel pixel 0.05 from a vertex (the usual 0.050000000000000044 offset)', () => {
    const r = denoiseContourVertices({ maxDistancePx: 0.1 }, allVessel(), [contour([[2 + 0.050000000000000044, 3], [1, 0.95]])]);
    expect(cleared(r.vessels)).toEqual([[1, 1], [2, 3]]);
    expect(r.removed).toBe(2);
  });

  it('uses the float64 distance: 0.9 -> 0.09999999999999998 clears, 1.1 -> 0.10000000000000009 does not', () => {
    const r = denoiseContourVertices({ maxDistancePx: 0.1 }, allVessel(), [contour([[1, 0.9], [3, 1.1]])]);
    expect(cleared(r.vessels)).toEqual([[1, 1]]);
  });

  it('a vertex 0.1000001 away does not clear; a distance exactly at the limit does (0.25 with d = 0.25, exact in float64)', () => {
    expect(denoiseContourVertices({ maxDistancePx: 0.1 }, allVessel(), [contour([[3.1000001, 2]])]).removed).toBe(0);
    expect(cleared(denoiseContourVertices({ maxDistancePx: 0.25 }, allVessel(), [contour([[3.25, 2]])]).vessels)).toEqual([[3, 2]]);
  });

  it('half-way vertices: rint is half-to-even; at 0.1 nothing is cleared, at 0.5 both neighbours are (as the literal loop)', () => {
    expect([2.5, 3.5, 0.5, 1.5, -2.5, 2.4999999999999996].map(rintHalfEven)).toEqual([2, 4, 0, 2, -2, 2]);
    expect(denoiseContourVertices({ maxDistancePx: 0.1 }, allVessel(), [contour([[2.5, 1]])]).removed).toBe(0);
    const r = denoiseContourVertices({ maxDistancePx: 0.5 }, allVessel(), [contour([[2.5, 1]])]);
    expect(cleared(r.vessels)).toEqual([[2, 1], [3, 1]]);
  });

  it('clears only vessel pixels, counts each once, and uses every contour', () => {
    const v = allVessel();
    v.data[1 + 1 * W] = 0; // (1, 1) is not a vessel
    const r = denoiseContourVertices({ maxDistancePx: 0.1 }, v, [contour([[1, 1.05], [4, 3]]), contour([[4.05, 3], [0, 0]])]);
    expect(cleared(r.vessels)).toEqual([[0, 0], [1, 1], [4, 3]]);
    expect(r.removed).toBe(2);
  });

  it('ignores vertices whose pixel is off the grid; a vertex just outside still reaches the edge pixel', () => {
    const r = denoiseContourVertices({ maxDistancePx: 0.1 }, allVessel(), [
      contour([[5.05, 2], [2, -1], [-0.2, 1], [NaN, 1], [-0.05, 2]]),
    ]);
    expect(cleared(r.vessels)).toEqual([[0, 2]]); // -0.05 is 0.05 from pixel 0
  });

  it('does not mutate its input', () => {
    const v = allVessel();
    const before = Uint8Array.from(v.data);
    const r = denoiseContourVertices({ maxDistancePx: 0.1 }, v, [contour([[2, 2], [3, 1]])]);
    expect(v.data).toEqual(before);
    expect(r.vessels.data).not.toBe(v.data);
    expect(r.removed).toBe(2);
  });
});

/**
 * analyseSlice keeps full-size buffers from one slice to the next (src/stages/anatomy.ts SliceScratch) and
 * closeRegion extracts its runs with bit tricks: neither may change a result. Slices of a src/phantom chest, and
 * random blobs against a plain pixel-grid closing.
 */
import { describe, expect, it } from 'vitest';
import { analyseSlice, type SliceCandidates } from '../../src/stages/anatomy.js';
import { ClosingScratch, closeRegion } from '../../src/stages/anatomyClosing.js';
import { generatePhantom } from '../../src/phantom/index.js';
import type { HuSlice } from '../../src/stages/types.js';
import { defaultPreset } from '../../pipeline.config.js';

function phantomSlices(seed: number, shape: [number, number, number], spacing: [number, number, number]): HuSlice[] {
  const { spec } = generatePhantom({ seed, shape, spacingMm: spacing, orientation: 'RAS', arms: true });
  const [nx, ny, nz] = shape;
  const slope = spec.sclSlope ?? 1, inter = spec.sclInter ?? 0;
  const slices: HuSlice[] = [];
  for (let k = 0; k < nz; k++) {
    const hu = new Float32Array(nx * ny);
    for (let i = 0; i < hu.length; i++) hu[i] = spec.data[k * nx * ny + i] * slope + inter;
    slices.push({ index: k, width: nx, height: ny, hu, spacingMm: [spacing[0], spacing[1]] });
  }
  return slices;
}

describe('analyseSlice with buffers reused across slices', () => {
  const a = phantomSlices(7101, [160, 128, 48], [2.2, 2.2, 6]);
  const b = phantomSlices(7102, [96, 96, 24], [3.5, 3.5, 12]);

  it('gives every slice the same result whatever was analysed before it', () => {
    const forward = a.map((s) => analyseSlice(defaultPreset.anatomy, s));
    expect(forward.some((r) => r.candidates.length >= 2)).toBe(true);
    const backward: SliceCandidates[] = [];
    for (let k = a.length - 1; k >= 0; k--) {
      // A slice of another size in between makes the scratch resize, and resize back.
      analyseSlice(defaultPreset.anatomy, b[k % b.length]);
      backward[k] = analyseSlice(defaultPreset.anatomy, a[k]);
    }
    expect(backward).toEqual(forward);
    // And the same slice twice in a row.
    for (const k of [0, 10, 24, 40]) expect(analyseSlice(defaultPreset.anatomy, a[k])).toEqual(forward[k]);
  });

  it('does not depend on the parameters of the slice before (other thresholds, no closing)', () => {
    const k = 20;
    const expected = analyseSlice(defaultPreset.anatomy, a[k]);
    analyseSlice({ ...defaultPreset.anatomy, airBelowHu: -600, closingRadiusMm: 0, airwayWallMm: 5 }, a[k + 1]);
    expect(analyseSlice(defaultPreset.anatomy, a[k])).toEqual(expected);
  });
});

/** The closing on a plain 0/1 grid, pixel by pixel: the definition closeRegion implements on bit words. */
function referenceClose(
  runs: Int32Array, bbox: readonly [number, number, number, number], width: number, height: number, steps: number,
  mayAdd: (i: number) => boolean,
): number[] {
  const m = steps + 1;
  const gx0 = bbox[0] - m, gy0 = bbox[1] - m;
  const W = bbox[2] - bbox[0] + 1 + 2 * m, H = bbox[3] - bbox[1] + 1 + 2 * m;
  const orig = new Uint8Array(W * H);
  for (let k = 0; k < runs.length; k += 3) for (let x = runs[k + 1]; x < runs[k + 2]; x++) orig[(runs[k] - gy0) * W + x - gx0] = 1;
  const at = (g: Uint8Array, x: number, y: number) => (x >= 0 && y >= 0 && x < W && y < H ? g[y * W + x] : 0);
  const step = (g: Uint8Array, square: boolean, grow: boolean) => {
    const out = new Uint8Array(W * H);
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let any = 0, all = 1;
        for (let dy = -1; dy <= 1; dy++) {
          for (let dx = -1; dx <= 1; dx++) {
            if (!square && dx !== 0 && dy !== 0) continue;
            const v = at(g, x + dx, y + dy);
            any |= v;
            all &= v;
          }
        }
        out[y * W + x] = grow ? any : all;
      }
    }
    return out;
  };
  let g = orig;
  for (let s = 0; s < steps; s++) g = step(g, s % 2 === 0, true);
  for (let s = 0; s < steps; s++) g = step(g, s % 2 === 0, false);
  const result: number[] = [];
  for (let ly = 0; ly < H; ly++) {
    const y = gy0 + ly;
    let start = -1;
    for (let lx = 0; lx <= W; lx++) {
      const x = gx0 + lx;
      let on = false;
      if (lx < W) {
        const i = ly * W + lx;
        on = orig[i] === 1 || (g[i] === 1 && y >= 0 && y < height && x >= 0 && x < width && mayAdd(x + y * width));
      }
      if (on && start < 0) start = x;
      else if (!on && start >= 0) {
        result.push(y, start, x);
        start = -1;
      }
    }
  }
  return result;
}

describe('closeRegion', () => {
  it('equals a pixel-by-pixel closing on random blobs, at the image border too', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const scratch = new ClosingScratch();
    const width = 90, height = 70;
    for (let trial = 0; trial < 60; trial++) {
      // A blob of random rectangles, some touching the border; holes added by a second pass.
      const img = new Uint8Array(width * height);
      const n = 1 + Math.floor(rand() * 6);
      for (let r = 0; r < n; r++) {
        const x0 = Math.floor(rand() * width), y0 = Math.floor(rand() * height);
        const x1 = Math.min(width, x0 + 1 + Math.floor(rand() * 40)), y1 = Math.min(height, y0 + 1 + Math.floor(rand() * 30));
        const v = r > 0 && rand() < 0.3 ? 0 : 1;
        for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) img[y * width + x] = v;
      }
      const runs: number[] = [];
      let bx0 = width, by0 = height, bx1 = -1, by1 = -1;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; ) {
          if (!img[y * width + x]) { x++; continue; }
          const x0 = x;
          while (x < width && img[y * width + x]) x++;
          runs.push(y, x0, x);
          bx0 = Math.min(bx0, x0); bx1 = Math.max(bx1, x - 1); by0 = Math.min(by0, y); by1 = Math.max(by1, y);
        }
      }
      if (runs.length === 0) continue;
      const forbidden = new Uint8Array(width * height).map(() => (rand() < 0.15 ? 1 : 0));
      const mayAdd = (i: number) => forbidden[i] === 0;
      const radiusMm = 1 + rand() * 5;
      const spacing: [number, number] = [1, 1];
      const steps = Math.max(1, Math.round(radiusMm));
      const bbox: [number, number, number, number] = [bx0, by0, bx1, by1];
      const got = closeRegion(Int32Array.from(runs), bbox, width, height, spacing, radiusMm, mayAdd, scratch).runs;
      expect(Array.from(got), `trial ${trial}`).toEqual(referenceClose(Int32Array.from(runs), bbox, width, height, steps, mayAdd));
    }
  });
});

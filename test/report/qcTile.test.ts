import { describe, expect, it } from 'vitest';
import { canonicalPixelMap, remap } from '../../src/qc/canonicalRemap.js';
import { candidateSlices, montageSlices } from '../../src/qc/montageSlices.js';
import { QC_COLOURS, renderQcTile } from '../../src/qc/qcTile.js';
import type { SlicePlan } from '../../src/readers/slicing.js';

describe('QC tiles: the radiological view', () => {
  const W = 6, H = 4;
  const at = (img: { width: number; data: Uint8Array }, c: number, r: number) => [...img.data.subarray(4 * (r * img.width + c), 4 * (r * img.width + c) + 3)];

  it('puts the patient\'s right on the image\'s left and anterior at the top', () => {
    // Canonical x grows toward the patient's Right, y toward Anterior: the pixel (W-1, H-1) is right-anterior.
    const grey = new Uint8Array(W * H);
    grey[(H - 1) * W + (W - 1)] = 200;
    const none = new Uint8Array(W * H);
    const tile = renderQcTile({ width: W, height: H, grey, lung: none, vessels: none, midlineX: null });
    expect(at(tile, 0, 0)).toEqual([200, 200, 200]);
    expect(at(tile, W - 1, H - 1)).toEqual([0, 0, 0]);
  });

  it('colours the lung right of the midline (canonical x) green, left blue; vessels red', () => {
    const lung = new Uint8Array(W * H).fill(1);
    const vessels = new Uint8Array(W * H);
    vessels[1 * W + 1] = 1; // canonical (1, 1): inside the lung, not on its edge
    const tile = renderQcTile({ width: W, height: H, grey: new Uint8Array(W * H), lung, vessels, midlineX: 2.5 });
    // Edge pixels are solid: display column 0 is canonical x = W-1 (right lung), the last column is x = 0 (left).
    expect(at(tile, 0, 0)).toEqual([...QC_COLOURS.right]);
    expect(at(tile, W - 1, 0)).toEqual([...QC_COLOURS.left]);
    const v = at(tile, W - 1 - 1, H - 1 - 1);
    expect(v[0]).toBeGreaterThan(150);
    expect(v[1]).toBeLessThan(60);
  });
});

describe('remapping a slice read as stored to the canonical grid', () => {
  it('undoes flips and a swap of the in-plane axes', () => {
    const canonical: SlicePlan = { axialAxis: 2, nSlices: 1, width: 3, height: 2, xAxis: 0, yAxis: 1, xFlip: true, yFlip: false, volumeDims: [3, 2, 1] };
    const stored: SlicePlan = { ...canonical, xFlip: false };
    const map = canonicalPixelMap(stored, canonical)!;
    // stored row 0: x = 0, 1, 2; canonical x is mirrored.
    expect([...remap(Uint8Array.of(1, 2, 3, 4, 5, 6), map, (n) => new Uint8Array(n))]).toEqual([3, 2, 1, 6, 5, 4]);
    expect(canonicalPixelMap(canonical, canonical)).toBeNull();
  });
});

describe('montage slices', () => {
  it('keeps at most 16 evenly spaced candidates, and picks the ones nearest the preview\'s choice that have lung', () => {
    expect(candidateSlices(10)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const c = candidateSlices(300);
    expect(c).toHaveLength(16);
    expect(c[0]).toBeGreaterThan(0);
    expect(c[15]).toBeLessThan(299);
    const areas = Array.from({ length: 300 }, (_, index) => ({ index, lungAreaMm2: index >= 100 && index < 200 ? 1000 + (index === 150 ? 500 : 0) : 0 }));
    const picked = montageSlices(areas, 300, c);
    expect(picked.length).toBeGreaterThanOrEqual(2);
    for (const k of picked) {
      expect(c).toContain(k);
      expect(areas[k].lungAreaMm2).toBeGreaterThan(0);
    }
  });
});

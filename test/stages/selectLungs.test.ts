import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { selectLungsSeed, type SeedSelectParams } from '../../src/stages/selectLungs.js';
import { findContours } from '../../src/stages/contour.js';
import type { Contour } from '../../src/stages/types.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';

const SEED: SeedSelectParams = { minHullAreaPx2: 2000, maxClosingGapPx: 1 };

const contour = (p: number[][]): Contour => ({ xy: Float64Array.from(p.flat()) });
/** Closed axis-aligned rectangle (first point repeated): hull area w * h. */
const rect = (x: number, y: number, w: number, h: number): Contour =>
  contour([[x, y], [x + w, y], [x + w, y + h], [x, y + h], [x, y]]);

describe('selectLungsSeed (the tutorial find_lungs)', () => {
  it('exactly 2 candidates: both, in contour order, even with small and open contours around', () => {
    const a = rect(0, 0, 50, 50); // 2500
    const b = rect(100, 0, 60, 60); // 3600
    const small = rect(200, 0, 40, 40); // 1600: too small
    const open = contour([[0, 300], [0, 400], [100, 400], [100, 300], [1, 300]]); // 10000 but first-last gap 1
    const r = selectLungsSeed(SEED, [small, a, open, b]);
    expect(r).toEqual({ lungs: [a, b], candidates: 2, note: null });
    expect(r.lungs[0]).toBe(a);
  });

  it('3 candidates: sorted by hull area ascending, the largest (body) dropped', () => {
    const mid = rect(0, 0, 60, 60); // 3600
    const body = rect(0, 0, 100, 100); // 10000
    const low = rect(200, 0, 50, 50); // 2500
    expect(selectLungsSeed(SEED, [mid, body, low])).toEqual({ lungs: [low, mid], candidates: 3, note: null });
  });

  it('4 candidates: only the largest is dropped', () => {
    const cs = [rect(0, 0, 70, 70), rect(0, 0, 50, 50), rect(0, 0, 100, 100), rect(0, 0, 60, 60)];
    expect(selectLungsSeed(SEED, cs).lungs).toEqual([cs[1], cs[3], cs[0]]);
  });

  it('0 or 1 candidate: no lungs, with a note (find_lungs returns None and the tutorial crashes)', () => {
    expect(selectLungsSeed(SEED, [])).toEqual({ lungs: [], candidates: 0, note: 'tutorial would crash: 0 lung candidates (needs 2)' });
    expect(selectLungsSeed(SEED, [rect(0, 0, 50, 50), rect(0, 0, 10, 10)])).toEqual({
      lungs: [],
      candidates: 1,
      note: 'tutorial would crash: 1 lung candidate (needs 2)',
    });
  });

  it('hull area must exceed the threshold strictly; a hull much smaller than its bounding box counts as the hull', () => {
    const exact = rect(0, 0, 40, 50); // exactly 2000: rejected
    const justOver = rect(0, 0, 40, 50.0125); // 2000.5
    // Right triangle, bounding box 100 x 40.01 = 4001 but hull 2000.5: a candidate only through its hull.
    const triangle = contour([[0, 0], [100, 0], [0, 40.01], [0, 0]]);
    const flatTriangle = contour([[0, 0], [100, 0], [0, 40], [0, 0]]); // hull exactly 2000
    const r = selectLungsSeed(SEED, [exact, justOver, flatTriangle, triangle]);
    expect(r).toEqual({ lungs: [justOver, triangle], candidates: 2, note: null });
  });

  it('closed means first-last distance < maxClosingGapPx (0.999 passes, exactly 1 does not)', () => {
    const almost = contour([[0, 0], [60, 0], [60, 60], [0, 60], [0.999, 0]]);
    const gap1 = contour([[0, 0], [60, 0], [60, 60], [0, 60], [0, 1]]);
    const r = selectLungsSeed(SEED, [almost, gap1, rect(0, 100, 50, 50)]);
    expect(r.candidates).toBe(2);
    expect(r.lungs[0]).toBe(almost);
  });

  it('a contour with < 3 points anywhere: the tutorial crashes in ConvexHull, so no lungs', () => {
    const corner = contour([[0, 0.05], [0.05, 0]]);
    const r = selectLungsSeed(SEED, [rect(0, 0, 50, 50), rect(0, 0, 60, 60), corner, rect(0, 0, 5, 5)]);
    expect(r).toEqual({ lungs: [], candidates: 2, note: 'tutorial would crash: contour 3 of 4 has 2 points (scipy QhullError)' });
  });

  it('a collinear contour anywhere: no lungs; the note names the first degenerate contour', () => {
    const border = contour([[0.05, 0], [0.05, 1], [0.05, 2], [0.05, 3]]);
    const single = contour([[3, 3]]);
    const r = selectLungsSeed(SEED, [rect(0, 0, 50, 50), border, rect(0, 0, 60, 60), single]);
    expect(r.lungs).toEqual([]);
    expect(r.note).toBe('tutorial would crash: contour 2 of 4 is collinear (4 points) (scipy QhullError)');
  });

  it('an exact hull-area tie among > 2 candidates crashes the tuple sort; with exactly 2 it does not', () => {
    const a = rect(0, 0, 50, 50);
    const b = rect(300, 300, 50, 50); // same 2500
    const body = rect(0, 0, 100, 100);
    const r = selectLungsSeed(SEED, [a, body, b]);
    expect(r.lungs).toEqual([]);
    expect(r.candidates).toBe(3);
    expect(r.note).toMatch(/^tutorial would crash: 3 lung candidates, two with the same hull area 2500/);
    expect(selectLungsSeed(SEED, [a, b])).toEqual({ lungs: [a, b], candidates: 2, note: null });
  });
});

const seedSlices = needSharedData('selectLungsSeed on real seed slices', 'seed-slices');

describe.skipIf(seedSlices.skip)(seedSlices.title, () => {
  // Indices into skimage's contour list of the contours returned by the tutorial's own find_lungs
  // (Debian scipy 1.10.1 / skimage 0.19.3, on get_fdata() < -300, level 0.95).
  const expected: Record<string, number[]> = { 'slice001.nii.gz': [23, 5], 'slice003.nii.gz': [74, 196], 'slice019.nii.gz': [22, 54] };
  for (const [name, indices] of Object.entries(expected)) {
    it(`${name}: the same lung contours as the tutorial`, () => {
      const buf = gunzipSync(readFileSync(sharedFile('seed-slices', name)));
      const width = buf.readInt16LE(42);
      const height = buf.readInt16LE(44);
      const offset = buf.readFloatLE(108);
      const data = new Uint8Array(width * height);
      for (let i = 0; i < data.length; i++) data[i] = buf.readInt16LE(offset + 2 * i) < -300 ? 1 : 0;
      const contours = findContours({ level: 0.95, fullyConnected: 'low' }, { width, height, data });
      const r = selectLungsSeed(SEED, contours);
      expect(r.note).toBeNull();
      expect(r.lungs.map((l) => contours.indexOf(l))).toEqual(indices);
    });
  }
});

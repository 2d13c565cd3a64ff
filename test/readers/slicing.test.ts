import { writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { geometryOf } from '../../src/readers/nifti/geometry.js';
import type { VolumeGeometry } from '../../src/readers/geometry.js';
import { parseNiftiHeader } from '../../src/readers/nifti/header.js';
import { gatherSlice, planSlices, scatterSlice } from '../../src/readers/slicing.js';
import { encodeNifti } from '../../src/readers/nifti/write.js';
import { CANONICAL, readAllSlices, STORED, tempDir } from './nifti/fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

function geom(dims: [number, number, number], affine: number[], axialAxis: 0 | 1 | 2): VolumeGeometry {
  return { dims, spacingMm: [1, 1, 1], affine, axialAxis, nVolumes: 1 };
}

const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
/** A 2×3×2 volume whose value is its own linear index i + 2j + 6k. */
const VOLUME = Float32Array.from({ length: 12 }, (_, i) => i);

describe('planSlices / gatherSlice / scatterSlice by hand', () => {
  it('stored, axial axis 2: slice k is the k-th plane', () => {
    const plan = planSlices(geom([2, 3, 2], IDENTITY, 2), 'stored');
    expect([plan.nSlices, plan.width, plan.height]).toEqual([2, 2, 3]);
    const out = new Float32Array(6);
    gatherSlice(plan, VOLUME, 1, out);
    expect(Array.from(out)).toEqual([6, 7, 8, 9, 10, 11]);
  });

  it('stored, axial axis 0: x = axis 1, y = axis 2', () => {
    const plan = planSlices(geom([2, 3, 2], IDENTITY, 0), 'stored');
    expect([plan.nSlices, plan.width, plan.height, plan.xAxis, plan.yAxis]).toEqual([2, 3, 2, 1, 2]);
    const out = new Float32Array(6);
    gatherSlice(plan, VOLUME, 1, out);
    // pixel (x = j, y = k) = 1 + 2j + 6k
    expect(Array.from(out)).toEqual([1, 3, 5, 7, 9, 11]);
  });

  it('canonical flips x and y of an LPS volume', () => {
    const lps = [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    const plan = planSlices(geom([2, 3, 2], lps, 2), 'canonical');
    expect([plan.xFlip, plan.yFlip]).toEqual([true, true]);
    const out = new Float32Array(6);
    gatherSlice(plan, VOLUME, 0, out);
    // pixel (x, y) = (1 - x) + 2 (2 - y)
    expect(Array.from(out)).toEqual([5, 4, 3, 2, 1, 0]);
  });

  it('scatterSlice puts a slice back where gatherSlice took it from', () => {
    for (const [axis, affine] of [[0, IDENTITY], [1, IDENTITY], [2, [-1, 0, 0, 0, 0, -1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]]] as const) {
      for (const orientation of ['stored', 'canonical'] as const) {
        const plan = planSlices(geom([2, 3, 2], [...affine], axis), orientation);
        const volume = new Uint8Array(12);
        for (let k = 0; k < plan.nSlices; k++) {
          const slice = new Float32Array(plan.width * plan.height);
          gatherSlice(plan, VOLUME, k, slice);
          scatterSlice(plan, Array.from(slice, (v) => v + 100), k, volume);
        }
        expect(Array.from(volume), `axis ${axis} ${orientation}`).toEqual(Array.from(VOLUME, (v) => v + 100));
      }
    }
  });

  it('rejects a slice index or buffer that does not fit', () => {
    const plan = planSlices(geom([2, 3, 2], IDENTITY, 2), 'stored');
    expect(() => gatherSlice(plan, VOLUME, 2, new Float32Array(6))).toThrow(/outside 0..1/);
    expect(() => gatherSlice(plan, VOLUME, 0, new Float32Array(5))).toThrow(/2x3/);
  });
});

/**
 * The same anatomy stored in different orientations. Canonical grid (R, A, S) of 4 × 3 × 5 voxels, spacing 0.5,
 * 0.75, 2 mm; the value at canonical index (r, a, s) is r + 10a + 100s. `worldAxis[v]` is the world axis of stored
 * axis v, `flip[v]` whether it runs toward L / P / I.
 */
const N = [4, 3, 5], SP = [0.5, 0.75, 2];

interface Storage { name: string; worldAxis: [number, number, number]; flip: [boolean, boolean, boolean] }

const STORAGES: Storage[] = [
  { name: 'RAS', worldAxis: [0, 1, 2], flip: [false, false, false] },
  { name: 'LPS', worldAxis: [0, 1, 2], flip: [true, true, false] },
  { name: 'LPI', worldAxis: [0, 1, 2], flip: [true, true, true] },
  { name: 'permuted A-I-L (axial axis 1)', worldAxis: [1, 2, 0], flip: [false, true, true] },
  { name: 'permuted S-L-P (axial axis 0)', worldAxis: [2, 0, 1], flip: [false, true, true] },
];

function storedVolume(st: Storage): { dims: number[]; data: number[]; affine: number[]; pixdim: number[] } {
  const dims = st.worldAxis.map((w) => N[w]);
  const data: number[] = [];
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    const c = [0, 0, 0];
    [i, j, k].forEach((idx, v) => { c[st.worldAxis[v]] = st.flip[v] ? N[st.worldAxis[v]] - 1 - idx : idx; });
    data.push(c[0] + 10 * c[1] + 100 * c[2]);
  }
  const affine = new Array(16).fill(0);
  affine[15] = 1;
  st.worldAxis.forEach((w, v) => {
    affine[4 * w + v] = (st.flip[v] ? -1 : 1) * SP[w];
    if (st.flip[v]) affine[4 * w + 3] = (N[w] - 1) * SP[w];
  });
  return { dims, data, affine, pixdim: st.worldAxis.map((w) => SP[w]) };
}

describe('canonical orientation gives the same slices whatever the storage', () => {
  for (const st of STORAGES) {
    for (const transform of ['sform', 'qform'] as const) {
      it(`${st.name} (${transform})`, async () => {
        const v = storedVolume(st);
        const path = tmp.path(`${st.name.replace(/\W+/g, '_')}-${transform}.nii.gz`);
        writeFileSync(path, encodeNifti({
          ...v, datatype: 'int16', sformCode: transform === 'sform' ? 1 : 0, qformCode: transform === 'qform' ? 1 : 0,
        }));
        const axial = st.worldAxis.indexOf(2);
        const g = geometryOf(parseNiftiHeader(encodeNifti({ ...v, datatype: 'int16' })));
        expect(g.axialAxis).toBe(axial);
        const slices = await readAllSlices(path, CANONICAL);
        expect(slices).toHaveLength(N[2]);
        for (const s of slices) {
          expect([s.width, s.height]).toEqual([N[0], N[1]]);
          const z = st.flip[axial] ? N[2] - 1 - s.index : s.index; // the index stays the stored k
          const expected = Array.from({ length: N[0] * N[1] }, (_, p) => (p % N[0]) + 10 * Math.floor(p / N[0]) + 100 * z);
          expect(Array.from(s.hu), `slice ${s.index}`).toEqual(expected);
          expect(s.spacingMm).toEqual([0.5, 0.75]);
        }
      });
    }
  }

  it('stored orientation of a permuted volume keeps the stored axes: x = lower-numbered remaining axis', async () => {
    const st = STORAGES[3]; // stored axes A, I, L; axial axis 1, so x = axis 0 (A), y = axis 2 (L)
    const v = storedVolume(st);
    const path = tmp.path('permuted-stored.nii');
    writeFileSync(path, encodeNifti({ ...v, datatype: 'int16' }));
    const slices = await readAllSlices(path, STORED);
    expect(slices).toHaveLength(5);
    const s = slices[0]; // stored j = 0 is the most superior (flipped S axis): s = 4
    expect([s.width, s.height]).toEqual([3, 4]);
    // pixel (x = a, y = stored k) with r = 3 - k
    const expected = Array.from({ length: 12 }, (_, p) => (3 - Math.floor(p / 3)) + 10 * (p % 3) + 400);
    expect(Array.from(s.hu)).toEqual(expected);
    expect(s.spacingMm).toEqual([0.75, 0.5]);
  });
});

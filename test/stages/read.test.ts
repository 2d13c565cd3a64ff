import { describe, expect, it } from 'vitest';
import { geometryOf } from '../../src/readers/nifti/geometry.js';
import { parseNiftiHeader, type NiftiHeader } from '../../src/readers/nifti/header.js';
import { openNifti } from '../../src/readers/nifti/open.js';
import { planSlices } from '../../src/readers/slicing.js';
import { encodeNifti, type NiftiImageSpec } from '../../src/readers/nifti/write.js';
import { decodeVoxels, inPlaneSpacing, seedSpacingPixdimIndices, type ReadParams } from '../../src/stages/read.js';
import { needSharedData, sharedFile } from '../helpers/sharedData.js';

const SEED: ReadParams = { spacing: 'seed-heuristic', orientation: 'stored' };
const GEOMETRY: ReadParams = { spacing: 'geometry', orientation: 'stored' };

function headerOf(dims: number[], pixdim: number[], extra: Partial<NiftiImageSpec> = {}): NiftiHeader {
  const n = dims.reduce((a, b) => a * b, 1);
  return parseNiftiHeader(encodeNifti({ dims, pixdim, datatype: 'uint8', data: new Uint8Array(n), ...extra }));
}

function spacing(params: ReadParams, h: NiftiHeader): readonly [number, number] {
  const g = geometryOf(h);
  return inPlaneSpacing(params, h, g, planSlices(g, params.orientation));
}

describe("inPlaneSpacing 'seed-heuristic' (find_pix_dim)", () => {
  it('a 2-D 648 × 512 slice: axes 1 and 2, float32 values kept', () => {
    const h = headerOf([648, 512], [0.53394, 0.533586]);
    expect(spacing(SEED, h)).toEqual([Math.fround(0.53394), Math.fround(0.533586)]);
    expect(seedSpacingPixdimIndices(h)).toEqual([1, 2]);
  });

  it('122 × 101 × 112: the slice axis wins the second place (pixdim[1], pixdim[3])', () => {
    const h = headerOf([122, 101, 112], [3, 2, 5]);
    expect(seedSpacingPixdimIndices(h)).toEqual([1, 3]);
    expect(spacing(SEED, h)).toEqual([3, 5]);
    expect(spacing(GEOMETRY, h)).toEqual([3, 2]);
  });

  it('512 × 512 × 600: the slice spacing comes first', () => {
    // Only the header matters: write a tiny image and patch its dims (the data is never read).
    const bytes = encodeNifti({ dims: [2, 2, 2], pixdim: [0.75, 0.75, 1.5], datatype: 'uint8', data: new Uint8Array(8) });
    const view = new DataView(bytes.buffer);
    [512, 512, 600].forEach((d, i) => view.setInt16(42 + 2 * i, d, true));
    const h = parseNiftiHeader(bytes);
    expect(h.dim.slice(0, 4)).toEqual([3, 512, 512, 600]);
    expect(seedSpacingPixdimIndices(h)).toEqual([3, 1]);
    expect(spacing(SEED, h)).toEqual([1.5, 0.75]);
    expect(spacing(GEOMETRY, h)).toEqual([0.75, 0.75]);
  });

  it('dim[0] takes part: a 2 × 2 image ties dim[0] = 2 and picks pixdim[0] (qfac) first', () => {
    // np.argmax([2, 2, 2, 1, 1, 1, 1, 1]) = 0; after deleting it, argmax([2, 2, 1, ...]) = 0, i.e. pixdim[1].
    const h = headerOf([2, 2], [0.5, 0.25], { affine: [-0.5, 0, 0, 0, 0, 0.25, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1] });
    expect(h.pixdim[0]).toBe(-1);
    expect(seedSpacingPixdimIndices(h)).toEqual([0, 1]);
    expect(spacing(SEED, h)).toEqual([-1, 0.5]);
  });

  it('ignores xyzt_units, while geometry converts', () => {
    const h = headerOf([64, 32], [0.0005, 0.0005], { xyztUnits: 1 });
    expect(spacing(SEED, h)).toEqual([Math.fround(0.0005), Math.fround(0.0005)]);
    expect(spacing(GEOMETRY, h)[0]).toBeCloseTo(0.5, 5);
  });
});

describe("inPlaneSpacing 'geometry' follows the slice's own axes", () => {
  it('coronal storage: x = voxel axis 0, y = voxel axis 2', () => {
    const h = headerOf([4, 3, 2], [0.5, 3, 0.25], { affine: [0.5, 0, 0, 0, 0, 0, 0.25, 0, 0, 3, 0, 0, 0, 0, 0, 1] });
    expect(geometryOf(h).axialAxis).toBe(1);
    expect(spacing(GEOMETRY, h)).toEqual([0.5, 0.25]);
  });

  it('canonical orientation of a volume stored P-R-S swaps x and y', () => {
    const h = headerOf([4, 3, 2], [0.5, 0.25, 2], { affine: [0, 0.25, 0, 0, -0.5, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 1] });
    const g = geometryOf(h);
    const params: ReadParams = { spacing: 'geometry', orientation: 'canonical' };
    expect(inPlaneSpacing(params, h, g, planSlices(g, 'canonical'))).toEqual([0.25, 0.5]);
  });
});

const SEED_SLICE = 'seed-slices/slice004.nii.gz';
const EXAMPLE_CT = 'totalsegmentator/example_ct.nii.gz';
const realFiles = needSharedData('seed heuristic on the real files', SEED_SLICE, EXAMPLE_CT);

describe.skipIf(realFiles.skip)(realFiles.title, () => {
  // Expected values: nibabel 5.0 Nifti1Header.from_fileobj + numpy argmax/delete, as find_pix_dim does.
  it('slice004 (648 × 512): 0.5339398384094238 × 0.5335859656333923', async () => {
    const source = await openNifti(sharedFile(SEED_SLICE), SEED);
    await source.close();
    expect(source.spacingMm).toEqual([0.5339398384094238, 0.5335859656333923]);
    expect(seedSpacingPixdimIndices(source.header)).toEqual([1, 2]);
  });

  it('example_ct (122 × 101 × 112): pixdim axes 1 and 3, 3 × 3 mm', async () => {
    const source = await openNifti(sharedFile(EXAMPLE_CT), SEED);
    await source.close();
    expect(source.header.dim.slice(0, 4)).toEqual([3, 122, 101, 112]);
    expect(seedSpacingPixdimIndices(source.header)).toEqual([1, 3]);
    expect(source.spacingMm).toEqual([3, 3]);
  });
});

describe('decodeVoxels', () => {
  function header(spec: Partial<NiftiImageSpec> & Pick<NiftiImageSpec, 'datatype' | 'data'>): { h: NiftiHeader; voxels: Uint8Array } {
    const bytes = encodeNifti({ dims: [spec.data.length, 1], pixdim: [1, 1], ...spec });
    const h = parseNiftiHeader(bytes);
    return { h, voxels: bytes.subarray(h.voxOffset) };
  }

  it('applies slope and intercept in float64, then rounds to float32', () => {
    const { h, voxels } = header({ datatype: 'int32', data: [16777217, -3], sclSlope: 1, sclInter: 1, version: 2 });
    const out = new Float32Array(2);
    decodeVoxels(h, voxels, out);
    // 16777217 + 1 = 16777218 is a float32; adding in float32 would have given 16777216 + 1 -> 16777216.
    expect(Array.from(out)).toEqual([16777218, -2]);
  });

  it('a slope of NaN or 0 means no scaling; NaN and infinities pass through', () => {
    for (const sclSlope of [NaN, 0]) {
      const { h, voxels } = header({ datatype: 'float32', data: [NaN, Infinity, -Infinity, 2.5], sclSlope, sclInter: 100 });
      const out = new Float32Array(4);
      decodeVoxels(h, voxels, out);
      expect(Array.from(out)).toEqual([NaN, Infinity, -Infinity, 2.5]);
    }
  });

  it('gives the same values from an unaligned view and from big-endian bytes', () => {
    const data = [-32768, -1, 0, 1, 1234, 32767];
    const le = header({ datatype: 'int16', data, sclSlope: 2, sclInter: -1 });
    const be = header({ datatype: 'int16', data, sclSlope: 2, sclInter: -1, littleEndian: false });
    const unaligned = new Uint8Array(le.voxels.length + 1);
    unaligned.set(le.voxels, 1);
    const expected = data.map((v) => v * 2 - 1);
    for (const [h, bytes] of [[le.h, le.voxels], [le.h, unaligned.subarray(1)], [be.h, be.voxels]] as const) {
      const out = new Float32Array(data.length);
      decodeVoxels(h, bytes, out);
      expect(Array.from(out)).toEqual(expected);
    }
  });

  it('refuses too few bytes', () => {
    const { h, voxels } = header({ datatype: 'int16', data: [1, 2] });
    expect(() => decodeVoxels(h, voxels.subarray(0, 3), new Float32Array(2))).toThrow(/need 4 bytes, got 3/);
  });
});

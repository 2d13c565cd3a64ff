import { describe, expect, it } from 'vitest';
import { geometryOf } from '../../../src/readers/nifti/geometry.js';
import { NiftiError, parseNiftiHeader } from '../../../src/readers/nifti/header.js';
import { encodeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { patch } from './fixtures.js';

const BASE: NiftiImageSpec = { dims: [4, 3, 2], datatype: 'uint8', data: new Array(24).fill(0), pixdim: [2, 3, 4] };

function geometry(spec: NiftiImageSpec, edit?: (v: DataView) => void) {
  const bytes = encodeNifti(spec);
  if (edit) patch(bytes, edit);
  return geometryOf(parseNiftiHeader(bytes));
}

function expectAffine(actual: readonly number[], expected: readonly number[], digits = 5): void {
  expect(actual).toHaveLength(16);
  expected.forEach((e, i) => expect(actual[i], `affine[${i}]`).toBeCloseTo(e, digits));
}

/** NIfTI-1 field offsets used below. */
const QFORM_CODE = 252, SFORM_CODE = 254, QUATERN_B = 256, QOFFSET_X = 268, SROW_X = 280, PIXDIM0 = 76;

function setQuaternion(v: DataView, b: number, c: number, d: number, qfac: number, offset: [number, number, number]): void {
  [b, c, d].forEach((x, i) => v.setFloat32(QUATERN_B + 4 * i, x, true));
  offset.forEach((x, i) => v.setFloat32(QOFFSET_X + 4 * i, x, true));
  v.setFloat32(PIXDIM0, qfac, true);
}

describe('geometryOf: which affine', () => {
  it('prefers the sform when sform_code > 0, even if a qform is set', () => {
    const g = geometry(BASE, (v) => {
      v.setInt16(QFORM_CODE, 1, true);
      v.setInt16(SFORM_CODE, 2, true);
      const srow = [0, 0, 4, -7, -2, 0, 0, 8, 0, 3, 0, 9];
      srow.forEach((x, i) => v.setFloat32(SROW_X + 4 * i, x, true));
    });
    expectAffine(g.affine, [0, 0, 4, -7, -2, 0, 0, 8, 0, 3, 0, 9, 0, 0, 0, 1]);
  });

  it('uses the qform when sform_code is 0: a 90° turn about z with qfac -1, worked out by hand', () => {
    // a = cos 45°, d = sin 45°: R = [[0,-1,0],[1,0,0],[0,0,1]]; columns × pixdim (2,3,4), the third × qfac = -1.
    // nibabel 5.0 get_qform gives the same matrix (to 1e-7).
    const g = geometry({ ...BASE, sformCode: 0 }, (v) => setQuaternion(v, 0, 0, Math.SQRT1_2, -1, [10, 20, 30]));
    expectAffine(g.affine, [0, -3, 0, 10, 2, 0, 0, 20, 0, 0, -4, 30, 0, 0, 0, 1]);
  });

  it('qform: 180° about x (b = 1) with qfac -1 gives diag(2, -3, 4)', () => {
    const g = geometry({ ...BASE, sformCode: 0 }, (v) => setQuaternion(v, 1, 0, 0, -1, [10, 20, 30]));
    expectAffine(g.affine, [2, 0, 0, 10, 0, -3, 0, 20, 0, 0, 4, 30, 0, 0, 0, 1]);
  });

  it('the writer encodes a left-handed affine as qfac -1 and the reader gets it back from the qform', () => {
    const affine = [-0.5, 0, 0, 100, 0, -0.5, 0, 120, 0, 0, -2, 30, 0, 0, 0, 1]; // LPI
    const bytes = encodeNifti({ ...BASE, pixdim: [0.5, 0.5, 2], affine, sformCode: 0 });
    const header = parseNiftiHeader(bytes);
    expect(header.pixdim[0]).toBe(-1);
    expectAffine(geometryOf(header).affine, affine);
  });

  it('falls back to diag(pixdim) when neither code is set (NIfTI method 1)', () => {
    const g = geometry({ ...BASE, qformCode: 0, sformCode: 0, affine: [0, 1, 0, 5, 1, 0, 0, 5, 0, 0, 1, 5, 0, 0, 0, 1] });
    expect(g.affine).toEqual([2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1]);
  });
});

describe('geometryOf: spacing and units', () => {
  it('xyzt_units in metres', () => {
    const g = geometry({ ...BASE, pixdim: [0.0005, 0.00075, 0.002], xyztUnits: 1 + 8 });
    [0.5, 0.75, 2].forEach((e, i) => expect(g.spacingMm[i]).toBeCloseTo(e, 4));
    expect(g.affine[0]).toBeCloseTo(0.5, 4);
  });

  it('xyzt_units in micrometres', () => {
    const g = geometry({ ...BASE, pixdim: [500, 750, 2000], xyztUnits: 3 });
    expect(g.spacingMm).toEqual([0.5, 0.75, 2]);
    expect(g.affine[5]).toBeCloseTo(0.75, 6);
  });

  it('unknown units (0) are taken as mm; negative pixdims count by magnitude', () => {
    const g = geometry({ ...BASE, pixdim: [-0.5, 0.75, 2], xyztUnits: 0 });
    expect(g.spacingMm).toEqual([0.5, 0.75, 2]);
  });

  it('2-D files: nz = 1 and axial axis 2', () => {
    const g = geometry({ dims: [4, 3], datatype: 'uint8', data: new Array(12).fill(0), pixdim: [0.5, 0.75] });
    expect(g.dims).toEqual([4, 3, 1]);
    expect(g.axialAxis).toBe(2);
    expect(g.spacingMm).toEqual([0.5, 0.75, 1]);
    expect(g.nVolumes).toBe(1);
  });

  it('pixdim 0 on used axes: the voxel size comes from the sform, and a note says so', () => {
    const affine = [0, 0, 4, -7, -2, 0, 0, 8, 0, 3, 0, 9, 0, 0, 0, 1];
    const g = geometry({ ...BASE, affine }, (v) => [1, 2].forEach((d) => v.setFloat32(PIXDIM0 + 4 * d, 0, true)));
    expect(g.spacingMm).toEqual([2, 3, 4]);
    expect(g.spacingNote).toBe('spacing-from-sform: pixdim[1, 2] (bytes 80-87) are 0, 0; voxel size 2 x 3 x 4 mm taken from the sform');
    expect(geometry(BASE).spacingNote).toBeUndefined();
  });

  it('pixdim 0 with no sform to fall back on is an error that names the field', () => {
    let error: unknown = null;
    try {
      geometry({ ...BASE, sformCode: 0 }, (v) => v.setFloat32(PIXDIM0 + 12, 0, true));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NiftiError);
    expect((error as NiftiError).code).toBe('bad-pixdim');
    expect((error as NiftiError).message).toBe('pixdim[3] (bytes 88-91) is 0, so the voxel size is unknown: there is no sform (sform_code 0) to take it from');
  });

  it('4-D files count their volumes', () => {
    const g = geometry({ dims: [2, 2, 2, 3, 2], datatype: 'uint8', data: new Array(48).fill(0), pixdim: [1, 1, 1, 1, 1] });
    expect(g.nVolumes).toBe(6);
    expect(g.dims).toEqual([2, 2, 2]);
  });
});

describe('geometryOf: axial axis', () => {
  it('axial storage: axis 2', () => {
    expect(geometry({ ...BASE, affine: [-2, 0, 0, 0, 0, -3, 0, 0, 0, 0, 4, 0, 0, 0, 0, 1] }).axialAxis).toBe(2);
  });

  it('sagittal storage (voxel axis 0 runs along world z): axis 0', () => {
    // i -> z, j -> y (A), k -> x (R)
    const affine = [0, 0, 4, 0, 0, 3, 0, 0, 2, 0, 0, 0, 0, 0, 0, 1];
    expect(geometry({ ...BASE, affine }).axialAxis).toBe(0);
  });

  it('coronal storage (voxel axis 1 runs along world -z): axis 1', () => {
    const affine = [2, 0, 0, 0, 0, 0, 4, 0, 0, -3, 0, 0, 0, 0, 0, 1];
    expect(geometry({ ...BASE, affine }).axialAxis).toBe(1);
  });

  it('an oblique axial scan (20° tilt) is still axial', () => {
    const c = Math.cos(Math.PI / 9), s = Math.sin(Math.PI / 9);
    const affine = [2, 0, 0, 0, 0, 3 * c, -4 * s, 0, 0, 3 * s, 4 * c, 0, 0, 0, 0, 1];
    expect(geometry({ ...BASE, affine }).axialAxis).toBe(2);
  });
});

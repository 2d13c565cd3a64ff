import { describe, it, expect } from 'vitest';
import { parseNiftiHeader } from '../../src/readers/nifti/header.js';
import { geometryOf } from '../../src/readers/nifti/geometry.js';
import { encodeNifti } from '../../src/readers/nifti/write.js';
import { generatePhantomWithLabels, LABEL, parseOrientation, toCanonical, type PhantomOptions } from '../../src/phantom/index.js';

const BASE: PhantomOptions = { shape: [64, 72, 40], spacingMm: [5, 4.6, 7], seed: 21 };
const SHAPE = BASE.shape as [number, number, number];
const N = 64 * 72 * 40;

function canonical(opts: PhantomOptions) {
  const r = generatePhantomWithLabels(opts);
  const o = parseOrientation(opts.orientation ?? 'LPS');
  const slope = r.spec.sclSlope ?? 1, inter = r.spec.sclInter ?? 0;
  const hu = toCanonical(r.spec.data, o, SHAPE, new Float64Array(N)).map((v) => v * slope + inter);
  return { ...r, hu, canonicalLabels: toCanonical(r.labels, o, SHAPE, new Uint8Array(N)) };
}

/** World (mm) centroid of the voxels with a label, through the stored affine. */
function centroid(labels: Uint8Array, dims: readonly number[], affine: readonly number[], code: number): number[] {
  const sum = [0, 0, 0];
  let n = 0;
  for (let k = 0; k < dims[2]; k++) for (let j = 0; j < dims[1]; j++) for (let i = 0; i < dims[0]; i++) {
    if (labels[i + dims[0] * (j + dims[1] * k)] !== code) continue;
    for (let r = 0; r < 3; r++) sum[r] += affine[4 * r] * i + affine[4 * r + 1] * j + affine[4 * r + 2] * k + affine[4 * r + 3];
    n++;
  }
  return sum.map((s) => s / n);
}

describe('phantom encodings and orientations', () => {
  const ref = canonical({ ...BASE, orientation: 'RAS' });
  const variants: PhantomOptions[] = [
    { ...BASE, orientation: 'LPS', datatype: 'int16', version: 2, littleEndian: false },
    { ...BASE, orientation: 'LPI', datatype: 'uint16' },
    { ...BASE, orientation: 'ASR', datatype: 'float32', version: 2 },
    { ...BASE, orientation: 'RPI', datatype: 'int32', littleEndian: false },
    { ...BASE, orientation: 'SLA', datatype: 'float64' },
    { ...BASE, orientation: 'PIR', datatype: 'uint8' },
    { ...BASE, orientation: 'LAS', datatype: 'int8' },
  ];

  for (const v of variants) {
    it(`${v.orientation} ${v.datatype} v${v.version ?? 1} ${v.littleEndian === false ? 'BE' : 'LE'}: same anatomy after undoing the permutation`, () => {
      const r = canonical(v);
      expect(Buffer.from(r.canonicalLabels).equals(Buffer.from(ref.canonicalLabels))).toBe(true);
      const o = parseOrientation(v.orientation!);
      expect(r.truth.axialAxis).toBe(o.storedAxisOf[2]);
      // Same voxels, so the per-slice truth is the same list, reversed when the stored z axis runs inferior.
      const lungs = r.truth.slices.map((s) => s.lungPx.total);
      const refLungs = ref.truth.slices.map((s) => s.lungPx.total);
      expect(r.truth.sliceIndexIncreasesToward === 'inferior' ? lungs.reverse() : lungs).toEqual(refLungs);
      // HU: exact for types that hold every value, within half a step for 8-bit types, clamped padding for uint16.
      const step = v.datatype === 'uint8' || v.datatype === 'int8' ? 16 : 1;
      let worst = 0;
      for (let p = 0; p < N; p++) {
        if (ref.hu[p] === ref.truth.paddingHu) continue;
        worst = Math.max(worst, Math.abs(r.hu[p] - ref.hu[p]));
      }
      expect(worst).toBeLessThanOrEqual(step / 2);
      // The affine puts the trachea and the stomach gas at the same world positions.
      for (const code of [LABEL.airway, LABEL.stomachGas]) {
        const a = centroid(r.labels, r.spec.dims, r.spec.affine!, code);
        const b = centroid(ref.labels, ref.spec.dims, ref.spec.affine!, code);
        a.forEach((x, q) => expect(x).toBeCloseTo(b[q], 6));
      }
    });
  }

  it('writes headers that the reader maps back to the same axial axis, dims and scaling', () => {
    for (const v of variants) {
      const r = generatePhantomWithLabels(v);
      const h = parseNiftiHeader(encodeNifti(r.spec));
      expect(h.version).toBe(v.version ?? 1);
      expect(h.littleEndian).toBe(v.littleEndian ?? true);
      expect(h.datatype).toBe(v.datatype);
      expect(h.qformCode).toBe(1);
      expect(h.sformCode).toBe(1);
      const g = geometryOf(h);
      expect(g.axialAxis).toBe(r.truth.axialAxis);
      expect([...g.dims]).toEqual([...r.truth.storedShape]);
      g.affine.forEach((x, q) => expect(x).toBeCloseTo(r.spec.affine![q], 4));
    }
  });

  it('stores uint16 with scl_inter -1024 and 8-bit types with a slope of 16', () => {
    expect(generatePhantomWithLabels({ ...BASE, datatype: 'uint16' }).spec).toMatchObject({ sclSlope: 1, sclInter: -1024 });
    expect(generatePhantomWithLabels({ ...BASE, datatype: 'uint8' }).spec).toMatchObject({ sclSlope: 16, sclInter: -2048 });
    const custom = generatePhantomWithLabels({ ...BASE, datatype: 'int16', sclSlope: 2, sclInter: -500 });
    expect(custom.spec).toMatchObject({ sclSlope: 2, sclInter: -500 });
    const d = custom.spec.data as Int16Array;
    const m = ref.spec.data as Int16Array;
    const o = parseOrientation('LPS');
    const back = toCanonical(d, o, SHAPE, new Float64Array(N)).map((x) => 2 * x - 500);
    let worst = 0;
    for (let p = 0; p < N; p++) if (m[p] !== ref.truth.paddingHu) worst = Math.max(worst, Math.abs(back[p] - ref.hu[p]));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as nifti from 'nifti-reader-js';
import { afterAll, describe, expect, it } from 'vitest';
import { ALL_DATATYPES, type NiftiDatatype } from '../../../src/readers/nifti/datatypes.js';
import { geometryOf } from '../../../src/readers/nifti/geometry.js';
import { openNifti } from '../../../src/readers/nifti/open.js';
import { writeNifti, type NiftiImageSpec } from '../../../src/readers/nifti/write.js';
import { firstMismatch, noise, STORED, tempDir } from './fixtures.js';

const DATA_DIR = '/work/shared/data';

function niftiFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.nii(\.gz)?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

type NrHeader = ReturnType<typeof nifti.readHeader>;

/** nifti-reader-js's view of a file: header, and HU by nibabel's scaling rule, as float32. */
function readWithNiftiReader(path: string): { hdr: NrHeader; hu: Float32Array } {
  const file = readFileSync(path);
  let data: ArrayBuffer = file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength) as ArrayBuffer;
  if (nifti.isCompressed(data)) data = nifti.decompress(data) as ArrayBuffer;
  const hdr = nifti.readHeader(data);
  const image = nifti.readImage(hdr, data);
  const view = new DataView(image);
  const bpv = hdr.numBitsPerVoxel / 8;
  const n = hdr.dims.slice(1, Math.min(3, hdr.dims[0]) + 1).reduce((a, b) => a * b, 1); // first volume
  const le = hdr.littleEndian;
  const get: Record<number, (i: number) => number> = {
    2: (i) => view.getUint8(i), 256: (i) => view.getInt8(i),
    4: (i) => view.getInt16(i * 2, le), 512: (i) => view.getUint16(i * 2, le),
    8: (i) => view.getInt32(i * 4, le), 768: (i) => view.getUint32(i * 4, le),
    16: (i) => view.getFloat32(i * 4, le), 64: (i) => view.getFloat64(i * 8, le),
  };
  const read = get[hdr.datatypeCode];
  const scaled = hdr.scl_slope !== 0 && Number.isFinite(hdr.scl_slope);
  const hu = new Float32Array(n);
  for (let i = 0; i < n; i++) hu[i] = scaled ? read(i) * hdr.scl_slope + hdr.scl_inter : read(i);
  expect(bpv).toBeGreaterThan(0);
  return { hdr, hu };
}

async function readWithUs(path: string) {
  const source = await openNifti(path, STORED);
  try {
    const parts: Float32Array[] = [];
    for await (const s of source.slices()) parts.push(s.hu);
    const hu = new Float32Array(parts.reduce((a, p) => a + p.length, 0));
    let o = 0;
    for (const p of parts) { hu.set(p, o); o += p.length; }
    return { source, hu };
  } finally {
    await source.close();
  }
}

async function compareWithNiftiReader(path: string): Promise<void> {
  const theirs = readWithNiftiReader(path);
  const ours = await readWithUs(path);
  const h = ours.source.header;
  const t = theirs.hdr;
  expect(h.dim).toEqual(t.dims);
  expect(h.pixdim).toEqual(t.pixDims);
  expect(h.datatypeCode).toBe(t.datatypeCode);
  expect(h.bitpix).toBe(t.numBitsPerVoxel);
  expect(h.voxOffset).toBe(t.vox_offset);
  expect([h.sclSlope, h.sclInter]).toEqual([t.scl_slope, t.scl_inter]);
  expect([h.qformCode, h.sformCode, h.xyztUnits]).toEqual([t.qform_code, t.sform_code, t.xyzt_units]);
  expect(h.quatern).toEqual([t.quatern_b, t.quatern_c, t.quatern_d]);
  // nifti-reader-js picks the qform when qform_code > sform_code, we pick the sform whenever sform_code > 0.
  if (h.sformCode > 0 ? t.qform_code <= t.sform_code : t.qform_code > 0) {
    const theirAffine = t.affine.flat();
    ours.source.geometry.affine.forEach((v, i) => expect(v, `affine[${i}]`).toBeCloseTo(theirAffine[i], 4));
  }
  if (t.qform_code > 0) {
    // Our qform path (NIfTI method 2), forced by hiding the sform, against theirs.
    const qform = geometryOf({ ...h, sformCode: 0 }).affine;
    const theirs = t.getQformMat().flat();
    qform.forEach((v, i) => expect(v, `qform[${i}]`).toBeCloseTo(theirs[i], 4));
  }
  const at = firstMismatch(ours.hu, theirs.hu);
  expect(at, `first voxel that differs: ${at} (${ours.hu[at]} vs ${theirs.hu[at]})`).toBe(-1);
}

const REAL = niftiFiles(DATA_DIR);

describe.skipIf(REAL.length === 0)(`every NIfTI file under ${DATA_DIR} reads as nifti-reader-js 0.8.0 reads it (skipped: folder absent)`, () => {
  it.each(REAL.map((p) => [p.slice(DATA_DIR.length + 1), p]))('%s', async (_, path) => {
    await compareWithNiftiReader(path);
  });
});

describe('files from our writer read the same in nifti-reader-js', () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  const values: Record<NiftiDatatype, number[]> = {
    uint8: noise(60, 0, 255), int8: noise(60, -128, 127), int16: noise(60, -32768, 32767), uint16: noise(60, 0, 65535),
    int32: noise(60, -2147483648, 2147483647), uint32: noise(60, 0, 4294967295),
    float32: noise(60, -4000, 4000).map((v) => v / 8), float64: noise(60, -4000, 4000).map((v) => v / 3),
  };

  for (const datatype of ALL_DATATYPES) {
    for (const version of [1, 2] as const) {
      for (const littleEndian of [true, false]) {
        it(`${datatype} NIfTI-${version} ${littleEndian ? 'LE' : 'BE'}`, async () => {
          const spec: NiftiImageSpec = {
            dims: [5, 4, 3], datatype, data: values[datatype], pixdim: [0.5, 0.75, 2], version, littleEndian,
            sclSlope: 2, sclInter: -1024, descrip: 'lungflow writer test',
            // A rotation (90° about z) with a left-handed frame: qfac -1.
            affine: [0, -0.75, 0, 10, 0.5, 0, 0, -20, 0, 0, -2, 30, 0, 0, 0, 1],
          };
          const path = tmp.path(`nr-${datatype}-${version}-${littleEndian}.nii${version === 1 ? '.gz' : ''}`);
          await writeNifti(path, spec);
          await compareWithNiftiReader(path);
          const { hdr } = readWithNiftiReader(path);
          expect(hdr.description).toBe('lungflow writer test');
          expect(hdr.pixDims[0]).toBe(-1); // nifti-reader-js leaves hdr.qfac at 1; the stored qfac is pixdim[0]
          // Their qform from our quaternion reproduces the affine we asked for.
          hdr.getQformMat().flat().forEach((v, i) => expect(v, `qform[${i}]`).toBeCloseTo(spec.affine![i], 5));
        });
      }
    }
  }
});

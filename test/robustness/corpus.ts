/**
 * Generated inputs for the robustness tests: small valid phantom scans, and a malformed-input corpus made by
 * writing valid images with the project's own writer and then corrupting bytes. Nothing here is committed as a
 * binary; every file is rebuilt in a temporary folder.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeNifti, type NiftiImageSpec } from '../../src/readers/nifti/write.js';
import { generatePhantom, type PhantomOptions } from '../../src/phantom/index.js';

/** Small enough to keep a cohort fast, large enough for the default preset to find both lungs. */
export const SMALL_SHAPE = [96, 96, 40] as const;
export const SMALL_SPACING_MM = [3.6, 3.6, 7.5] as const;

export function smallPhantom(seed: number, extra: Partial<PhantomOptions> = {}): NiftiImageSpec {
  return generatePhantom({ shape: SMALL_SHAPE, spacingMm: SMALL_SPACING_MM, seed, ...extra }).spec;
}

/** Writes `spec` as a single-file NIfTI: gzip-compressed when `gzip` is true (the name is the caller's choice). */
export function writeImage(file: string, spec: NiftiImageSpec, gzip = file.endsWith('.gz')): string {
  const raw = encodeNifti(spec);
  writeFileSync(file, gzip ? gzipSync(raw) : raw);
  return file;
}

/** Writes `count` small phantom scans `${prefix}NN.nii.gz` (seeds baseSeed, baseSeed + 1, …); returns their paths. */
export function writePhantomScans(dir: string, count: number, baseSeed = 100, prefix = 'scan-'): string[] {
  return Array.from({ length: count }, (_, i) =>
    writeImage(path.join(dir, `${prefix}${String(i + 1).padStart(2, '0')}.nii.gz`), smallPhantom(baseSeed + i)),
  );
}

// NIfTI-1 header offsets (bytes).
const N1 = { sizeofHdr: 0, dim: 40, datatype: 70, bitpix: 72, pixdim: 76, voxOffset: 108, sformCode: 254, magic: 344 } as const;
// NIfTI-2 header offsets (bytes).
const N2 = { dim: 16, voxOffset: 168 } as const;

function edit(raw: Uint8Array, f: (v: DataView) => void): Uint8Array {
  const copy = raw.slice();
  f(new DataView(copy.buffer));
  return copy;
}

/** A slice of a 3-D phantom volume, stored axis 2 (the phantom's default LPS storage has z as axis 2). */
function sliceOf(spec: NiftiImageSpec, k: number): ArrayLike<number> {
  const [nx, ny] = spec.dims;
  const data = spec.data as Int16Array;
  return data.subarray(k * nx * ny, (k + 1) * nx * ny);
}

function mapData(spec: NiftiImageSpec, f: (hu: number, i: number) => number, datatype: NiftiImageSpec['datatype'] = spec.datatype): NiftiImageSpec {
  const src = spec.data;
  const out = datatype === 'float32' ? new Float32Array(src.length) : new Int16Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i], i);
  return { ...spec, datatype, data: out, sclSlope: 1, sclInter: 0 };
}

function filled(spec: NiftiImageSpec, hu: number): NiftiImageSpec {
  return { ...spec, datatype: 'int16', data: new Int16Array(spec.data.length).fill(hu), sclSlope: 1, sclInter: 0 };
}

export interface CorpusFile {
  readonly name: string;
  /** What the file is, for reports. */
  readonly what: string;
}

/**
 * Writes the malformed-input corpus (and two valid controls) into `dir`. The phantom int16 base has
 * scl_slope 1, scl_inter 0, vox_offset 352 (NIfTI-1) and stores HU directly.
 */
export function writeMalformedCorpus(dir: string): CorpusFile[] {
  const base = smallPhantom(7);
  const raw = encodeNifti(base);
  const gz = gzipSync(raw);
  const files: CorpusFile[] = [];
  const put = (name: string, what: string, bytes: Uint8Array | string) => {
    writeFileSync(path.join(dir, name), bytes);
    files.push({ name, what });
  };
  const putImage = (name: string, what: string, spec: NiftiImageSpec) => {
    writeImage(path.join(dir, name), spec);
    files.push({ name, what });
  };

  // Valid controls.
  put('good.nii.gz', 'a valid phantom scan', gz);
  putImage('good-2.nii', 'a second valid phantom scan, plain', smallPhantom(8));

  // Cut downloads.
  put('truncated.nii.gz', 'gzip cut in the middle of the voxel data', gz.subarray(0, Math.floor(gz.length / 2)));
  put('truncated.nii', 'plain file cut in the middle of the voxel data', raw.subarray(0, Math.floor(raw.length / 2)));
  put('truncated-header.nii', 'plain file cut inside the header (200 bytes)', raw.subarray(0, 200));

  // Not NIfTI, or not quite.
  put('bad-magic.nii', "magic at byte 344 overwritten with 'XYZ'", edit(raw, (v) => [0x58, 0x59, 0x5a, 0].forEach((b, i) => v.setUint8(N1.magic + i, b))));
  put('bad-sizeof-hdr.nii', 'sizeof_hdr 349 (magic intact)', edit(raw, (v) => v.setInt32(N1.sizeofHdr, 349, true)));
  put('empty.nii.gz', 'zero bytes', new Uint8Array(0));
  put('notes.nii', 'a text file named .nii', 'these are my notes about the cohort, not an image\n'.repeat(20));

  // Misnamed but valid: gzip is sniffed from the content.
  put('gzip-named.nii', 'gzip content named .nii (valid)', gz);
  put('plain-named.nii.gz', 'plain content named .nii.gz (valid)', raw);

  // Header fields out of range.
  put('bad-datatype.nii', 'datatype code 3 (undefined)', edit(raw, (v) => v.setInt16(N1.datatype, 3, true)));
  put('negative-dim.nii', 'dim[2] = -96', edit(raw, (v) => v.setInt16(N1.dim + 2 * 2, -96, true)));
  put('zero-dim.nii', 'dim[3] = 0', edit(raw, (v) => v.setInt16(N1.dim + 2 * 3, 0, true)));
  put('absurd-dims.nii', '32767^3 int16 claimed in a 4 KiB file', edit(raw.subarray(0, 4096), (v) => {
    for (let d = 1; d <= 3; d++) v.setInt16(N1.dim + 2 * d, 32767, true);
  }));
  const small2 = encodeNifti({ ...smallPhantom(9, { version: 2 }) });
  put('absurd-dims-nifti2.nii', 'NIfTI-2, 65535^3 int16 claimed in a 4 KiB file', edit(small2.subarray(0, 4096), (v) => {
    for (let d = 1; d <= 3; d++) v.setBigInt64(N2.dim + 8 * d, 65535n, true);
  }));
  put('absurd-dims.nii.gz', '32767^3 int16 claimed in a gzip file', gzipSync(edit(raw.subarray(0, 4096), (v) => {
    for (let d = 1; d <= 3; d++) v.setInt16(N1.dim + 2 * d, 32767, true);
  })));
  put('vox-offset-past-end.nii', 'vox_offset 10,000,000 in a 720 KiB file', edit(raw, (v) => v.setFloat32(N1.voxOffset, 10_000_000, true)));

  // Non-finite voxels: every 97th voxel NaN, every 101st +Inf, every 103rd -Inf.
  putImage('nan-inf.nii', 'float32 with NaN, +Inf and -Inf voxels', mapData(base, (hu, i) =>
    i % 97 === 0 ? NaN : i % 101 === 0 ? Infinity : i % 103 === 0 ? -Infinity : hu, 'float32'));

  // Spacing only in the affine.
  put('pixdim-zero-sform.nii', 'pixdim[1..3] = 0, spacing only in the sform', edit(raw, (v) => {
    for (let d = 1; d <= 3; d++) v.setFloat32(N1.pixdim + 4 * d, 0, true);
  }));
  put('pixdim-zero-no-affine.nii', 'pixdim[1..3] = 0, no sform or qform', edit(raw, (v) => {
    for (let d = 1; d <= 3; d++) v.setFloat32(N1.pixdim + 4 * d, 0, true);
    v.setInt16(N1.sformCode, 0, true);
    v.setInt16(N1.sformCode - 2, 0, true);
  }));

  // Shapes.
  const data4d = new Int16Array(base.data.length * 2);
  data4d.set(base.data as Int16Array);
  data4d.set(base.data as Int16Array, base.data.length);
  putImage('4d.nii.gz', '2 volumes (dims 96x96x40x2)', { ...base, dims: [...base.dims, 2], pixdim: [...base.pixdim, 1], data: data4d });
  putImage('slice-2d.nii', 'one slice stored as a 2-D image (dim[0] = 2)', {
    ...base, dims: base.dims.slice(0, 2), pixdim: base.pixdim.slice(0, 2), data: sliceOf(base, 20),
  });
  putImage('one-slice-3d.nii', 'a 3-D volume of one slice (96x96x1)', {
    ...base, dims: [base.dims[0], base.dims[1], 1], data: sliceOf(base, 20),
  });

  // Content that is not a chest CT.
  putImage('all-air.nii', 'every voxel -1000 HU', filled(base, -1000));
  putImage('all-tissue.nii', 'every voxel 40 HU', filled(base, 40));
  putImage('mr-like.nii', 'MR-like intensities 0..1500 (no air peak near -1000)', mapData(base, (hu) =>
    Math.round(Math.min(1500, Math.max(0, (hu + 1000) * 0.75)))));
  return files;
}

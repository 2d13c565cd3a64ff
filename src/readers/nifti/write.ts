import { rename, unlink, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { datatypeInfo, type NiftiDatatype } from './datatypes.js';
import { NiftiFileWriter, temporaryPathFor } from './niftiFileWriter.js';

export interface NiftiImageSpec {
  /** 2..7 entries, e.g. [nx, ny] or [nx, ny, nz]. */
  readonly dims: readonly number[];
  readonly datatype: NiftiDatatype;
  /** Stored values, i fastest; length = product(dims). Integer types must hold integers in range. */
  readonly data: ArrayLike<number>;
  /** Spacing per dim (mm), same length as dims. */
  readonly pixdim: readonly number[];
  /** 16 numbers, row-major voxel -> world (mm); default diag(pixdim). */
  readonly affine?: readonly number[];
  readonly sclSlope?: number;
  readonly sclInter?: number;
  readonly version?: 1 | 2;
  readonly littleEndian?: boolean;
  /** Defaults 1 / 1. The qform is derived from the affine's rotation and translation, with pixdim as its scale. */
  readonly qformCode?: number;
  readonly sformCode?: number;
  /** Default 2 (mm). */
  readonly xyztUnits?: number;
  readonly descrip?: string;
}

const NIFTI1_HEADER_BYTES = 348;
const NIFTI2_HEADER_BYTES = 540;
/** Header plus the 4-byte extension flag (all zero: no extensions). */
const NIFTI1_VOX_OFFSET = 352;
const NIFTI2_VOX_OFFSET = 544;

/** Encodes a single-file NIfTI image (.nii bytes, magic n+1 or n+2). */
export function encodeNifti(spec: NiftiImageSpec): Uint8Array {
  const dims = checkDims(spec);
  const info = datatypeInfo(spec.datatype);
  const nVoxels = dims.reduce((a, b) => a * b, 1);
  if (spec.data.length !== nVoxels) {
    throw new RangeError(`data holds ${spec.data.length} values but dims ${dims.join('x')} need ${nVoxels}`);
  }
  const voxOffset = voxOffsetOf(spec);
  const bytes = new Uint8Array(voxOffset + nVoxels * info.bytes);
  const view = new DataView(bytes.buffer);
  writeHeader(view, spec, dims);
  writeVoxels(view, voxOffset, spec.littleEndian ?? true, spec.datatype, spec.data);
  return bytes;
}

/** The bytes before the voxels (header and the empty extension flag) of the image `spec` describes. */
export function encodeNiftiHeader(spec: Omit<NiftiImageSpec, 'data'>): Uint8Array {
  const dims = checkDims(spec);
  const bytes = new Uint8Array(voxOffsetOf(spec));
  writeHeader(new DataView(bytes.buffer), spec, dims);
  return bytes;
}

function voxOffsetOf(spec: Pick<NiftiImageSpec, 'version'>): number {
  return (spec.version ?? 1) === 1 ? NIFTI1_VOX_OFFSET : NIFTI2_VOX_OFFSET;
}

function writeHeader(view: DataView, spec: Omit<NiftiImageSpec, 'data'>, dims: number[]): void {
  const info = datatypeInfo(spec.datatype);
  const affine = spec.affine ?? defaultAffine(spec.pixdim);
  if (affine.length !== 16) throw new RangeError(`affine must have 16 entries, got ${affine.length}`);
  const q = quaternionFromAffine(affine);
  const dim = [dims.length, ...dims];
  while (dim.length < 8) dim.push(1);
  const pixdim = [q.qfac, ...spec.pixdim];
  while (pixdim.length < 8) pixdim.push(1);
  const fields: HeaderFields = {
    dim, pixdim, datatypeCode: info.code, bitpix: info.bytes * 8, voxOffset: voxOffsetOf(spec),
    sclSlope: spec.sclSlope ?? 1, sclInter: spec.sclInter ?? 0, xyztUnits: spec.xyztUnits ?? 2,
    qformCode: spec.qformCode ?? 1, sformCode: spec.sformCode ?? 1,
    quatern: q.bcd, qoffset: [affine[3], affine[7], affine[11]], srow: [...affine.slice(0, 12)],
    descrip: spec.descrip ?? '',
  };
  const le = spec.littleEndian ?? true;
  if ((spec.version ?? 1) === 1) writeHeader1(view, le, fields);
  else writeHeader2(view, le, fields);
}

/** Writes a NIfTI file atomically (temporary file + rename); gzip-compressed when the path ends in .gz. */
export async function writeNifti(path: string, spec: NiftiImageSpec): Promise<void> {
  const raw = encodeNifti(spec);
  const bytes = path.endsWith('.gz') ? await promisify(gzip)(raw) : raw;
  await writeAtomically(path, async (tmp) => writeFile(tmp, bytes));
}

/**
 * A uint8 volume written as it is, header first, streamed through gzip when the path ends in .gz: no encoded copy
 * of the volume and no compressed file in memory (a 512x512x300 mask is 78 MB; encodeNifti's copy and range check
 * took ~450 ms of it).
 */
export async function writeNiftiUint8(path: string, spec: Omit<NiftiImageSpec, 'data' | 'datatype'>, data: Uint8Array): Promise<void> {
  const full = { ...spec, datatype: 'uint8' as const };
  const nVoxels = checkDims(full).reduce((a, b) => a * b, 1);
  if (data.length !== nVoxels) throw new RangeError(`data holds ${data.length} values but dims ${spec.dims.join('x')} need ${nVoxels}`);
  const file = new NiftiFileWriter(path, encodeNiftiHeader(full));
  try {
    for (let i = 0; i < data.length; i += WRITE_PIECE_BYTES) await file.write(data.subarray(i, i + WRITE_PIECE_BYTES));
  } catch (error) {
    await file.abort();
    throw error;
  }
  await file.close();
}

const WRITE_PIECE_BYTES = 1024 * 1024;

async function writeAtomically(path: string, write: (tmp: string) => Promise<void>): Promise<void> {
  const tmp = temporaryPathFor(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

interface HeaderFields {
  dim: number[]; pixdim: number[]; datatypeCode: number; bitpix: number; voxOffset: number;
  sclSlope: number; sclInter: number; xyztUnits: number; qformCode: number; sformCode: number;
  quatern: [number, number, number]; qoffset: [number, number, number]; srow: number[]; descrip: string;
}

function checkDims(spec: Pick<NiftiImageSpec, 'dims' | 'pixdim'>): number[] {
  const dims = [...spec.dims];
  if (dims.length < 1 || dims.length > 7) throw new RangeError(`dims must have 1..7 entries, got ${dims.length}`);
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 1) throw new RangeError(`dims must be positive integers, got ${dims.join('x')}`);
  }
  if (spec.pixdim.length !== dims.length) {
    throw new RangeError(`pixdim has ${spec.pixdim.length} entries but dims has ${dims.length}`);
  }
  return dims;
}

function defaultAffine(pixdim: readonly number[]): number[] {
  const s = [pixdim[0] ?? 1, pixdim[1] ?? 1, pixdim[2] ?? 1];
  return [s[0], 0, 0, 0, 0, s[1], 0, 0, 0, 0, s[2], 0, 0, 0, 0, 1];
}

/**
 * The rotation part of the affine as a NIfTI quaternion (b, c, d) and qfac. Columns are normalised; a
 * left-handed frame gets qfac -1 with the third column negated, as the NIfTI-1 standard prescribes.
 */
function quaternionFromAffine(a: readonly number[]): { bcd: [number, number, number]; qfac: 1 | -1 } {
  const col = (c: number): number[] => {
    const v = [a[c], a[4 + c], a[8 + c]];
    const n = Math.hypot(v[0], v[1], v[2]);
    return n > 0 ? v.map((x) => x / n) : c === 0 ? [1, 0, 0] : c === 1 ? [0, 1, 0] : [0, 0, 1];
  };
  const c0 = col(0), c1 = col(1);
  let c2 = col(2);
  const det = c0[0] * (c1[1] * c2[2] - c2[1] * c1[2]) - c1[0] * (c0[1] * c2[2] - c2[1] * c0[2])
    + c2[0] * (c0[1] * c1[2] - c1[1] * c0[2]);
  const qfac: 1 | -1 = det < 0 ? -1 : 1;
  if (qfac < 0) c2 = c2.map((x) => -x);
  const r11 = c0[0], r21 = c0[1], r31 = c0[2], r12 = c1[0], r22 = c1[1], r32 = c1[2];
  const r13 = c2[0], r23 = c2[1], r33 = c2[2];
  const trace = r11 + r22 + r33 + 1;
  let qa: number, qb: number, qc: number, qd: number;
  if (trace > 0.5) {
    qa = 0.5 * Math.sqrt(trace);
    qb = 0.25 * (r32 - r23) / qa;
    qc = 0.25 * (r13 - r31) / qa;
    qd = 0.25 * (r21 - r12) / qa;
  } else {
    const xd = 1 + r11 - (r22 + r33), yd = 1 + r22 - (r11 + r33), zd = 1 + r33 - (r11 + r22);
    if (xd > 1) {
      qb = 0.5 * Math.sqrt(xd); qc = 0.25 * (r12 + r21) / qb; qd = 0.25 * (r13 + r31) / qb; qa = 0.25 * (r32 - r23) / qb;
    } else if (yd > 1) {
      qc = 0.5 * Math.sqrt(yd); qb = 0.25 * (r12 + r21) / qc; qd = 0.25 * (r23 + r32) / qc; qa = 0.25 * (r13 - r31) / qc;
    } else {
      qd = 0.5 * Math.sqrt(zd); qb = 0.25 * (r13 + r31) / qd; qc = 0.25 * (r23 + r32) / qd; qa = 0.25 * (r21 - r12) / qd;
    }
    if (qa < 0) { qb = -qb; qc = -qc; qd = -qd; }
  }
  return { bcd: [qb, qc, qd], qfac };
}

function writeAscii(view: DataView, offset: number, text: string, maxBytes: number): void {
  const encoded = new TextEncoder().encode(text).subarray(0, maxBytes - 1);
  new Uint8Array(view.buffer, view.byteOffset + offset, encoded.length).set(encoded);
}

function writeHeader1(v: DataView, le: boolean, f: HeaderFields): void {
  v.setInt32(0, NIFTI1_HEADER_BYTES, le);
  v.setUint8(38, 'r'.charCodeAt(0)); // "regular", as written by most tools
  for (let i = 0; i < 8; i++) v.setInt16(40 + 2 * i, f.dim[i], le);
  v.setInt16(70, f.datatypeCode, le);
  v.setInt16(72, f.bitpix, le);
  for (let i = 0; i < 8; i++) v.setFloat32(76 + 4 * i, f.pixdim[i], le);
  v.setFloat32(108, f.voxOffset, le);
  v.setFloat32(112, f.sclSlope, le);
  v.setFloat32(116, f.sclInter, le);
  v.setUint8(123, f.xyztUnits);
  writeAscii(v, 148, f.descrip, 80);
  v.setInt16(252, f.qformCode, le);
  v.setInt16(254, f.sformCode, le);
  for (let i = 0; i < 3; i++) v.setFloat32(256 + 4 * i, f.quatern[i], le);
  for (let i = 0; i < 3; i++) v.setFloat32(268 + 4 * i, f.qoffset[i], le);
  for (let i = 0; i < 12; i++) v.setFloat32(280 + 4 * i, f.srow[i], le);
  writeAscii(v, 344, 'n+1', 4);
}

function writeHeader2(v: DataView, le: boolean, f: HeaderFields): void {
  v.setInt32(0, NIFTI2_HEADER_BYTES, le);
  [0x6e, 0x2b, 0x32, 0x00, 0x0d, 0x0a, 0x1a, 0x0a].forEach((b, i) => v.setUint8(4 + i, b)); // "n+2\0\r\n\032\n"
  v.setInt16(12, f.datatypeCode, le);
  v.setInt16(14, f.bitpix, le);
  for (let i = 0; i < 8; i++) v.setBigInt64(16 + 8 * i, BigInt(f.dim[i]), le);
  for (let i = 0; i < 8; i++) v.setFloat64(104 + 8 * i, f.pixdim[i], le);
  v.setBigInt64(168, BigInt(f.voxOffset), le);
  v.setFloat64(176, f.sclSlope, le);
  v.setFloat64(184, f.sclInter, le);
  writeAscii(v, 240, f.descrip, 80);
  v.setInt32(344, f.qformCode, le);
  v.setInt32(348, f.sformCode, le);
  for (let i = 0; i < 3; i++) v.setFloat64(352 + 8 * i, f.quatern[i], le);
  for (let i = 0; i < 3; i++) v.setFloat64(376 + 8 * i, f.qoffset[i], le);
  for (let i = 0; i < 12; i++) v.setFloat64(400 + 8 * i, f.srow[i], le);
  v.setInt32(500, f.xyztUnits, le);
}

/** Stored values as bytes of `type` in the given byte order (for formats whose header lives apart: NRRD, MetaImage). */
export function encodeVoxels(type: NiftiDatatype, data: ArrayLike<number>, littleEndian: boolean): Uint8Array {
  const bytes = new Uint8Array(data.length * datatypeInfo(type).bytes);
  writeVoxels(new DataView(bytes.buffer), 0, littleEndian, type, data);
  return bytes;
}

function writeVoxels(v: DataView, offset: number, le: boolean, type: NiftiDatatype, data: ArrayLike<number>): void {
  const n = data.length;
  const range = datatypeInfo(type).range;
  if (range) {
    const [lo, hi] = range;
    for (let i = 0; i < n; i++) {
      const x = data[i];
      if (!Number.isInteger(x) || x < lo || x > hi) {
        throw new RangeError(`value ${x} at voxel ${i} does not fit ${type} (${lo}..${hi})`);
      }
    }
  }
  switch (type) {
    case 'uint8': for (let i = 0; i < n; i++) v.setUint8(offset + i, data[i]); break;
    case 'int8': for (let i = 0; i < n; i++) v.setInt8(offset + i, data[i]); break;
    case 'int16': for (let i = 0; i < n; i++) v.setInt16(offset + 2 * i, data[i], le); break;
    case 'uint16': for (let i = 0; i < n; i++) v.setUint16(offset + 2 * i, data[i], le); break;
    case 'int32': for (let i = 0; i < n; i++) v.setInt32(offset + 4 * i, data[i], le); break;
    case 'uint32': for (let i = 0; i < n; i++) v.setUint32(offset + 4 * i, data[i], le); break;
    case 'float32': for (let i = 0; i < n; i++) v.setFloat32(offset + 4 * i, data[i], le); break;
    case 'float64': for (let i = 0; i < n; i++) v.setFloat64(offset + 8 * i, data[i], le); break;
  }
}

import { datatypeFromCode, unsupportedDatatypeName, type NiftiDatatype } from './datatypes.js';
import { NiftiError, formatBytes } from './errors.js';

export { NiftiError, type NiftiErrorCode } from './errors.js';

export interface NiftiHeader {
  version: 1 | 2;
  littleEndian: boolean;
  sizeofHdr: number;
  /** The raw 8-entry dim vector (dim[0] = number of dimensions). */
  dim: number[];
  /** The raw 8-entry pixdim vector; for NIfTI-1 these are the stored float32 values. pixdim[0] is qfac. */
  pixdim: number[];
  datatype: NiftiDatatype;
  datatypeCode: number;
  bitpix: number;
  voxOffset: number;
  sclSlope: number;
  sclInter: number;
  xyztUnits: number;
  qformCode: number;
  sformCode: number;
  quatern: [number, number, number];
  qoffset: [number, number, number];
  /** srow_x, srow_y, srow_z: 12 numbers, row-major. */
  srow: number[];
  descrip: string;
}

export const NIFTI1_HEADER_BYTES = 348;
export const NIFTI2_HEADER_BYTES = 540;

/** How many leading bytes a header needs, from the first 4 bytes (sizeof_hdr in either byte order); 348 if unknown. */
export function headerBytesNeeded(first4: Uint8Array): number {
  if (first4.length < 4) return NIFTI1_HEADER_BYTES;
  const v = new DataView(first4.buffer, first4.byteOffset, 4);
  const le = v.getInt32(0, true), be = v.getInt32(0, false);
  return le === NIFTI2_HEADER_BYTES || be === NIFTI2_HEADER_BYTES ? NIFTI2_HEADER_BYTES : NIFTI1_HEADER_BYTES;
}

/**
 * Parses a single-file NIfTI-1 or NIfTI-2 header. Version and byte order come from sizeof_hdr (348 or 540,
 * read both ways). Validates magic, datatype, dims, vox_offset and scaling; does not look at the data.
 */
export function parseNiftiHeader(bytes: Uint8Array): NiftiHeader {
  if (bytes.length === 0) {
    throw new NiftiError('truncated', 'the file is empty (0 bytes); a NIfTI-1 header alone needs 348 bytes');
  }
  if (bytes.length < 4) {
    throw new NiftiError('truncated', `the file holds ${formatBytes(bytes.length)}, too few for a NIfTI header (348 bytes for NIfTI-1)`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kind = detectKind(view, bytes);
  const needed = kind.version === 1 ? NIFTI1_HEADER_BYTES : NIFTI2_HEADER_BYTES;
  if (bytes.length < needed) {
    throw new NiftiError('truncated', `the NIfTI-${kind.version} header needs ${needed} bytes but only ${formatBytes(bytes.length)} are there`);
  }
  checkMagic(bytes, kind.version);
  const h = kind.version === 1 ? readFields1(view, kind.le) : readFields2(view, kind.le);
  validate(h);
  return h;
}

function detectKind(view: DataView, bytes: Uint8Array): { version: 1 | 2; le: boolean } {
  const le = view.getInt32(0, true), be = view.getInt32(0, false);
  if (le === NIFTI1_HEADER_BYTES) return { version: 1, le: true };
  if (be === NIFTI1_HEADER_BYTES) return { version: 1, le: false };
  if (le === NIFTI2_HEADER_BYTES) return { version: 2, le: true };
  if (be === NIFTI2_HEADER_BYTES) return { version: 2, le: false };
  const magic1 = bytes.length >= 348 ? ascii(bytes, 344, 4) : '';
  const magic2 = bytes.length >= 8 ? ascii(bytes, 4, 4) : '';
  const where = `sizeof_hdr (bytes 0-3) is ${le} read little-endian and ${be} read big-endian; NIfTI-1 needs 348, NIfTI-2 540`;
  if (/^n[i+]1$/.test(magic1)) throw new NiftiError('bad-sizeof-hdr', `${where} (the NIfTI-1 magic "${magic1}" is at byte 344: a corrupt header)`);
  if (/^n[i+]2$/.test(magic2)) throw new NiftiError('bad-sizeof-hdr', `${where} (the NIfTI-2 magic "${magic2}" is at byte 4: a corrupt header)`);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
    throw new NiftiError('not-nifti', 'the bytes are gzip-compressed; inflate them before parsing the header');
  }
  throw new NiftiError('not-nifti', `not a NIfTI file: ${where}, and there is no NIfTI magic at byte 344 or 4`);
}

function checkMagic(bytes: Uint8Array, version: 1 | 2): void {
  if (version === 1) {
    const m = ascii(bytes, 344, 4);
    if (m === 'n+1') return;
    if (m === 'ni1') throw new NiftiError('not-nifti', "magic 'ni1' at byte 344 marks a two-file NIfTI-1 (.hdr + .img); only single-file .nii is supported");
    throw new NiftiError('not-nifti', `no NIfTI-1 magic at byte 344: found ${printable(bytes, 344, 4)}, expected "n+1" (an Analyze 7.5 header?)`);
  }
  const m = ascii(bytes, 4, 4);
  if (m === 'ni2') throw new NiftiError('not-nifti', "magic 'ni2' at byte 4 marks a two-file NIfTI-2 (.hdr + .img); only single-file .nii is supported");
  if (m !== 'n+2') throw new NiftiError('not-nifti', `no NIfTI-2 magic at byte 4: found ${printable(bytes, 4, 4)}, expected "n+2"`);
  const eol = [bytes[8], bytes[9], bytes[10], bytes[11]];
  if (eol[0] !== 0x0d || eol[1] !== 0x0a || eol[2] !== 0x1a || eol[3] !== 0x0a) {
    throw new NiftiError('not-nifti', `NIfTI-2 magic bytes 8-11 are ${eol.map((b) => b.toString(16).padStart(2, '0')).join(' ')}, expected 0d 0a 1a 0a (altered by a text-mode transfer?)`);
  }
}

function validate(h: NiftiHeader): void {
  const nd = h.dim[0];
  if (!(nd >= 1 && nd <= 7)) throw new NiftiError('bad-dims', `dim[0] (the number of dimensions) is ${nd}; it must be 1..7`);
  for (let d = 1; d <= nd; d++) {
    if (!(h.dim[d] >= 1)) {
      throw new NiftiError('bad-dims', `dim[${d}] is ${h.dim[d]} (dims ${h.dim.slice(1, nd + 1).join('x')}); every used dimension must be at least 1`);
    }
    if (!Number.isSafeInteger(h.dim[d])) throw new NiftiError('unsupported-dims', `dim[${d}] is ${h.dim[d]}, too large to address`);
  }
  const minOffset = h.sizeofHdr + 4;
  if (!Number.isInteger(h.voxOffset) || h.voxOffset < minOffset) {
    throw new NiftiError('bad-vox-offset', `vox_offset is ${h.voxOffset}; a single-file NIfTI-${h.version} image needs an integer of at least ${minOffset} (header plus extension flag)`);
  }
  if (hasScaling(h) && !Number.isFinite(h.sclInter)) {
    throw new NiftiError('bad-scaling', `scl_slope is ${h.sclSlope} but scl_inter is ${h.sclInter}; a valid slope needs a finite intercept`);
  }
}

/** True when scl_slope/scl_inter apply (nibabel treats a slope of 0 or a non-finite slope as "no scaling"). */
export function hasScaling(h: Pick<NiftiHeader, 'sclSlope' | 'sclInter'>): boolean {
  return h.sclSlope !== 0 && Number.isFinite(h.sclSlope);
}

/** Number of voxels in one 3-D volume (dims 1..3; the rest are volumes). */
export function voxelsPerVolume(h: NiftiHeader): number {
  let n = 1;
  for (let d = 1; d <= Math.min(3, h.dim[0]); d++) n *= h.dim[d];
  return n;
}

export function volumeCount(h: NiftiHeader): number {
  let n = 1;
  for (let d = 4; d <= h.dim[0]; d++) n *= h.dim[d];
  return n;
}

export function bytesPerVoxel(h: NiftiHeader): number {
  return datatypeFromCode(h.datatypeCode)!.bytes;
}

/** `offset`: where the datatype field sits in the header (70 for NIfTI-1, 12 for NIfTI-2), for the message. */
function datatypeOrThrow(code: number, offset: number): { name: NiftiDatatype } {
  const info = datatypeFromCode(code);
  if (info) return info;
  const known = unsupportedDatatypeName(code);
  const field = `datatype code ${code} (bytes ${offset}-${offset + 1})`;
  if (known) throw new NiftiError('unsupported-datatype', `${field} is ${known}, which is not supported; supported: uint8, int8, int16, uint16, int32, uint32, float32, float64`);
  throw new NiftiError('unsupported-datatype', `${field} is not a NIfTI datatype`);
}

function readFields1(v: DataView, le: boolean): NiftiHeader {
  const datatypeCode = v.getInt16(70, le);
  return {
    version: 1, littleEndian: le, sizeofHdr: NIFTI1_HEADER_BYTES,
    dim: range(8).map((i) => v.getInt16(40 + 2 * i, le)),
    pixdim: range(8).map((i) => v.getFloat32(76 + 4 * i, le)),
    datatype: datatypeOrThrow(datatypeCode, 70).name, datatypeCode,
    bitpix: v.getInt16(72, le),
    voxOffset: v.getFloat32(108, le),
    sclSlope: v.getFloat32(112, le), sclInter: v.getFloat32(116, le),
    xyztUnits: v.getUint8(123),
    qformCode: v.getInt16(252, le), sformCode: v.getInt16(254, le),
    quatern: [v.getFloat32(256, le), v.getFloat32(260, le), v.getFloat32(264, le)],
    qoffset: [v.getFloat32(268, le), v.getFloat32(272, le), v.getFloat32(276, le)],
    srow: range(12).map((i) => v.getFloat32(280 + 4 * i, le)),
    descrip: cString(v, 148, 80),
  };
}

function readFields2(v: DataView, le: boolean): NiftiHeader {
  const datatypeCode = v.getInt16(12, le);
  return {
    version: 2, littleEndian: le, sizeofHdr: NIFTI2_HEADER_BYTES,
    dim: range(8).map((i) => Number(v.getBigInt64(16 + 8 * i, le))),
    pixdim: range(8).map((i) => v.getFloat64(104 + 8 * i, le)),
    datatype: datatypeOrThrow(datatypeCode, 12).name, datatypeCode,
    bitpix: v.getInt16(14, le),
    voxOffset: Number(v.getBigInt64(168, le)),
    sclSlope: v.getFloat64(176, le), sclInter: v.getFloat64(184, le),
    xyztUnits: v.getInt32(500, le),
    qformCode: v.getInt32(344, le), sformCode: v.getInt32(348, le),
    quatern: [v.getFloat64(352, le), v.getFloat64(360, le), v.getFloat64(368, le)],
    qoffset: [v.getFloat64(376, le), v.getFloat64(384, le), v.getFloat64(392, le)],
    srow: range(12).map((i) => v.getFloat64(400 + 8 * i, le)),
    descrip: cString(v, 240, 80),
  };
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  let s = '';
  for (let i = offset; i < offset + length && i < bytes.length && bytes[i] !== 0; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function printable(bytes: Uint8Array, offset: number, length: number): string {
  const raw = Array.from(bytes.subarray(offset, offset + length));
  return raw.every((b) => b === 0 || (b >= 0x20 && b < 0x7f))
    ? JSON.stringify(ascii(bytes, offset, length))
    : `bytes ${raw.map((b) => b.toString(16).padStart(2, '0')).join(' ')}`;
}

function cString(v: DataView, offset: number, length: number): string {
  const bytes = new Uint8Array(v.buffer, v.byteOffset + offset, length);
  const end = bytes.indexOf(0);
  return new TextDecoder('latin1').decode(end < 0 ? bytes : bytes.subarray(0, end));
}

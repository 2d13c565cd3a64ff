import type { DataSet } from 'dicom-parser';
import { ReadError } from '../errors.js';
import { TAG } from './tags.js';
import { decimal, text, ushort } from './values.js';

/** How one file's stored pixel values become HU. */
export interface PixelFormat {
  readonly rows: number;
  readonly columns: number;
  readonly bitsAllocated: 8 | 16 | 32;
  readonly bitsStored: number;
  readonly highBit: number;
  readonly signed: boolean;
  readonly slope: number;
  readonly intercept: number;
  /** PixelPaddingValue as a stored value (outside the field of view), or null. */
  readonly padding: number | null;
}

export function pixelFormatOf(ds: DataSet, path: string): PixelFormat {
  const rows = ushort(ds, TAG.rows), columns = ushort(ds, TAG.columns);
  const bitsAllocated = ushort(ds, TAG.bitsAllocated);
  const samples = ushort(ds, TAG.samplesPerPixel) ?? 1;
  const photometric = text(ds, TAG.photometricInterpretation) ?? 'MONOCHROME2';
  if (!(rows! > 0 && columns! > 0)) throw new ReadError('dicom-unsupported-pixels', `${path} has no image size (Rows ${rows}, Columns ${columns})`);
  if (samples !== 1 || !photometric.startsWith('MONOCHROME')) {
    throw new ReadError('dicom-unsupported-pixels', `${path} is not a grey-scale image (SamplesPerPixel ${samples}, PhotometricInterpretation ${photometric}): CT is MONOCHROME`);
  }
  if (bitsAllocated !== 8 && bitsAllocated !== 16 && bitsAllocated !== 32) {
    throw new ReadError('dicom-unsupported-pixels', `${path} has BitsAllocated ${bitsAllocated}; only 8, 16 and 32 are read`);
  }
  const bitsStored = ushort(ds, TAG.bitsStored) ?? bitsAllocated;
  const highBit = ushort(ds, TAG.highBit) ?? bitsStored - 1;
  if (!(bitsStored >= 1 && bitsStored <= bitsAllocated && highBit >= bitsStored - 1 && highBit < bitsAllocated)) {
    throw new ReadError('dicom-unsupported-pixels', `${path} has inconsistent bit layout: BitsAllocated ${bitsAllocated}, BitsStored ${bitsStored}, HighBit ${highBit}`);
  }
  const signed = (ushort(ds, TAG.pixelRepresentation) ?? 0) === 1;
  const slopeValue = decimal(ds, TAG.rescaleSlope);
  const slope = slopeValue === null || slopeValue === 0 ? 1 : slopeValue;
  const intercept = decimal(ds, TAG.rescaleIntercept) ?? 0;
  const padding = ushort(ds, TAG.pixelPaddingValue, signed);
  return { rows: rows!, columns: columns!, bitsAllocated, bitsStored, highBit, signed, slope, intercept, padding };
}

/** Bytes of one uncompressed frame. */
export function frameByteLength(f: PixelFormat): number {
  return f.rows * f.columns * (f.bitsAllocated / 8);
}

/**
 * Stored values (little-endian bytes, or a typed array a codec produced) to HU in `out` (columns x rows, x
 * fastest): bits outside BitsStored masked off, sign extended when PixelRepresentation is 1, then
 * value * RescaleSlope + RescaleIntercept. Padding pixels keep their HU when it lies at or below air (-1024), as a
 * NIfTI conversion would; a padding value that would read as tissue (e.g. unsigned 65535) becomes -1024.
 */
export function storedToHu(f: PixelFormat, stored: ArrayLike<number>, out: Float32Array): void {
  const n = out.length;
  const { slope, intercept } = f;
  const shift = f.highBit + 1 - f.bitsStored;
  const needsMask = f.bitsStored < f.bitsAllocated || shift > 0;
  const mask = f.bitsStored >= 32 ? 0xffffffff : (1 << f.bitsStored) - 1;
  const signBit = f.bitsStored >= 32 ? 0 : 1 << (f.bitsStored - 1);
  const paddingHu = f.padding === null ? NaN : f.padding * slope + intercept;
  const padTo = paddingHu > -1024 ? -1024 : paddingHu;
  for (let i = 0; i < n; i++) {
    const raw = stored[i];
    let v = raw;
    if (needsMask) {
      v = (raw >>> shift) & mask;
      if (f.signed && v & signBit) v -= 2 * signBit;
    }
    out[i] = raw === f.padding ? padTo : v * slope + intercept;
  }
}

/** A typed view of little-endian stored bytes (copied when unaligned or big-endian). */
export function storedView(f: PixelFormat, bytes: Uint8Array, bigEndian: boolean): ArrayLike<number> {
  const n = f.rows * f.columns;
  const bpp = f.bitsAllocated / 8;
  if (bpp === 1) return f.signed ? new Int8Array(bytes.buffer, bytes.byteOffset, n) : bytes.subarray(0, n);
  const aligned = bytes.byteOffset % bpp === 0 && !bigEndian;
  const src = aligned ? bytes : copyBytes(bytes, n * bpp, bigEndian ? bpp : 0);
  const buf = src.buffer, off = src.byteOffset;
  if (bpp === 2) return f.signed ? new Int16Array(buf, off, n) : new Uint16Array(buf, off, n);
  return f.signed ? new Int32Array(buf, off, n) : new Uint32Array(buf, off, n);
}

function copyBytes(bytes: Uint8Array, length: number, swapWidth: number): Uint8Array {
  const out = new Uint8Array(length);
  out.set(bytes.subarray(0, length));
  if (swapWidth > 1) for (let i = 0; i < length; i += swapWidth) out.subarray(i, i + swapWidth).reverse();
  return out;
}

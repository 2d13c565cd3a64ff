import { hasScaling } from '../readers/nifti/header.js';
import { datatypeInfo, nativeView, type NumericArray } from '../readers/nifti/datatypes.js';
import type { StoredValues } from '../readers/storedValues.js';
import type { VolumeGeometry } from '../readers/geometry.js';
import type { NiftiDescription } from '../readers/volumeSource.js';
import type { SliceOrientation, SlicePlan } from '../readers/slicing.js';

/** NIfTI's dim[0..7] and pixdim[0..7], as a file holds them or as a conversion of another format would. */
type StoredVectors = Pick<NiftiDescription, 'dim' | 'pixdim'>;

export interface ReadParams {
  /**
   * 'seed-heuristic': the tutorial's find_pix_dim on the raw dim/pixdim vectors (it can pick the slice axis);
   * 'geometry': the spacing of the slice's own x and y axes in mm.
   */
  readonly spacing: 'seed-heuristic' | 'geometry';
  readonly orientation: SliceOrientation;
}

/** Pixel size [along x, along y] in mm for the slices of this scan. */
export function inPlaneSpacing(
  params: ReadParams,
  header: StoredVectors,
  geometry: VolumeGeometry,
  plan: SlicePlan,
): readonly [number, number] {
  if (params.spacing === 'geometry') return [geometry.spacingMm[plan.xAxis], geometry.spacingMm[plan.yAxis]];
  const [a, b] = seedSpacingAxes(header);
  const rest = header.pixdim.filter((_, i) => i !== a);
  return [header.pixdim[a], rest[b]];
}

/**
 * The indices find_pix_dim picks: `a` = argmax of the whole 8-entry dim vector (dim[0] included, first index on
 * ties) and `b` = argmax of dim with entry `a` deleted — so `b` indexes the shortened vector, as in numpy.
 */
export function seedSpacingAxes(header: Pick<StoredVectors, 'dim'>): [number, number] {
  const a = argmaxFirst(header.dim);
  const b = argmaxFirst(header.dim.filter((_, i) => i !== a));
  return [a, b];
}

/** The same choice expressed as indices into the full pixdim vector (what a log of `pixdim_heuristic_axes` shows). */
export function seedSpacingPixdimIndices(header: Pick<StoredVectors, 'dim'>): [number, number] {
  const [a, b] = seedSpacingAxes(header);
  return [a, b >= a ? b + 1 : b];
}

function argmaxFirst(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Decodes the first `out.length` stored values at the start of `bytes` to HU: value*slope + inter in float64,
 * then stored as float32. A slope of 0 or a non-finite slope means no scaling (like nibabel). Big-endian data is
 * byte-swapped. NaN and ±Inf pass through unchanged.
 */
export function decodeVoxels(header: StoredValues, bytes: Uint8Array, out: Float32Array): void {
  const bpv = datatypeInfo(header.datatype).bytes;
  const n = out.length;
  if (bytes.length < n * bpv) {
    throw new RangeError(`decodeVoxels: ${n} ${header.datatype} voxels need ${n * bpv} bytes, got ${bytes.length}`);
  }
  const scaled = hasScaling(header) && !(header.sclSlope === 1 && header.sclInter === 0);
  const slope = header.sclSlope, inter = header.sclInter;
  if (header.littleEndian === HOST_LITTLE_ENDIAN && bytes.byteOffset % bpv === 0) {
    const src = nativeView(header, bytes, n);
    if (!scaled) copyInto(src, out);
    else for (let i = 0; i < n; i++) out[i] = src[i] * slope + inter;
    return;
  }
  const get = getter(header, new DataView(bytes.buffer, bytes.byteOffset, n * bpv));
  if (!scaled) for (let i = 0; i < n; i++) out[i] = get(i);
  else for (let i = 0; i < n; i++) out[i] = get(i) * slope + inter;
}


function copyInto(src: NumericArray, out: Float32Array): void {
  if (src instanceof Float32Array) out.set(src);
  else for (let i = 0; i < out.length; i++) out[i] = src[i];
}

function getter(header: StoredValues, v: DataView): (i: number) => number {
  const le = header.littleEndian;
  switch (header.datatype) {
    case 'uint8': return (i) => v.getUint8(i);
    case 'int8': return (i) => v.getInt8(i);
    case 'int16': return (i) => v.getInt16(2 * i, le);
    case 'uint16': return (i) => v.getUint16(2 * i, le);
    case 'int32': return (i) => v.getInt32(4 * i, le);
    case 'uint32': return (i) => v.getUint32(4 * i, le);
    case 'float32': return (i) => v.getFloat32(4 * i, le);
    case 'float64': return (i) => v.getFloat64(8 * i, le);
  }
}

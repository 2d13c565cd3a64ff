import { datatypeInfo, type NiftiDatatype } from '../readers/nifti/datatypes.js';

export type StoredArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float32Array | Float64Array;

export interface Encoding {
  readonly datatype: NiftiDatatype;
  readonly sclSlope: number;
  readonly sclInter: number;
}

/**
 * Default scaling per datatype, chosen so that -2048..+3000 HU (padding to dense bone) fits, as scanners do:
 * unsigned 16/32-bit get scl_inter -1024 (DICOM's usual RescaleIntercept; values under -1024 clamp there),
 * 8-bit types get a slope of 16 HU per step.
 */
export function defaultEncoding(datatype: NiftiDatatype): Encoding {
  switch (datatype) {
    case 'uint16':
    case 'uint32': return { datatype, sclSlope: 1, sclInter: -1024 };
    case 'uint8': return { datatype, sclSlope: 16, sclInter: -2048 };
    case 'int8': return { datatype, sclSlope: 16, sclInter: 0 };
    default: return { datatype, sclSlope: 1, sclInter: 0 };
  }
}

export function resolveEncoding(datatype: NiftiDatatype, sclSlope?: number, sclInter?: number): Encoding {
  const d = defaultEncoding(datatype);
  const slope = sclSlope ?? d.sclSlope;
  if (!Number.isFinite(slope) || slope === 0) throw new RangeError(`scl_slope must be a finite non-zero number, got ${slope}`);
  const inter = sclInter ?? d.sclInter;
  if (!Number.isFinite(inter)) throw new RangeError(`scl_inter must be finite, got ${inter}`);
  return { datatype, sclSlope: slope, sclInter: inter };
}

export function allocateStored(datatype: NiftiDatatype, n: number): StoredArray {
  switch (datatype) {
    case 'int8': return new Int8Array(n);
    case 'uint8': return new Uint8Array(n);
    case 'int16': return new Int16Array(n);
    case 'uint16': return new Uint16Array(n);
    case 'int32': return new Int32Array(n);
    case 'uint32': return new Uint32Array(n);
    case 'float32': return new Float32Array(n);
    case 'float64': return new Float64Array(n);
  }
}

/**
 * Stored value for an (integer) HU: (hu - inter) / slope, rounded and clamped for integer types so that reading
 * back with slope/inter gives the nearest representable HU.
 */
export function makeQuantizer(e: Encoding): (hu: number) => number {
  const range = datatypeInfo(e.datatype).range;
  const { sclSlope: slope, sclInter: inter } = e;
  if (!range) return slope === 1 && inter === 0 ? (hu) => hu : (hu) => (hu - inter) / slope;
  const [lo, hi] = range;
  return (hu) => {
    const v = Math.round((hu - inter) / slope);
    return v < lo ? lo : v > hi ? hi : v;
  };
}

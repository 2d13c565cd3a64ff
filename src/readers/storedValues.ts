import type { NiftiDatatype } from './nifti/datatypes.js';

/**
 * How a reader's voxels are stored, as far as decoding them to HU needs: the element type (NIfTI's names serve
 * every format), the byte order, and a linear scaling (slope 1, intercept 0 where a format has none).
 */
export interface StoredValues {
  readonly datatype: NiftiDatatype;
  readonly littleEndian: boolean;
  readonly sclSlope: number;
  readonly sclInter: number;
}

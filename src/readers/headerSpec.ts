import type { NiftiImageSpec } from './nifti/write.js';
import { rasAffine, type PatientSpace } from './worldGeometry.js';

/**
 * A 3-D image spec's grid as a header in `space` writes it: per voxel axis its world step, and the centre of voxel 0
 * (converting from the spec's RAS affine is its own inverse: the same sign flips).
 */
export function gridIn(spec: Pick<NiftiImageSpec, 'dims' | 'pixdim' | 'affine' | 'sclSlope' | 'sclInter'>, space: PatientSpace, format: string) {
  if (spec.dims.length !== 3) throw new RangeError(`${format} phantoms are 3-D; got dims ${spec.dims.join('x')}`);
  if ((spec.sclSlope ?? 1) !== 1 || (spec.sclInter ?? 0) !== 0) {
    throw new RangeError(`${format} has no intensity scaling: store HU directly (int16, int32, float32, float64), not with slope ${spec.sclSlope ?? 1} and intercept ${spec.sclInter ?? 0}`);
  }
  const a = spec.affine ?? [spec.pixdim[0], 0, 0, 0, 0, spec.pixdim[1], 0, 0, 0, 0, spec.pixdim[2], 0, 0, 0, 0, 1];
  const columns = [0, 1, 2].map((v) => [a[v], a[4 + v], a[8 + v]]);
  const back = rasAffine(columns, [a[3], a[7], a[11]], space);
  return {
    columns: [0, 1, 2].map((v) => [back[v], back[4 + v], back[8 + v]]),
    origin: [back[3], back[7], back[11]],
  };
}

/** A number as headers write it: shortest round-trip text, no exponent surprises for ordinary values. */
export function num(x: number): string {
  return Object.is(x, -0) ? '0' : String(x);
}

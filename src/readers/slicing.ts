import { closestAxes, type VolumeGeometry } from './geometry.js';

export type SliceOrientation = 'stored' | 'canonical';

/**
 * How slice k maps to stored voxels: slice pixel (x, y) is the voxel whose coordinate along `xAxis` is
 * x (or n-1-x when `xFlip`), along `yAxis` y (or n-1-y when `yFlip`), and k along `axialAxis`.
 */
export interface SlicePlan {
  readonly axialAxis: 0 | 1 | 2;
  readonly nSlices: number;
  readonly width: number;
  readonly height: number;
  readonly xAxis: 0 | 1 | 2;
  readonly yAxis: 0 | 1 | 2;
  readonly xFlip: boolean;
  readonly yFlip: boolean;
  /** The stored volume's nx, ny, nz. */
  readonly volumeDims: readonly [number, number, number];
}

export function planSlices(geometry: VolumeGeometry, orientation: SliceOrientation): SlicePlan {
  const a = geometry.axialAxis;
  const rest = ([0, 1, 2] as const).filter((v) => v !== a);
  let xAxis = rest[0], yAxis = rest[1], xFlip = false, yFlip = false;
  if (orientation === 'canonical') {
    const { worldAxis, sign } = closestAxes(geometry.affine);
    // The two in-plane voxel axes go to world x (R) and y (A) unless the axial axis was not the one closest to z
    // (only when the file is 2-D); then order them by their world axis.
    const [p, q] = worldAxis[rest[0]] <= worldAxis[rest[1]] ? [rest[0], rest[1]] : [rest[1], rest[0]];
    xAxis = p; yAxis = q;
    xFlip = sign[p] < 0; yFlip = sign[q] < 0;
  }
  const n = geometry.dims;
  return {
    axialAxis: a, nSlices: n[a], width: n[xAxis], height: n[yAxis], xAxis, yAxis, xFlip, yFlip, volumeDims: n,
  };
}

interface Walk { start: number; xStep: number; yStep: number }

function walk(plan: SlicePlan, k: number): Walk {
  const [nx, ny] = plan.volumeDims;
  const stride = [1, nx, nx * ny];
  const sx = stride[plan.xAxis], sy = stride[plan.yAxis];
  let start = k * stride[plan.axialAxis];
  if (plan.xFlip) start += (plan.width - 1) * sx;
  if (plan.yFlip) start += (plan.height - 1) * sy;
  return { start, xStep: plan.xFlip ? -sx : sx, yStep: plan.yFlip ? -sy : sy };
}

/** Copies slice k of a whole (first) volume, stored layout, into `out` (width × height, x fastest). */
export function gatherSlice(plan: SlicePlan, volume: Float32Array, k: number, out: Float32Array): void {
  checkSizes(plan, k, out.length);
  const { start, xStep, yStep } = walk(plan, k);
  const w = plan.width, h = plan.height;
  for (let y = 0, o = 0; y < h; y++) {
    let src = start + y * yStep;
    for (let x = 0; x < w; x++, o++, src += xStep) out[o] = volume[src];
  }
}

/** Writes a slice (e.g. a mask) back into the stored layout of the input volume at slice k. */
export function scatterSlice(plan: SlicePlan, slice: ArrayLike<number>, k: number, volume: Uint8Array | Int16Array | Float32Array): void {
  checkSizes(plan, k, slice.length);
  const { start, xStep, yStep } = walk(plan, k);
  const w = plan.width, h = plan.height;
  for (let y = 0, i = 0; y < h; y++) {
    let dst = start + y * yStep;
    for (let x = 0; x < w; x++, i++, dst += xStep) volume[dst] = slice[i];
  }
}

/**
 * Writes a slice into one stored plane (nx × ny): for a volume stored with the axial axis last, where slice k is
 * stored plane k, so masks can be written plane by plane.
 */
export function scatterSliceToPlane(plan: SlicePlan, slice: ArrayLike<number>, plane: Uint8Array): void {
  if (plan.axialAxis !== 2) throw new RangeError('scatterSliceToPlane: the axial axis must be the last stored axis');
  const [nx, ny] = plan.volumeDims;
  if (plane.length !== nx * ny) throw new RangeError(`plane holds ${plane.length} values, a ${nx}x${ny} plane needs ${nx * ny}`);
  scatterSlice(plan, slice, 0, plane);
}

/** True when slice k of a volume stored with the axial axis last is the stored plane itself, unpermuted. */
export function isIdentityPlane(plan: SlicePlan): boolean {
  return plan.axialAxis === 2 && plan.xAxis === 0 && plan.yAxis === 1 && !plan.xFlip && !plan.yFlip;
}

function checkSizes(plan: SlicePlan, k: number, sliceLength: number): void {
  if (!(k >= 0 && k < plan.nSlices && Number.isInteger(k))) throw new RangeError(`slice ${k} is outside 0..${plan.nSlices - 1}`);
  if (sliceLength !== plan.width * plan.height) {
    throw new RangeError(`slice buffer holds ${sliceLength} values, the plan needs ${plan.width}x${plan.height}`);
  }
}

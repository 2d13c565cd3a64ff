import { closestAxes, type VolumeGeometry } from './geometry.js';
import type { NiftiDescription } from './volumeSource.js';

/** The patient coordinate systems headers name; lungflow's affines are RAS+ (NIfTI's). */
export type PatientSpace = 'RAS' | 'LPS' | 'LAS';

/** Per world axis of `space`, the sign that turns it into RAS. */
const TO_RAS: Record<PatientSpace, readonly [number, number, number]> = { RAS: [1, 1, 1], LPS: [-1, -1, 1], LAS: [-1, 1, 1] };

/**
 * The RAS+ affine (16 numbers, row-major) of a grid given in `space`: `columns[a]` is the world step of one voxel
 * along voxel axis a (direction × spacing), `origin` the centre of voxel 0. What a NIfTI conversion carries
 * (ITK, Slicer, nibabel: LPS x and y negated).
 */
export function rasAffine(columns: readonly (readonly number[])[], origin: readonly number[], space: PatientSpace): number[] {
  const s = TO_RAS[space];
  const row = (w: number) => [s[w] * columns[0][w], s[w] * columns[1][w], s[w] * columns[2][w], s[w] * origin[w]];
  return [...row(0), ...row(1), ...row(2), 0, 0, 0, 1];
}

/** Geometry from an affine: spacing is the length of each column, the axial axis the one closest to world z. */
export function geometryFromAffine(dims: readonly [number, number, number], affine: readonly number[], nVolumes: number): VolumeGeometry {
  const spacingMm = [0, 1, 2].map((a) => Math.hypot(affine[a], affine[4 + a], affine[8 + a])) as [number, number, number];
  const axialAxis: 0 | 1 | 2 = dims[2] === 1 ? 2 : (closestAxes(affine).worldAxis.indexOf(2) as 0 | 1 | 2);
  return { dims, spacingMm, affine, axialAxis, nVolumes };
}

/** The third axis of a 2-D grid: unit normal to the two in-plane directions, right-handed. */
export function normalOf(a: readonly number[], b: readonly number[]): number[] {
  const n = [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
  const len = Math.hypot(n[0], n[1], n[2]);
  return len > 0 ? n.map((x) => x / len) : [0, 0, 1];
}

/**
 * The NIfTI fields a faithful conversion of this geometry carries (what convert_nrrd.py, ITK and dcm2niix write):
 * dim and pixdim from the grid (qfac from the handedness of the affine), qform = sform = 1 (scanner), mm.
 */
export function niftiDescriptionOf(geometry: VolumeGeometry): NiftiDescription {
  const m = geometry.affine;
  const det = m[0] * (m[5] * m[10] - m[6] * m[9]) - m[1] * (m[4] * m[10] - m[6] * m[8]) + m[2] * (m[4] * m[9] - m[5] * m[8]);
  const [nx, ny, nz] = geometry.dims;
  const fourD = geometry.nVolumes > 1;
  return {
    dim: [fourD ? 4 : 3, nx, ny, nz, fourD ? geometry.nVolumes : 1, 1, 1, 1],
    pixdim: [det < 0 ? -1 : 1, ...geometry.spacingMm, 1, 1, 1, 1],
    qformCode: 1,
    sformCode: 1,
    xyztUnits: 2,
  };
}

/** Where a volume's voxels are: format-neutral, what every reader hands the stages and the mask writer. */

export interface VolumeGeometry {
  /** nx, ny, nz (nz = 1 for 2-D files). */
  readonly dims: readonly [number, number, number];
  /** Voxel size along the stored axes i, j, k in mm (NIfTI: |pixdim[1..3]| converted with xyzt_units). */
  readonly spacingMm: readonly [number, number, number];
  /**
   * 16 numbers, row-major: voxel (i, j, k) -> world mm in NIfTI's RAS+ convention (+x toward the patient's Right,
   * +y Anterior, +z Superior). Readers of LPS formats (DICOM, most NRRD) negate the x and y rows.
   */
  readonly affine: readonly number[];
  /** Voxel axis whose direction is closest to world z (superior); 2 when nz = 1. */
  readonly axialAxis: 0 | 1 | 2;
  /** Volumes stored (a 4-D file's dim[4..7] product; 1 for 3-D): only the first is measured. */
  readonly nVolumes: number;
  /** Set when the voxel size could not be taken the ordinary way (NIfTI: pixdim 0, taken from the sform). */
  readonly spacingNote?: string;
}

/** For each voxel axis: the world axis (0 = x/R, 1 = y/A, 2 = z/S) it is closest to, and the sign (+1 = toward R/A/S). */
export interface AxisAssignment {
  readonly worldAxis: readonly [number, number, number];
  readonly sign: readonly [1 | -1, 1 | -1, 1 | -1];
}

/**
 * Assigns each voxel axis to a distinct world axis: repeatedly take the largest remaining |direction cosine|
 * (columns normalised), like nibabel's io_orientation for non-degenerate affines. A zero column (a degenerate
 * affine) takes the first free world axis.
 */
export function closestAxes(affine: readonly number[]): AxisAssignment {
  const m: number[][] = [0, 1, 2].map((w) => [0, 1, 2].map((v) => affine[4 * w + v]));
  for (let v = 0; v < 3; v++) {
    const n = Math.hypot(m[0][v], m[1][v], m[2][v]);
    for (let w = 0; w < 3; w++) m[w][v] = n > 0 ? m[w][v] / n : 0;
  }
  const worldAxis = [-1, -1, -1];
  const sign: (1 | -1)[] = [1, 1, 1];
  const usedWorld = [false, false, false];
  for (let step = 0; step < 3; step++) {
    let best = -1, bw = -1, bv = -1;
    for (let v = 0; v < 3; v++) {
      if (worldAxis[v] >= 0) continue;
      for (let w = 0; w < 3; w++) {
        if (usedWorld[w]) continue;
        const x = Math.abs(m[w][v]);
        if (x > best) { best = x; bw = w; bv = v; }
      }
    }
    worldAxis[bv] = bw;
    usedWorld[bw] = true;
    sign[bv] = m[bw][bv] < 0 ? -1 : 1;
  }
  return { worldAxis: worldAxis as [number, number, number], sign: sign as [1 | -1, 1 | -1, 1 | -1] };
}

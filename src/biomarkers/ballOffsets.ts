/**
 * The voxel offsets of a ball in physical units on an anisotropic grid: every (dx, dy, dz) whose centre lies within
 * `radiusMm` of the origin, nearest first, with their distances.
 */
export interface BallOffsets {
  readonly radiusMm: number;
  /** Largest |dz| in the ball. */
  readonly kz: number;
  /** (dx, dy, dz) triples, by increasing distance. */
  readonly offsets: Int32Array;
  /** Distance (mm) of each offset. */
  readonly distMm: Float64Array;
  /** The grid's voxel size: cube root of the voxel volume (mm). */
  readonly voxelMm: number;
}

let last: { readonly key: string; readonly ball: BallOffsets } | null = null;

/** The ball for this radius and grid; the last one is kept, since a cohort's scans mostly share their spacing. */
export function ballOffsets(radiusMm: number, spacingMm: readonly [number, number, number]): BallOffsets {
  const key = `${radiusMm} ${spacingMm.join(' ')}`;
  if (last?.key !== key) last = { key, ball: buildBall(radiusMm, spacingMm) };
  return last.ball;
}

function buildBall(radiusMm: number, spacingMm: readonly [number, number, number]): BallOffsets {
  const [sx, sy, sz] = spacingMm;
  const kz = Math.floor(radiusMm / sz);
  const kx = Math.floor(radiusMm / sx), ky = Math.floor(radiusMm / sy);
  const pts: [number, number, number, number][] = [];
  for (let dz = -kz; dz <= kz; dz++) {
    for (let dy = -ky; dy <= ky; dy++) {
      for (let dx = -kx; dx <= kx; dx++) {
        const d = Math.hypot(dx * sx, dy * sy, dz * sz);
        if (d <= radiusMm) pts.push([dx, dy, dz, d]);
      }
    }
  }
  pts.sort((a, b) => a[3] - b[3]);
  return {
    radiusMm,
    kz,
    offsets: Int32Array.from(pts.flatMap(([dx, dy, dz]) => [dx, dy, dz])),
    distMm: Float64Array.from(pts.map((p) => p[3])),
    voxelMm: Math.cbrt(sx * sy * sz),
  };
}

/**
 * Straight tubes (capsules) of known radius digitised on a grid, for calibrating the local thickness estimate on
 * that grid: each tube in a slab of slices of its own (so no two touch), at a random direction and a random
 * sub-voxel offset, voxel centres within the radius are vessel. Deterministic for a seed.
 */
import { BV_AREAS_MM2, diameterOfArea } from './vesselSize.js';

export interface CalibrationTube {
  readonly radiusMm: number;
  /** Half the axis length (mm); the caps add the radius at each end. */
  readonly halfLengthMm: number;
  /** Unit direction of the axis. */
  readonly direction: readonly [number, number, number];
  /** Axis centre, in mm from the slab's first voxel centre. */
  readonly centreMm: readonly [number, number, number];
  /** Slices of the slab (the tube with a clear margin above and below). */
  readonly nSlices: number;
}

export interface TubeSet {
  readonly width: number;
  readonly height: number;
  readonly tubes: readonly CalibrationTube[];
  readonly nSlices: number;
}

/** The tubes' radii run over this range (mm), with density ∝ 1/r²: equal vessel volume per mm of radius. */
const RADIUS_RANGE_MM = [0.6, 2.6] as const;
const HALF_LENGTH_MM = [6, 12] as const;
/** Background around each tube: well over a voxel, so the distance transform sees every tube alone. */
const MARGIN_MM = 2.5;

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

export function calibrationTubes(spacingMm: readonly [number, number, number], count: number, seed: number): TubeSet {
  const rand = lcg(seed);
  const [lo, hi] = RADIUS_RANGE_MM;
  const extentMm = 2 * (HALF_LENGTH_MM[1] + hi + MARGIN_MM);
  const width = Math.ceil(extentMm / spacingMm[0]), height = Math.ceil(extentMm / spacingMm[1]);
  const tubes: CalibrationTube[] = [];
  let nSlices = 0;
  for (let i = 0; i < count; i++) {
    const radiusMm = 1 / (1 / lo - rand() * (1 / lo - 1 / hi));
    const halfLengthMm = HALF_LENGTH_MM[0] + rand() * (HALF_LENGTH_MM[1] - HALF_LENGTH_MM[0]);
    const cosPolar = 2 * rand() - 1, azimuth = 2 * Math.PI * rand();
    const sinPolar = Math.sqrt(1 - cosPolar * cosPolar);
    const direction = [sinPolar * Math.cos(azimuth), sinPolar * Math.sin(azimuth), cosPolar] as const;
    const reachZ = Math.abs(direction[2]) * halfLengthMm + radiusMm + MARGIN_MM;
    const slabSlices = Math.ceil((2 * reachZ) / spacingMm[2]) + 2;
    const centreMm = [
      (width - 1) * spacingMm[0] / 2 + (rand() - 0.5) * spacingMm[0],
      (height - 1) * spacingMm[1] / 2 + (rand() - 0.5) * spacingMm[1],
      reachZ + rand() * spacingMm[2],
    ] as const;
    tubes.push({ radiusMm, halfLengthMm, direction, centreMm, nSlices: slabSlices });
    nSlices += slabSlices;
  }
  return { width, height, tubes, nSlices };
}

/** A voxel's truth class by its tube's cross-section: 1 under the first area, ..., areas.length + 1 above all. */
export function truthClass(radiusMm: number): number {
  const i = BV_AREAS_MM2.findIndex((a) => radiusMm < diameterOfArea(a) / 2);
  return i < 0 ? BV_AREAS_MM2.length + 1 : i + 1;
}

/** The in-plane indexes of slice k (0-based within the tube's slab) that lie inside the tube. */
export function tubeSliceVoxels(set: TubeSet, tube: CalibrationTube, k: number, spacingMm: readonly [number, number, number]): Int32Array {
  const [sx, sy, sz] = spacingMm;
  const [dx, dy, dz] = tube.direction;
  const [cx, cy, cz] = tube.centreMm;
  const r2 = tube.radiusMm * tube.radiusMm;
  const z = k * sz - cz;
  const out: number[] = [];
  // On this slice, the tube holds only points within its radius of the part of the axis within its radius in z.
  const h = tube.halfLengthMm, r = tube.radiusMm;
  let t0 = -h, t1 = h;
  if (Math.abs(dz) > 1e-9) {
    const a = (z - r) / dz, b = (z + r) / dz;
    t0 = Math.max(-h, Math.min(a, b));
    t1 = Math.min(h, Math.max(a, b));
  } else if (Math.abs(z) > r) t1 = t0 - 1;
  if (t1 < t0) return new Int32Array(0);
  const x0 = Math.max(0, Math.floor((cx + Math.min(t0 * dx, t1 * dx) - r) / sx));
  const x1 = Math.min(set.width - 1, Math.ceil((cx + Math.max(t0 * dx, t1 * dx) + r) / sx));
  const y0 = Math.max(0, Math.floor((cy + Math.min(t0 * dy, t1 * dy) - r) / sy));
  const y1 = Math.min(set.height - 1, Math.ceil((cy + Math.max(t0 * dy, t1 * dy) + r) / sy));
  for (let j = y0; j <= y1; j++) {
    const y = j * sy - cy;
    for (let i = x0; i <= x1; i++) {
      const x = i * sx - cx;
      const along = Math.max(-h, Math.min(h, x * dx + y * dy + z * dz));
      const ex = x - along * dx, ey = y - along * dy, ez = z - along * dz;
      if (ex * ex + ey * ey + ez * ez <= r2) out.push(j * set.width + i);
    }
  }
  return Int32Array.from(out);
}

/**
 * Area of the convex hull of a 2-D point set: what the tutorial reads from scipy's `ConvexHull(points).volume`.
 */
export type HullArea =
  | { readonly kind: 'area'; readonly areaPx2: number }
  | { readonly kind: 'degenerate'; readonly reason: 'too-few-points' | 'collinear' };

export type HullDegeneracy = 'too-few-points' | 'collinear' | null;

/**
 * Points closer than this (relative to the largest coordinate) to one line count as collinear.
 * Qhull's own flatness tolerance is a few 1e-15 of the largest coordinate (measured with scipy 1.10: a
 * 3-point set with width 1000 raises at height 1e-12 and passes at 1e-11). So it rejects a straight
 * contour whose vertices are off the line only by float rounding (~1e-16 relative, e.g. a diagonal run of
 * `k + 0.05` vertices) and accepts every bent contour, whose vertices on the 0.05 lattice are at least
 * ~1e-6 px off any line through two others at these image sizes. 1e-13 sits well inside that gap.
 */
const COLLINEAR_REL_TOL = 1e-13;

/**
 * Whether scipy's `ConvexHull` would raise on these points: fewer than 3 points (QH6214), or all of them
 * on one line, duplicates included (QH6013 / QH6154 / QH6421). O(n), usually stops within a few points.
 */
export function hullDegeneracy(xy: Float64Array): HullDegeneracy {
  const n = xy.length >> 1;
  if (n < 3) return 'too-few-points';
  const x0 = xy[0];
  const y0 = xy[1];
  let far = 0;
  let farD2 = 0;
  let maxAbs = 1;
  for (let i = 0; i < n; i++) {
    const x = xy[2 * i];
    const y = xy[2 * i + 1];
    const d2 = (x - x0) * (x - x0) + (y - y0) * (y - y0);
    if (d2 > farD2) {
      farD2 = d2;
      far = i;
    }
    maxAbs = Math.max(maxAbs, Math.abs(x), Math.abs(y));
  }
  if (farD2 === 0) return 'collinear'; // all points coincide
  const dx = xy[2 * far] - x0;
  const dy = xy[2 * far + 1] - y0;
  const limit = COLLINEAR_REL_TOL * maxAbs * Math.sqrt(farD2); // |cross| = distance * |d|
  for (let i = 0; i < n; i++) {
    const cross = dx * (xy[2 * i + 1] - y0) - dy * (xy[2 * i] - x0);
    if (Math.abs(cross) > limit) return null;
  }
  return 'collinear';
}

/** Convex hull area in squared coordinate units: Andrew's monotone chain, then the shoelace formula. */
export function convexHullArea(xy: Float64Array): HullArea {
  const degeneracy = hullDegeneracy(xy);
  if (degeneracy !== null) return { kind: 'degenerate', reason: degeneracy };
  return { kind: 'area', areaPx2: hullAreaOf(xy) };
}

/** Hull area of a point set already known not to be degenerate. */
export function hullAreaOf(xy: Float64Array): number {
  const n = xy.length >> 1;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((a, b) => xy[2 * a] - xy[2 * b] || xy[2 * a + 1] - xy[2 * b + 1]);

  // Lower hull left to right, then upper hull right to left; collinear points are dropped.
  const hull = new Uint32Array(2 * n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = order[i];
    while (k >= 2 && turn(xy, hull[k - 2], hull[k - 1], p) <= 0) k--;
    hull[k++] = p;
  }
  const lowerEnd = k + 1;
  for (let i = n - 2; i >= 0; i--) {
    const p = order[i];
    while (k >= lowerEnd && turn(xy, hull[k - 2], hull[k - 1], p) <= 0) k--;
    hull[k++] = p;
  }
  // hull[k - 1] repeats hull[0]. Coordinates relative to the first vertex keep the sum small.
  const ox = xy[2 * hull[0]];
  const oy = xy[2 * hull[0] + 1];
  let twice = 0;
  for (let i = 1; i < k - 2; i++) {
    const a = hull[i];
    const b = hull[i + 1];
    twice += (xy[2 * a] - ox) * (xy[2 * b + 1] - oy) - (xy[2 * b] - ox) * (xy[2 * a + 1] - oy);
  }
  return Math.abs(twice) / 2;
}

/** Cross product of (b - a) and (c - a): > 0 for a left turn. */
function turn(xy: Float64Array, a: number, b: number, c: number): number {
  const ax = xy[2 * a];
  const ay = xy[2 * a + 1];
  return (xy[2 * b] - ax) * (xy[2 * c + 1] - ay) - (xy[2 * b + 1] - ay) * (xy[2 * c] - ax);
}

import { capsule, type Capsule } from './capsule.js';
import type { Draw } from './random.js';

export interface TreeSpec {
  readonly root: readonly number[];
  readonly direction: readonly number[];
  readonly rootRadius: number;
  /** Branches thinner than this are not grown. */
  readonly minRadius: number;
  /** Segment length: lengthBase + radius × a draw from lengthPerRadius (mm). */
  readonly lengthPerRadius: readonly [number, number];
  readonly lengthBase: number;
  /** Radius of the [thicker, thinner] child as a fraction of the parent's: draw ranges. */
  readonly childRatios: readonly [readonly [number, number], readonly [number, number]];
  /** Bias of each child toward pointing away from this point (the hilum), 0..1. */
  readonly outward: number;
  readonly outwardFrom: readonly number[];
  /** Where a segment may end (tested at its end and its middle). */
  readonly accepts: (x: number, y: number, z: number) => boolean;
  /**
   * Distance (mm) from a segment's axis, as a function of its radius, that must still be accepted around its end
   * and middle (four points across the axis): thick branches keep off the pleura, as real ones do. The root
   * segment, which leaves the hilum, is exempt. Default: none.
   */
  readonly sideClearance?: (r: number) => number;
  readonly maxSegments: number;
}

/**
 * Grows a branching tree of tubes: each segment splits into a thicker and a thinner child that turn away from
 * the parent's direction on opposite sides, until the radius falls under `minRadius`. A segment that would leave
 * the allowed region is re-drawn in a new direction a few times, then dropped with its subtree.
 */
export function growTree(spec: TreeSpec, d: Draw): Capsule[] {
  const out: Capsule[] = [];
  const stack: { p: readonly number[]; dir: number[]; r: number }[] = [{ p: spec.root, dir: normalize([...spec.direction]), r: spec.rootRadius }];
  while (stack.length > 0 && out.length < spec.maxSegments) {
    const { p, dir, r } = stack.pop()!;
    for (let attempt = 0; attempt < 5; attempt++) {
      const dir1 = attempt === 0 ? dir : turn(dir, perpendicular(dir, d), d.uni(0.2, 0.6) * attempt);
      const len = spec.lengthBase + r * d.uni(spec.lengthPerRadius[0], spec.lengthPerRadius[1]);
      const end = [p[0] + dir1[0] * len, p[1] + dir1[1] * len, p[2] + dir1[2] * len];
      if (!spec.accepts(end[0], end[1], end[2])) continue;
      const mid = [(p[0] + end[0]) / 2, (p[1] + end[1]) / 2, (p[2] + end[2]) / 2];
      if (out.length > 0) {
        if (!spec.accepts(mid[0], mid[1], mid[2])) continue;
        if (spec.sideClearance) {
          const c = spec.sideClearance(r);
          // Across the axis at the end and the middle, and along it past the end's round cap.
          if (!clearAround(spec, dir1, c, end, mid) || !spec.accepts(end[0] + dir1[0] * c, end[1] + dir1[1] * c, end[2] + dir1[2] * c)) continue;
        }
      }
      out.push(capsule(p, end, r));
      const away = normalize([end[0] - spec.outwardFrom[0], end[1] - spec.outwardFrom[1], end[2] - spec.outwardFrom[2]]);
      const e1 = perpendicular(dir1, d);
      const children: [number, number, number[]][] = [
        [r * d.uni(spec.childRatios[0][0], spec.childRatios[0][1]), d.uni(0.25, 0.55), e1],
        [r * d.uni(spec.childRatios[1][0], spec.childRatios[1][1]), d.uni(0.5, 0.95), e1.map((v) => -v)],
      ];
      for (const [rc, angle, axis] of children) {
        if (rc < spec.minRadius) continue;
        const c = turn(dir1, axis, angle);
        stack.push({ p: end, dir: normalize(c.map((v, i) => v + spec.outward * away[i])), r: rc });
      }
      break;
    }
  }
  return out;
}

/** The four points at distance c across the axis `dir` from each of `points` are all accepted. */
function clearAround(spec: TreeSpec, dir: readonly number[], c: number, ...points: (readonly number[])[]): boolean {
  // Two unit vectors across the axis, fixed by the direction alone (no draws: the generator's sequence is kept).
  const ref = Math.abs(dir[2]) < 0.9 ? [0, 0, 1] : [1, 0, 0];
  const e1 = normalize([dir[1] * ref[2] - dir[2] * ref[1], dir[2] * ref[0] - dir[0] * ref[2], dir[0] * ref[1] - dir[1] * ref[0]]);
  const e2 = [dir[1] * e1[2] - dir[2] * e1[1], dir[2] * e1[0] - dir[0] * e1[2], dir[0] * e1[1] - dir[1] * e1[0]];
  for (const p of points) {
    for (const [u, v] of [[c, 0], [-c, 0], [0, c], [0, -c]]) {
      if (!spec.accepts(p[0] + u * e1[0] + v * e2[0], p[1] + u * e1[1] + v * e2[1], p[2] + u * e1[2] + v * e2[2])) return false;
    }
  }
  return true;
}

function normalize(v: number[]): number[] {
  const n = Math.hypot(v[0], v[1], v[2]) || 1;
  return [v[0] / n, v[1] / n, v[2] / n];
}

/** A random unit vector perpendicular to the unit vector `dir`. */
function perpendicular(dir: readonly number[], d: Draw): number[] {
  for (;;) {
    const v = [d.uni(-1, 1), d.uni(-1, 1), d.uni(-1, 1)];
    const c = [dir[1] * v[2] - dir[2] * v[1], dir[2] * v[0] - dir[0] * v[2], dir[0] * v[1] - dir[1] * v[0]];
    if (Math.hypot(c[0], c[1], c[2]) > 0.1) return normalize(c);
  }
}

/** Rotates `dir` by `angle` radians toward the perpendicular unit vector `axis`. */
function turn(dir: readonly number[], axis: readonly number[], angle: number): number[] {
  const c = Math.cos(angle), s = Math.sin(angle);
  return normalize([dir[0] * c + axis[0] * s, dir[1] * c + axis[1] * s, dir[2] * c + axis[2] * s]);
}

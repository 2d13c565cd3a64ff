import { describe, it, expect } from 'vitest';
import { convexHullArea, hullDegeneracy } from '../../src/stages/convexHull.js';

const pts = (p: number[][]): Float64Array => Float64Array.from(p.flat());

// Reference: Debian's scipy 1.10.1, `ConvexHull(np.array(points)).volume` or the QhullError code it raised.
describe('convexHullArea', () => {
  it('a closed square with interior and repeated points: area 4 (scipy 4.0)', () => {
    expect(convexHullArea(pts([[0, 0], [2, 0], [2, 2], [0, 2], [1, 1], [2, 2], [0, 0], [1, 0]]))).toEqual({ kind: 'area', areaPx2: 4 });
  });

  it('a right triangle 4 x 3: area 6 (scipy 6.000000000000002)', () => {
    const r = convexHullArea(pts([[0, 0], [4, 0], [0, 3]]));
    expect(r.kind).toBe('area');
    expect(r.kind === 'area' && r.areaPx2).toBeCloseTo(6, 12);
  });

  it('does not depend on the order of the points or on a far-away offset', () => {
    const ring = [[300.05, 200], [301, 199.05], [302, 199.05], [302.95, 200], [302, 200.95], [301, 200.95], [300.05, 200]];
    const a = convexHullArea(pts(ring));
    const b = convexHullArea(pts([...ring].reverse()));
    // hexagon: 2.9 wide, rows at +-0.95 -> 2 * (trapezoid (1 + 2.9) / 2 * 0.95) = 3.705
    expect(a.kind === 'area' && a.areaPx2).toBeCloseTo(3.705, 10);
    expect(b).toEqual(a);
  });

  it('fewer than 3 points is degenerate (QH6214)', () => {
    expect(convexHullArea(pts([[0, 0.05], [0.05, 0]]))).toEqual({ kind: 'degenerate', reason: 'too-few-points' });
    expect(convexHullArea(pts([[1, 1]]))).toEqual({ kind: 'degenerate', reason: 'too-few-points' });
    expect(convexHullArea(new Float64Array(0))).toEqual({ kind: 'degenerate', reason: 'too-few-points' });
  });

  it('points on one line are degenerate (QH6013 for an axis line, QH6154 for a rounded diagonal)', () => {
    expect(convexHullArea(pts([[0.05, 0], [0.05, 1], [0.05, 2], [0.05, 3]]))).toEqual({ kind: 'degenerate', reason: 'collinear' });
    // Mathematically on x - y = -299.95 but off it by float rounding; scipy still raises QH6154.
    const diagonal = Array.from({ length: 1500 }, (_, k) => [k + 0.05, k + 300]);
    expect(convexHullArea(pts(diagonal))).toEqual({ kind: 'degenerate', reason: 'collinear' });
    const slanted = Array.from({ length: 600 }, (_, k) => [0.95 + 2 * k, 0.05 + 3 * k]);
    expect(hullDegeneracy(pts(slanted))).toBe('collinear');
  });

  it('duplicates: 3 points with 2 distinct (QH6154) and all identical (QH6421) are degenerate', () => {
    expect(convexHullArea(pts([[1, 1], [1, 1], [2, 2]]))).toEqual({ kind: 'degenerate', reason: 'collinear' });
    expect(convexHullArea(pts([[1, 1], [1, 1], [1, 1]]))).toEqual({ kind: 'degenerate', reason: 'collinear' });
  });

  it('a thin but real triangle is not degenerate (scipy: area 5e-07 for height 1e-9 over 1000)', () => {
    const r = convexHullArea(pts([[0, 0], [1000, 0], [500, 1e-9]]));
    expect(r.kind === 'area' && r.areaPx2).toBeCloseTo(5e-7, 15);
  });
});

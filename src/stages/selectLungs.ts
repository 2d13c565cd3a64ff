import { hullAreaOf, hullDegeneracy } from './convexHull.js';
import type { Contour } from './types.js';

export interface SeedSelectParams {
  /** A candidate's convex hull must be larger than this, in pixel² (tutorial: 2000). */
  readonly minHullAreaPx2: number;
  /** A candidate's first and last points must be closer than this, in pixels (tutorial: 1). */
  readonly maxClosingGapPx: number;
}

export interface LungSelection {
  /** The chosen lung contours (empty when none). */
  readonly lungs: readonly Contour[];
  /** Contours passing the hull + closed tests. */
  readonly candidates: number;
  /** Why no lungs, or null. */
  readonly note: string | null;
}

/**
 * The tutorial's `find_lungs`: candidates are closed contours with a large convex hull; exactly 2 are
 * both lungs, more than 2 lose the largest (the body), fewer than 2 give no lungs.
 * Where the tutorial would crash instead, this returns no lungs and says why in `note`:
 * - any contour with < 3 points or all points collinear (scipy's ConvexHull raises, and the tutorial
 *   builds a hull for every contour before testing anything);
 * - fewer than 2 candidates (`find_lungs` returns None, which the next step cannot iterate);
 * - more than 2 candidates with two equal hull areas (the tuple sort then compares numpy arrays).
 *
 * The hull is only built when the contour is closed and its bounding box could hold more than the
 * threshold; the crash rule still looks at every contour.
 */
export function selectLungsSeed(params: SeedSelectParams, contours: readonly Contour[]): LungSelection {
  const { minHullAreaPx2, maxClosingGapPx } = params;
  // Skip the hull only when its area certainly cannot exceed the threshold, float rounding included.
  const bboxSkipLimit = minHullAreaPx2 * (1 - 1e-9);
  let crash: string | null = null;
  const chosen: Contour[] = [];
  const areas: number[] = [];

  for (let i = 0; i < contours.length; i++) {
    const xy = contours[i].xy;
    const degeneracy = hullDegeneracy(xy);
    if (degeneracy !== null) {
      if (crash === null) crash = degenerateNote(i, contours.length, xy.length >> 1, degeneracy);
      continue;
    }
    if (!isClosed(xy, maxClosingGapPx)) continue;
    if (boundingBoxArea(xy) <= bboxSkipLimit) continue;
    const area = hullAreaOf(xy);
    if (area > minHullAreaPx2) {
      chosen.push(contours[i]);
      areas.push(area);
    }
  }

  const candidates = chosen.length;
  if (crash !== null) return { lungs: [], candidates, note: crash };
  if (candidates < 2) {
    return { lungs: [], candidates, note: `tutorial would crash: ${candidates} lung candidate${candidates === 1 ? '' : 's'} (needs 2)` };
  }
  if (candidates === 2) return { lungs: chosen, candidates, note: null };

  const order = chosen.map((_, k) => k).sort((a, b) => areas[a] - areas[b]);
  for (let k = 1; k < order.length; k++) {
    if (areas[order[k]] === areas[order[k - 1]]) {
      return {
        lungs: [],
        candidates,
        note: `tutorial would crash: ${candidates} lung candidates, two with the same hull area ${areas[order[k]]} (Python's sort then compares numpy arrays)`,
      };
    }
  }
  order.pop(); // the largest hull: taken to be the body
  return { lungs: order.map((k) => chosen[k]), candidates, note: null };
}

function degenerateNote(index: number, total: number, points: number, reason: 'too-few-points' | 'collinear'): string {
  const what = reason === 'too-few-points' ? `has ${points} point${points === 1 ? '' : 's'}` : `is collinear (${points} points)`;
  return `tutorial would crash: contour ${index + 1} of ${total} ${what} (scipy QhullError)`;
}

/** The tutorial's `set_is_closed`: Euclidean distance between the first and last points below the gap. */
function isClosed(xy: Float64Array, maxGap: number): boolean {
  const n = xy.length;
  const dx = xy[1] - xy[n - 1];
  const dy = xy[0] - xy[n - 2];
  return Math.sqrt(dx * dx + dy * dy) < maxGap;
}

function boundingBoxArea(xy: Float64Array): number {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < xy.length; i += 2) {
    const x = xy[i];
    const y = xy[i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return (maxX - minX) * (maxY - minY);
}

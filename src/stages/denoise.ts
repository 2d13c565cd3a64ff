import type { BinaryImage, Contour } from './types.js';

export interface DenoiseParams {
  /** A vessel pixel this close (inclusive, in pixels) to a lung-contour vertex is cleared (tutorial: 0.1). */
  readonly maxDistancePx: number;
}

export interface DenoiseResult {
  readonly vessels: BinaryImage;
  /** Number of vessel pixels cleared. */
  readonly removed: number;
}

/**
 * The tutorial's `denoise_vessels`: clear every vessel pixel (px, py) with
 * `sqrt((x - px)² + (y - py)²) <= maxDistancePx` for some vertex (x, y) of a selected lung contour.
 *
 * The tutorial loops over vertices × vessel pixels. Here each vertex only visits the pixels that could be
 * that close: for a distance below 0.5 (the tutorial's 0.1) only (rint(x), rint(y)), otherwise the small
 * square around it, so the cost is O(vertices) for a fixed distance. The distance test is
 * the tutorial's own float64 formula. Vertices off the grid reach no pixel. The input is not modified.
 */
export function denoiseContourVertices(params: DenoiseParams, vessels: BinaryImage, lungContours: readonly Contour[]): DenoiseResult {
  const { width: w, height: h } = vessels;
  const d = params.maxDistancePx;
  const out = new Uint8Array(vessels.data);
  let removed = 0;
  if (!(d >= 0)) return { vessels: { width: w, height: h, data: out }, removed };

  const clear = (px: number, py: number, x: number, y: number): void => {
    if (!(px >= 0 && px < w && py >= 0 && py < h)) return;
    const p = px + py * w;
    if (out[p] === 0) return;
    const dx = x - px;
    const dy = y - py;
    if (Math.sqrt(dx * dx + dy * dy) <= d) {
      out[p] = 0;
      removed++;
    }
  };

  for (const contour of lungContours) {
    const xy = contour.xy;
    for (let i = 0; i < xy.length; i += 2) {
      const x = xy[i];
      const y = xy[i + 1];
      if (d < 0.5) {
        // Any other pixel is >= 0.5 away along one axis (exactly so in float64 too).
        clear(rintHalfEven(x), rintHalfEven(y), x, y);
      } else {
        // floor/ceil of x -/+ d already cover rounding: a pixel passing the float test lies in this square.
        const pyEnd = Math.min(h - 1, Math.ceil(y + d));
        const pxEnd = Math.min(w - 1, Math.ceil(x + d));
        for (let py = Math.max(0, Math.floor(y - d)); py <= pyEnd; py++) {
          for (let px = Math.max(0, Math.floor(x - d)); px <= pxEnd; px++) clear(px, py, x, y);
        }
      }
    }
  }
  return { vessels: { width: w, height: h, data: out }, removed };
}

/** numpy's rint: round to nearest, ties to even. */
export function rintHalfEven(v: number): number {
  const r = Math.round(v); // ties towards +infinity
  return r - v === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

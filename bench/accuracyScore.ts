/**
 * How the accuracy benchmark (and the tests that assert its figures) score one preset's output on one generated
 * chest with exact truth.
 *
 * Per-slice lung-area error: |measured / true - 1| over slices with at least 1000 true lung pixels.
 *
 * A false-lung slice is one where lung is reported but there is none, or where a structure that is not lung is
 * counted as lung — not an area disagreement along a real lung's edge:
 *   - 'no-lung': the truth has no lung in the slice, the preset reports some;
 *   - 'air-structure': a counted pixel of an air structure that is not lung (trachea or bronchus lumen outside the
 *     lungs, stomach gas, an air slot of the table), or
 *   - 'tissue': a counted pixel of body, arm, table or outside air,
 *   lies farther than FAR_FROM_LUNG_MM from every true lung pixel. Within that distance it is the lung's edge —
 *   partial volume, a notch rounded off, a boundary drawn a pixel or two apart, a bronchus whose lumen runs from
 *   the hilum into the lung — and counts as area error only. Beyond it, something that is not lung (the trachea,
 *   a main bronchus, gas, a great vessel, the top of a diaphragm dome, an arm) has been taken for lung: their
 *   cores lie farther from lung than that.
 */

/** Chest label codes (bench/syntheticChest.ts; src/phantom's are mapped onto them by bench/phantomVolume.ts). */
const OTHER = 0, AIRWAY = 5, GAS_OR_SLOT = 6;
const isLungLabel = (l: number) => l >= 1 && l <= 4;

/** Counted tissue within this distance (mm) of true lung is the lung's edge, farther away a structure. */
export const FAR_FROM_LUNG_MM = 5;

/** Slices with fewer true lung pixels than this are not scored for area error. */
export const MIN_SCORED_LUNG_PX = 1000;

export type FalseLungReason = 'no-lung' | 'air-structure' | 'tissue';

export interface SliceScore {
  readonly truthLungPx: number;
  readonly measuredLungPx: number;
  /** |measured / true - 1| × 100, null when the slice has fewer than MIN_SCORED_LUNG_PX true lung pixels. */
  readonly errorPct: number | null;
  /** Empty when the slice is not a false-lung slice. */
  readonly falseLung: readonly FalseLungReason[];
}

/**
 * Scores one slice from the preset's lung mask and the truth labels of the same canonical grid (`labels` is the
 * whole volume, slice-major; `offset` the slice's first pixel). `measuredLungPx` is the preset's reported area in
 * pixels (normally the mask's pixel count).
 */
export function scoreSlice(
  mask: Uint8Array,
  labels: Uint8Array,
  offset: number,
  width: number,
  height: number,
  spacingMm: readonly [number, number],
  measuredLungPx: number,
  scratch: Float64Array = new Float64Array(width * height),
): SliceScore {
  const n = width * height;
  let truthLungPx = 0, reported = 0, notLung = 0;
  for (let i = 0; i < n; i++) {
    const l = labels[offset + i];
    if (isLungLabel(l)) truthLungPx++;
    if (!mask[i]) continue;
    reported++;
    if (!isLungLabel(l)) notLung++;
  }
  const reasons: FalseLungReason[] = [];
  if (truthLungPx === 0 && (reported > 0 || measuredLungPx > 0)) reasons.push('no-lung');
  if (notLung > 0) {
    const dist = distanceToLung(labels, offset, width, height, spacingMm, scratch);
    let air = false, tissue = false;
    for (let i = 0; i < n; i++) {
      if (!mask[i] || !(dist[i] > FAR_FROM_LUNG_MM)) continue;
      const l = labels[offset + i];
      if (l === AIRWAY || l === GAS_OR_SLOT) air = true;
      else if (l === OTHER) tissue = true;
    }
    if (air) reasons.push('air-structure');
    if (tissue) reasons.push('tissue');
  }
  return {
    truthLungPx,
    measuredLungPx,
    errorPct: truthLungPx >= MIN_SCORED_LUNG_PX ? Math.abs(measuredLungPx / truthLungPx - 1) * 100 : null,
    falseLung: reasons,
  };
}

/**
 * Distance (mm) from each pixel to the nearest true lung pixel: a two-pass chamfer over the 8-neighbourhood with
 * the grid's spacings (slightly above the Euclidean distance, never below it by more than rounding).
 */
export function distanceToLung(
  labels: Uint8Array,
  offset: number,
  width: number,
  height: number,
  spacingMm: readonly [number, number],
  out: Float64Array = new Float64Array(width * height),
): Float64Array {
  const [sx, sy] = spacingMm;
  const sd = Math.hypot(sx, sy);
  for (let i = 0; i < width * height; i++) out[i] = isLungLabel(labels[offset + i]) ? 0 : Infinity;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      let d = out[i];
      if (x > 0 && out[i - 1] + sx < d) d = out[i - 1] + sx;
      if (y > 0) {
        if (out[i - width] + sy < d) d = out[i - width] + sy;
        if (x > 0 && out[i - width - 1] + sd < d) d = out[i - width - 1] + sd;
        if (x < width - 1 && out[i - width + 1] + sd < d) d = out[i - width + 1] + sd;
      }
      out[i] = d;
    }
  }
  for (let y = height - 1; y >= 0; y--) {
    for (let x = width - 1; x >= 0; x--) {
      const i = y * width + x;
      let d = out[i];
      if (x < width - 1 && out[i + 1] + sx < d) d = out[i + 1] + sx;
      if (y < height - 1) {
        if (out[i + width] + sy < d) d = out[i + width] + sy;
        if (x < width - 1 && out[i + width + 1] + sd < d) d = out[i + width + 1] + sd;
        if (x > 0 && out[i + width - 1] + sd < d) d = out[i + width - 1] + sd;
      }
      out[i] = d;
    }
  }
  return out;
}

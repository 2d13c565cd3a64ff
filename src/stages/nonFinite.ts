/**
 * Voxels whose stored value is not a number a CT can hold (NaN, ±Infinity: float files with holes, failed
 * reconstructions, padding written as NaN). Pure: a slice in, positions out; the repair writes into the slice.
 */

/** Indices of the non-finite pixels of a slice, or null when every pixel is finite (the usual case, one pass). */
export function findNonFinite(hu: Float32Array): Int32Array | null {
  let count = 0;
  for (let i = 0; i < hu.length; i++) if (hu[i] - hu[i] !== 0) count++;
  if (count === 0) return null;
  const out = new Int32Array(count);
  for (let i = 0, k = 0; i < hu.length; i++) if (hu[i] - hu[i] !== 0) out[k++] = i;
  return out;
}

/** What a hole no finite neighbour reaches becomes: air, as padding outside the field of view is. */
const UNREACHED_HU = -1024;
const MAX_PASSES = 8;

/**
 * Gives each non-finite pixel the mean of its finite 8-neighbours, so the segmentation sees the anatomy around a
 * hole rather than an arbitrary value (a NaN taken as air inside the chest wall opens it; +Inf in the lung is a
 * vessel). A cluster fills from its edge inward, one ring per pass; what is left after MAX_PASSES becomes air.
 * Measures leave these pixels out: the stages only need a plausible value to keep regions whole.
 */
export function repairNonFinite(hu: Float32Array, width: number, height: number, positions: Int32Array): void {
  let pending = Array.from(positions);
  for (let pass = 0; pass < MAX_PASSES && pending.length > 0; pass++) {
    const filled: [number, number][] = [];
    const still: number[] = [];
    for (const i of pending) {
      const x = i % width, y = (i - x) / width;
      let sum = 0, n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if ((dx === 0 && dy === 0) || xx < 0 || xx >= width) continue;
          const v = hu[yy * width + xx];
          if (v - v === 0) { sum += v; n++; }
        }
      }
      if (n > 0) filled.push([i, sum / n]);
      else still.push(i);
    }
    // Written after the pass, so a pixel filled in this pass does not feed its neighbours until the next.
    for (const [i, v] of filled) hu[i] = v;
    pending = still;
  }
  for (const i of pending) hu[i] = UNREACHED_HU;
}

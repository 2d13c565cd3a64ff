/**
 * Morphological closing of one region with an octagon of radius ≈ `radiusMm` (alternating 3×3 squares and
 * crosses, the usual digital disc), on bit-packed rows of the region's bounding box grown by the radius: a few
 * word operations per 32 pixels per step, so it costs far less than the slice's other passes.
 * A vessel that runs along the lung's edge or enters it at the hilum leaves a notch in the air region; the closing
 * gives those pixels back (they are lung, and vessel), while concavities wider than the octagon — the mediastinum,
 * the heart — stay out.
 *
 * With `holes`, the closed region's holes are filled too: tissue that the lung surrounds except for a neck narrower
 * than the closing (a tangle of vessels and a bronchus touching the chest wall or the hilum by a thin branch) is, once
 * the neck is bridged, enclosed like any vessel the lung surrounds — and is lung, as a hole of the region before
 * the closing is (src/stages/anatomy.ts).
 */
import { BitRunScratch, forEachBitRun, labelBitRuns } from './anatomyRuns.js';

/** Scratch buffers reused across the regions of one slice. */
export class ClosingScratch {
  a = new Int32Array(0);
  b = new Int32Array(0);
  orig = new Int32Array(0);
  /** For labelling the closed box's holes. */
  readonly holeRuns = new BitRunScratch();
  /** Output runs, grown as needed. */
  out: Int32Array = new Int32Array(3 * 1024);
  growOut(used: number): Int32Array {
    const grown = new Int32Array(this.out.length * 2);
    grown.set(this.out.subarray(0, used));
    return (this.out = grown);
  }
  ensure(words: number): void {
    if (this.a.length < words) {
      this.a = new Int32Array(words);
      this.b = new Int32Array(words);
      this.orig = new Int32Array(words);
    }
  }
}

/** How the holes of a closed region are filled. */
export interface HoleFill {
  /** Holes of more pixels than this stay out (a diaphragm dome ringed by the costophrenic recess). */
  readonly maxPx: number;
  /** Pixels of another region: a hole holding any is filled with that region (it lies wholly inside). */
  readonly ofOtherRegion: (index: number) => boolean;
  /** Tissue: a hole of tissue alone is reported (ClosedRegion.tissueHoles). */
  readonly isTissue: (index: number) => boolean;
}

export interface ClosedRegion {
  /** The closed (and filled) region as (y, x0, x1) runs, scan order. */
  readonly runs: Int32Array;
  /** The holes filled that hold only tissue, each as runs in scan order. */
  readonly tissueHoles: readonly Int32Array[];
  /** Some hole held another region, now part of this one. */
  readonly swallowed: boolean;
}

/**
 * The closed region as (y, x0, x1) runs; pixels the closing adds are kept only where `mayAdd(x + y * width)`; with
 * `holes`, then the closed region's holes filled. `runs` must be in scan order; the result is in scan order.
 */
export function closeRegion(
  runs: Int32Array,
  bbox: readonly [number, number, number, number],
  width: number,
  height: number,
  spacingMm: readonly [number, number],
  radiusMm: number,
  mayAdd: (index: number) => boolean,
  scratch: ClosingScratch,
  holes: HoleFill | null = null,
): ClosedRegion {
  const steps = Math.max(1, Math.round(radiusMm / Math.sqrt(spacingMm[0] * spacingMm[1])));
  const m = steps + 1;
  const gx0 = bbox[0] - m, gy0 = bbox[1] - m;
  const W = bbox[2] - bbox[0] + 1 + 2 * m, H = bbox[3] - bbox[1] + 1 + 2 * m;
  const nw = (W + 31) >>> 5;
  scratch.ensure(nw * H);
  let a = scratch.a, b = scratch.b;
  const orig = scratch.orig;
  a.fill(0, 0, nw * H);
  for (let k = 0; k < runs.length; k += 3) setBits(a, (runs[k] - gy0) * nw, runs[k + 1] - gx0, runs[k + 2] - gx0);
  orig.set(a.subarray(0, nw * H));

  for (let s = 0; s < steps; s++) {
    morph(a, b, nw, H, s % 2 === 0, true);
    [a, b] = [b, a];
  }
  for (let s = 0; s < steps; s++) {
    morph(a, b, nw, H, s % 2 === 0, false);
    [a, b] = [b, a];
  }

  // Keep the region, plus added pixels (closed and not in the region) inside the image that mayAdd allows.
  for (let ly = 0; ly < H; ly++) {
    const y = gy0 + ly;
    const row = ly * nw;
    for (let w = 0; w < nw; w++) {
      let added = (a[row + w] & ~orig[row + w]) >>> 0;
      let keep = orig[row + w];
      while (added !== 0) {
        const bit = 31 - Math.clz32(added);
        added = (added & ~(1 << bit)) >>> 0;
        const x = gx0 + (w << 5) + bit;
        if (y >= 0 && y < height && x >= 0 && x < width && mayAdd(x + y * width)) keep |= 1 << bit;
      }
      a[row + w] = keep;
    }
  }

  const filled = holes ? fillHoles(a, nw, W, H, gx0, gy0, width, holes, scratch) : NO_HOLES;

  let out: Int32Array = scratch.out;
  let n = 0;
  forEachBitRun(a, nw, W, H, 1, (ly, x0, x1) => {
    if (n + 3 > out.length) out = scratch.growOut(n);
    out[n] = gy0 + ly;
    out[n + 1] = gx0 + x0;
    out[n + 2] = gx0 + x1;
    n += 3;
  });
  return { runs: out.slice(0, n), tissueHoles: filled.tissueHoles, swallowed: filled.swallowed };
}

const NO_HOLES = { tissueHoles: [] as Int32Array[], swallowed: false };

/**
 * Sets the bits of every hole of the closed box `a` (a component of the complement, 8-connected as tissue is, that
 * does not reach the box's border — the box is the region's bounding box grown by more than the closing, so its
 * border ring lies outside) of at most holes.maxPx pixels.
 */
function fillHoles(
  a: Int32Array, nw: number, W: number, H: number, gx0: number, gy0: number, width: number, holes: HoleFill, scratch: ClosingScratch,
): { tissueHoles: Int32Array[]; swallowed: boolean } {
  const c = labelBitRuns(a, nw, W, H, 0, 8, scratch.holeRuns);
  // Per complement component: 0 not filled, 1 filled (tissue only), 2 filled (holds other regions or air).
  const kind = new Uint8Array(c.nLabels);
  const nRuns = new Int32Array(c.nLabels);
  let any = false;
  for (let l = 0; l < c.nLabels; l++) if (!c.touchesBorder[l] && c.area[l] <= holes.maxPx) { kind[l] = 1; any = true; }
  if (!any) return NO_HOLES;
  let swallowed = false;
  for (let r = 0; r < c.nRuns; r++) {
    const l = c.label[r];
    if (kind[l] === 0) continue;
    nRuns[l]++;
    const base = (gy0 + c.runs[r * 3]) * width + gx0;
    for (let x = c.runs[r * 3 + 1]; x < c.runs[r * 3 + 2]; x++) {
      if (holes.ofOtherRegion(base + x)) { kind[l] = 2; swallowed = true; }
      else if (!holes.isTissue(base + x)) kind[l] = 2;
    }
    setBits(a, c.runs[r * 3] * nw, c.runs[r * 3 + 1], c.runs[r * 3 + 2]);
  }
  const byLabel = new Map<number, { runs: Int32Array; k: number }>();
  const tissueHoles: Int32Array[] = [];
  for (let r = 0; r < c.nRuns; r++) {
    const l = c.label[r];
    if (kind[l] !== 1) continue;
    let h = byLabel.get(l);
    if (!h) {
      h = { runs: new Int32Array(nRuns[l] * 3), k: 0 };
      byLabel.set(l, h);
      tissueHoles.push(h.runs);
    }
    h.runs[h.k++] = gy0 + c.runs[r * 3];
    h.runs[h.k++] = gx0 + c.runs[r * 3 + 1];
    h.runs[h.k++] = gx0 + c.runs[r * 3 + 2];
  }
  return { tissueHoles, swallowed };
}

function setBits(bits: Int32Array, row: number, x0: number, x1: number): void {
  for (let x = x0; x < x1; x++) bits[row + (x >>> 5)] |= 1 << (x & 31);
}

/** One dilation (`grow`) or erosion step by a 3×3 square or a cross; outside the box counts as 0. */
function morph(src: Int32Array, dst: Int32Array, nw: number, H: number, square: boolean, grow: boolean): void {
  for (let y = 0; y < H; y++) {
    const row = y * nw;
    for (let w = 0; w < nw; w++) {
      const c = src[row + w];
      const up = y > 0 ? src[row - nw + w] : 0;
      const down = y < H - 1 ? src[row + nw + w] : 0;
      let v: number;
      if (square) {
        const col = grow ? c | up | down : c & up & down;
        const prev = w > 0 ? (grow ? src[row + w - 1] | (y > 0 ? src[row - nw + w - 1] : 0) | (y < H - 1 ? src[row + nw + w - 1] : 0) : src[row + w - 1] & (y > 0 ? src[row - nw + w - 1] : 0) & (y < H - 1 ? src[row + nw + w - 1] : 0)) : 0;
        const next = w < nw - 1 ? (grow ? src[row + w + 1] | (y > 0 ? src[row - nw + w + 1] : 0) | (y < H - 1 ? src[row + nw + w + 1] : 0) : src[row + w + 1] & (y > 0 ? src[row - nw + w + 1] : 0) & (y < H - 1 ? src[row + nw + w + 1] : 0)) : 0;
        v = shiftCombine(col, prev, next, grow);
      } else {
        const prev = w > 0 ? src[row + w - 1] : 0;
        const next = w < nw - 1 ? src[row + w + 1] : 0;
        const horiz = shiftCombine(c, prev, next, grow);
        v = grow ? horiz | up | down : horiz & up & down;
      }
      dst[row + w] = v;
    }
  }
}

/** Combine a word with its left and right neighbours' bits (bit i = pixel x = 32w + i). */
function shiftCombine(c: number, prev: number, next: number, grow: boolean): number {
  const fromLeft = (c << 1) | (prev >>> 31); // pixel x takes x - 1
  const fromRight = (c >>> 1) | (next << 31); // pixel x takes x + 1
  return grow ? c | fromLeft | fromRight : c & fromLeft & fromRight;
}

/**
 * HU histograms with 1 HU bins over [-1024, 0]: bin b holds HU in [b, b + 1) (the HU floored), except the end bins,
 * which also hold everything outside: bin -1024 every HU below -1023 (and NaN), bin 0 every HU at or above 0.
 * CT stored as integers (with integer slope and intercept) puts each HU in its own bin, so thresholds and
 * percentiles taken from these bins are exact for it.
 *
 * Two forms: a `SparseTally` per candidate region of a slice (only the occupied bin range, kept in the worker
 * until the scan is assembled), and a dense `RegionTally` per output region, summed from them.
 */
import { keepShapeAlive } from '../runtime/keepShapeAlive.js';

export const HU_BIN_MIN = -1024;
export const HU_BIN_MAX = 0;
export const N_HU_BINS = HU_BIN_MAX - HU_BIN_MIN + 1;

/** Bin index 0..N_HU_BINS-1 of an HU value (NaN goes to the lowest bin). */
export function huBinIndex(v: number): number {
  // Between the clamps v + 1024 lies in [1, 1024): truncation floors it.
  return v >= HU_BIN_MAX ? N_HU_BINS - 1 : v >= HU_BIN_MIN + 1 ? (v - HU_BIN_MIN) | 0 : 0;
}

/** The HU a voxel contributes to sums: NaN (unreadable) counts as -1024. */
export function huValue(v: number): number {
  return v === v ? v : HU_BIN_MIN;
}

/** Tissue fraction × 1000 of a voxel, (clamp(HU, -1000, 0) + 1000): mass in g is Σ / 1000 × voxel mL. */
export function tissuePerMille(h: number): number {
  return h <= -1000 ? 0 : h >= 0 ? 1000 : h + 1000;
}

/** Counts over an occupied bin range, with the exact sums the bins cannot give. */
export interface SparseTally {
  /** Bin index of counts[0]. */
  readonly lo: number;
  readonly counts: Uint32Array;
  readonly n: number;
  /** Σ HU (NaN as -1024). */
  readonly sumHu: number;
  /** Σ tissuePerMille(HU). */
  readonly sumTissue: number;
}

/** A region's dense histogram and sums: what every density measure is computed from. */
export class RegionTally {
  readonly counts = new Float64Array(N_HU_BINS);
  n = 0;
  sumHu = 0;
  sumTissue = 0;

  constructor() {
    keepShapeAlive(this);
  }

  /** Adds (sign 1) or takes away (sign -1) a sparse tally. */
  add(t: SparseTally | null, sign: 1 | -1 = 1): void {
    if (t === null) return;
    for (let i = 0; i < t.counts.length; i++) this.counts[t.lo + i] += sign * t.counts[i];
    this.n += sign * t.n;
    this.sumHu += sign * t.sumHu;
    this.sumTissue += sign * t.sumTissue;
  }

  addTally(t: RegionTally): void {
    for (let i = 0; i < N_HU_BINS; i++) this.counts[i] += t.counts[i];
    this.n += t.n;
    this.sumHu += t.sumHu;
    this.sumTissue += t.sumTissue;
  }

  /** One voxel (for references built voxel by voxel, e.g. from truth masks). */
  addVoxel(v: number): void {
    const h = huValue(v);
    this.counts[huBinIndex(v)]++;
    this.n++;
    this.sumHu += h;
    this.sumTissue += tissuePerMille(h);
  }
}

/**
 * Builds sparse tallies: pixels are added into a dense scratch histogram, and `take` copies out the occupied range
 * (found from both ends of the scratch) and clears only that range, so a tally costs its pixels plus its span.
 * `addRange` is the hot loop (every pixel of every candidate region of every slice): locals only, one branch per
 * bin edge, and no running min/max of the bins (tracking them per pixel cost about 40 % of the loop).
 */
export class TallyBuilder {
  private readonly scratch = new Uint32Array(N_HU_BINS);
  private n = 0;
  private sumHu = 0;
  /** Σ HU of the pixels below -1000 (NaN as -1024) and at or above 0, for the mass's clamp. */
  private sumLow = 0;
  private sumHigh = 0;
  private nLow = 0;
  private nHigh = 0;

  /** Adds hu[from..to). */
  addRange(hu: Float32Array, from: number, to: number): void {
    if (to <= from) return;
    const scratch = this.scratch;
    let sum = 0, sumLow = 0, sumHigh = 0, nLow = 0, nHigh = 0;
    for (let i = from; i < to; i++) {
      let v = hu[i];
      if (v >= 0) {
        scratch[N_HU_BINS - 1]++;
        sumHigh += v;
        nHigh++;
      } else if (v >= -1000) {
        scratch[(v + 1024) | 0]++; // in [24, 1024): truncation floors
      } else {
        if (v !== v) v = HU_BIN_MIN;
        scratch[v >= -1023 ? (v + 1024) | 0 : 0]++;
        sumLow += v;
        nLow++;
      }
      sum += v;
    }
    this.n += to - from;
    this.sumHu += sum;
    this.sumLow += sumLow;
    this.sumHigh += sumHigh;
    this.nLow += nLow;
    this.nHigh += nHigh;
  }

  /** The tally of the pixels added since the last take (null when none), and a clean builder. */
  take(): SparseTally | null {
    if (this.n === 0) return null;
    const scratch = this.scratch;
    let lo = 0, hi = N_HU_BINS - 1;
    while (scratch[lo] === 0) lo++;
    while (scratch[hi] === 0) hi--;
    const counts = scratch.slice(lo, hi + 1);
    scratch.fill(0, lo, hi + 1);
    // Σ (clamp(HU, -1000, 0) + 1000): the middle pixels give HU + 1000, the low 0, the high 1000.
    const nMid = this.n - this.nLow - this.nHigh;
    const sumMid = this.sumHu - this.sumLow - this.sumHigh;
    const t: SparseTally = { lo, counts, n: this.n, sumHu: this.sumHu, sumTissue: sumMid + 1000 * nMid + 1000 * this.nHigh };
    this.n = this.sumHu = this.sumLow = this.sumHigh = this.nLow = this.nHigh = 0;
    return t;
  }
}

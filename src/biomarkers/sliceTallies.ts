/**
 * Per slice, in the worker, while the slice's HU are still there: the HU tally of every candidate region
 * (src/stages/anatomy.ts), split at the body midline as the candidate's left/right pixel counts are, and of each
 * of its tissue islands, so that once the scan is assembled the tallies of the regions kept as lung — less the
 * islands taken back — add up to the lung mask's HU histogram per side and zone, without keeping any HU volume.
 * Also a sample of the slice's air HU for the reliability flags (airCalibration.ts).
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import type { HuSlice } from '../stages/types.js';
import { TallyBuilder, type SparseTally } from './huHistogram.js';
import { rightSideFromX } from './midlineSplit.js';
import { AIR_SAMPLE_BINS, AIR_SAMPLE_MIN_HU, AIR_SAMPLE_SLICE_STEP, AIR_SAMPLE_STEP } from './airCalibration.js';

export interface SideTallies {
  /** Pixels on the patient's left of the midline; null when none. */
  readonly left: SparseTally | null;
  readonly right: SparseTally | null;
}

export interface CandidateTallies extends SideTallies {
  /**
   * The HU of the candidate's tissue islands' pixels, island after island, each in run order (null when it has
   * none): kept raw, not tallied, because an island is taken back only at a diaphragm dome, rarely — and a slice
   * has hundreds of islands (every vessel cut across), too many small tallies to build.
   */
  readonly islandHu: Float32Array | null;
}

export interface SliceTallies {
  /** Parallel to SliceCandidates.candidates. */
  readonly candidates: readonly CandidateTallies[];
  /** Air-range HU sample of the slice (see airCalibration.ts); null when the slice has none. */
  readonly airSample: Uint32Array | null;
}

const LEFT = new TallyBuilder();
const RIGHT = new TallyBuilder();

/**
 * `excluded`: the slice's pixels that were not finite (ascending; repaired for the stages, src/stages/nonFinite.ts),
 * left out of every tally as they are of the areas; null when there are none.
 */
export function tallySlice(slice: HuSlice, sc: SliceCandidates, excluded: Int32Array | null = null): SliceTallies {
  const splitX = rightSideFromX(sc); // x >= splitX: patient's right
  const candidates: CandidateTallies[] = [];
  for (const c of sc.candidates) {
    const { left, right } = tallyRuns(slice, c.runs, splitX, excluded);
    candidates.push({ left, right, islandHu: islandHu(slice, c.islands, excluded) });
  }
  return { candidates, airSample: slice.index % AIR_SAMPLE_SLICE_STEP === 0 ? airSample(slice.hu) : null };
}

function tallyRuns(slice: HuSlice, runs: Int32Array, splitX: number, excluded: Int32Array | null): SideTallies {
  const { hu, width } = slice;
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    const x0 = runs[k + 1], x1 = runs[k + 2];
    const split = Math.min(x1, Math.max(x0, splitX));
    if (excluded === null) {
      LEFT.addRange(hu, base + x0, base + split);
      RIGHT.addRange(hu, base + split, base + x1);
    } else {
      addFinite(LEFT, hu, base + x0, base + split, excluded);
      addFinite(RIGHT, hu, base + split, base + x1, excluded);
    }
  }
  return { left: LEFT.take(), right: RIGHT.take() };
}

/** Adds hu[from..to) but the excluded positions in it. */
function addFinite(tally: TallyBuilder, hu: Float32Array, from: number, to: number, excluded: Int32Array): void {
  let e = firstAtOrAfter(excluded, from);
  let start = from;
  while (e < excluded.length && excluded[e] < to) {
    tally.addRange(hu, start, excluded[e]);
    start = excluded[e] + 1;
    e++;
  }
  tally.addRange(hu, start, to);
}

function firstAtOrAfter(sorted: Int32Array, value: number): number {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function islandHu(slice: HuSlice, islands: SliceCandidates['candidates'][number]['islands'], excluded: Int32Array | null): Float32Array | null {
  if (islands.length === 0) return null;
  let n = 0;
  for (const i of islands) n += runPixels(i.runs);
  const out = new Float32Array(n);
  const { hu, width } = slice;
  let k = 0;
  // A plain copy: the runs are short (vessels cut across), and a subarray view per run cost more than its pixels.
  for (const i of islands) {
    const runs = i.runs;
    for (let r = 0; r < runs.length; r += 3) {
      const base = runs[r] * width;
      const end = base + runs[r + 2];
      if (excluded === null) {
        for (let x = base + runs[r + 1]; x < end; x++) out[k++] = hu[x];
      } else {
        let e = firstAtOrAfter(excluded, base + runs[r + 1]);
        for (let x = base + runs[r + 1]; x < end; x++) {
          if (e < excluded.length && excluded[e] === x) { e++; continue; }
          out[k++] = hu[x];
        }
      }
    }
  }
  return k === n ? out : out.slice(0, k);
}

/** Pixels of a run list. */
export function runPixels(runs: Int32Array): number {
  let n = 0;
  for (let r = 0; r < runs.length; r += 3) n += runs[r + 2] - runs[r + 1];
  return n;
}

/**
 * The side tallies of island `index` of a candidate, from its raw HU (CandidateTallies.islandHu), split at
 * `splitX` as the candidate is.
 */
export function islandTallies(islands: SliceCandidates['candidates'][number]['islands'], hu: Float32Array, index: number, splitX: number): SideTallies {
  let k = 0;
  for (let i = 0; i < index; i++) k += runPixels(islands[i].runs);
  const runs = islands[index].runs;
  for (let r = 0; r < runs.length; r += 3) {
    const x0 = runs[r + 1], x1 = runs[r + 2];
    const split = Math.min(x1, Math.max(x0, splitX));
    LEFT.addRange(hu, k, k + (split - x0));
    RIGHT.addRange(hu, k + (split - x0), k + (x1 - x0));
    k += x1 - x0;
  }
  return { left: LEFT.take(), right: RIGHT.take() };
}

/** 1-HU histogram of every AIR_SAMPLE_STEP-th pixel with HU in the air range (clamped padding excluded). */
function airSample(hu: Float32Array): Uint32Array | null {
  const lo = AIR_SAMPLE_MIN_HU, hi = AIR_SAMPLE_MIN_HU + AIR_SAMPLE_BINS;
  let out: Uint32Array | null = null;
  for (let i = 0; i < hu.length; i += AIR_SAMPLE_STEP) {
    const v = hu[i];
    // NaN fails both tests; v - lo is exact for float32 v, so the bin is floor(v - lo) as the definition says.
    if (v >= lo && v < hi) (out ??= new Uint32Array(AIR_SAMPLE_BINS))[(v - lo) | 0]++;
  }
  return out;
}

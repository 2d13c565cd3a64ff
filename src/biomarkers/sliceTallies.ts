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
import { AIR_SAMPLE_BINS, AIR_SAMPLE_MIN_HU, AIR_SAMPLE_STEP } from './airCalibration.js';

export interface SideTallies {
  /** Pixels on the patient's left of the midline; null when none. */
  readonly left: SparseTally | null;
  readonly right: SparseTally | null;
}

export interface CandidateTallies extends SideTallies {
  /** Parallel to the candidate's `islands`. */
  readonly islands: readonly SideTallies[];
}

export interface SliceTallies {
  /** Parallel to SliceCandidates.candidates. */
  readonly candidates: readonly CandidateTallies[];
  /** Air-range HU sample of the slice (see airCalibration.ts); null when the slice has none. */
  readonly airSample: Uint32Array | null;
}

const LEFT = new TallyBuilder();
const RIGHT = new TallyBuilder();

export function tallySlice(slice: HuSlice, sc: SliceCandidates): SliceTallies {
  const splitX = rightSideFromX(sc); // x >= splitX: patient's right
  const candidates = sc.candidates.map((c) => ({
    ...tallyRuns(slice, c.runs, splitX),
    islands: c.islands.map((i) => tallyRuns(slice, i.runs, splitX)),
  }));
  return { candidates, airSample: airSample(slice.hu) };
}

function tallyRuns(slice: HuSlice, runs: Int32Array, splitX: number): SideTallies {
  const { hu, width } = slice;
  for (let k = 0; k < runs.length; k += 3) {
    const base = runs[k] * width;
    const x0 = runs[k + 1], x1 = runs[k + 2];
    const split = Math.min(x1, Math.max(x0, splitX));
    LEFT.addRange(hu, base + x0, base + split);
    RIGHT.addRange(hu, base + split, base + x1);
  }
  return { left: LEFT.take(), right: RIGHT.take() };
}

/** 1-HU histogram of every AIR_SAMPLE_STEP-th pixel with HU in the air range (clamped padding excluded). */
function airSample(hu: Float32Array): Uint32Array | null {
  let out: Uint32Array | null = null;
  for (let i = 0; i < hu.length; i += AIR_SAMPLE_STEP) {
    const b = Math.floor(hu[i] - AIR_SAMPLE_MIN_HU);
    if (!(b >= 0 && b < AIR_SAMPLE_BINS)) continue;
    out ??= new Uint32Array(AIR_SAMPLE_BINS);
    out[b]++;
  }
  return out;
}

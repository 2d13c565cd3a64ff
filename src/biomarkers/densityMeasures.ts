/**
 * Lung density measures of one region from its HU tally (huHistogram.ts). Definitions follow the Chest Imaging
 * Platform's parenchyma phenotypes (cip_python/phenotypes/parenchyma_phenotypes.py), over every voxel of the
 * region's lung mask, vessels and nodules included:
 *   LAA%-T  = 100 × #(HU <= T) / N                     (T = -950, -910, -856; CIP's "<=")
 *   Perc15  = the 15th percentile of the region's HU, numpy's default (linear between the two nearest ranks)
 *   mean HU = Σ HU / N
 *   mass g  = Σ (clamp(HU, -1000, 0) + 1000) / 1000 g/mL × voxel mL   (water-equivalent density; CIP uses a
 *             piecewise fit of Schneider et al. instead, within 1 % of this for HU <= -98)
 */
import { HU_BIN_MIN, N_HU_BINS, type RegionTally } from './huHistogram.js';

export interface DensityMeasures {
  readonly nVoxels: number;
  readonly volumeMl: number;
  /** null when the region is empty. */
  readonly meanHu: number | null;
  readonly perc15Hu: number | null;
  readonly laa950Pct: number | null;
  readonly laa910Pct: number | null;
  readonly laa856Pct: number | null;
  readonly massG: number | null;
}

export function densityMeasures(t: RegionTally, voxelMl: number): DensityMeasures {
  const n = t.n;
  if (n <= 0) {
    return { nVoxels: 0, volumeMl: 0, meanHu: null, perc15Hu: null, laa950Pct: null, laa910Pct: null, laa856Pct: null, massG: null };
  }
  return {
    nVoxels: n,
    volumeMl: n * voxelMl,
    meanHu: t.sumHu / n,
    perc15Hu: percentileHu(t, 15),
    laa950Pct: laaPct(t, -950),
    laa910Pct: laaPct(t, -910),
    laa856Pct: laaPct(t, -856),
    massG: (t.sumTissue / 1000) * voxelMl,
  };
}

/** 100 × the share of the region's voxels with HU <= thresholdHu (an integer within [-1024, 0]). */
export function laaPct(t: RegionTally, thresholdHu: number): number | null {
  if (t.n <= 0) return null;
  const last = Math.min(N_HU_BINS - 1, Math.floor(thresholdHu) - HU_BIN_MIN);
  let below = 0;
  for (let b = 0; b <= last; b++) below += t.counts[b];
  return (100 * below) / t.n;
}

/**
 * The p-th percentile (0..100) as numpy.percentile computes it by default: sorted values v[0..N-1], rank
 * r = p/100 × (N - 1), v[floor r] + (r - floor r) × (v[ceil r] - v[floor r]). Each value is its bin's lower edge,
 * so it is exact for integer HU within (-1024, 0) and the end bins' edge outside.
 */
export function percentileHu(t: RegionTally, p: number): number | null {
  const n = t.n;
  if (n <= 0) return null;
  const r = (p / 100) * (n - 1);
  const lo = Math.floor(r);
  const a = valueAtRank(t, lo);
  const frac = r - lo;
  return frac === 0 ? a : a + frac * (valueAtRank(t, lo + 1) - a);
}

/** The value of the 0-based rank-th smallest voxel. */
function valueAtRank(t: RegionTally, rank: number): number {
  let acc = 0;
  for (let b = 0; b < N_HU_BINS; b++) {
    acc += t.counts[b];
    if (acc > rank) return b + HU_BIN_MIN;
  }
  return N_HU_BINS - 1 + HU_BIN_MIN;
}

/**
 * How much of a voxel of each measured thickness counts under 5 and 10 mm², on one grid.
 *
 * The local thickness a grid can give takes few values near the thresholds (at 0.9 × 0.9 × 1 mm, t / 2 of 1.11,
 * 1.29, 1.46, 1.64 mm, ...), and where the threshold falls between two of them moves with the spacing. So
 * counting "t / 2 under the threshold" reads BV5 anywhere from 27 % low to 16 % high by grid, on the same vessel
 * trees (README, "BV5 and BV10 on fresh phantoms"). Instead, each voxel counts as the share of voxels of straight
 * tubes, digitised on this very grid at random directions and offsets, that read the same thickness and are truly
 * under the area: the count is unbiased for vessels whose volume is spread evenly over radius near the threshold.
 * The tubes are generated here, from a fixed seed, once per grid per thread; the phantom's vessel trees, on which
 * the result is tested, play no part.
 */
import { calibrationTubes, truthClass, tubeSliceVoxels, type TubeSet } from './calibrationTubes.js';
import { BV_AREAS_MM2, definitionWeights, VesselSizer, type AreaWeights, type ThicknessHistograms } from './vesselSize.js';

const TUBES = 1000;
const SEED = 20261203;

const cache = new Map<string, AreaWeights>();
/** Grids kept per thread: a cohort of varied fields of view has many pixel sizes; each is two short arrays. */
const CACHE_SIZE = 256;

export function calibratedWeights(spacingMm: readonly [number, number, number]): AreaWeights {
  const key = spacingMm.join(' ');
  let weights = cache.get(key);
  if (!weights) {
    weights = calibrate(spacingMm);
    if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
    cache.set(key, weights);
  }
  return weights;
}

/** The tubes' thickness histograms, one per truth class (truthClass: index 1 under 5 mm², ...). */
export function measureTubes(set: TubeSet, spacingMm: readonly [number, number, number]): { byClass: ThicknessHistograms; halfThicknessMm: Float64Array } {
  const sizer = new VesselSizer(set.width, set.height, set.nSlices, spacingMm, BV_AREAS_MM2.length + 1);
  for (const tube of set.tubes) {
    const cls = truthClass(tube.radiusMm);
    for (let k = 0; k < tube.nSlices; k++) {
      const voxels = tubeSliceVoxels(set, tube, k, spacingMm);
      sizer.add(voxels, new Uint8Array(voxels.length).fill(cls));
    }
  }
  return { byClass: sizer.finish(), halfThicknessMm: sizer.halfThicknessMm };
}

function calibrate(spacingMm: readonly [number, number, number]): AreaWeights {
  const nClasses = BV_AREAS_MM2.length + 1;
  const { byClass, halfThicknessMm: half } = measureTubes(calibrationTubes(spacingMm, TUBES, SEED), spacingMm);
  // Indexes of one distance (offsets of equal length in different directions) are one thickness: pooled.
  const pooled = new Map<number, Float64Array>();
  for (let i = 0; i < half.length; i++) {
    const key = half[i];
    const tally = pooled.get(key) ?? new Float64Array(nClasses + 1);
    for (let c = 1; c <= nClasses; c++) tally[c] += byClass[c][i];
    pooled.set(key, tally);
  }
  const definition = definitionWeights(half);
  return BV_AREAS_MM2.map((_, a) => half.map((h, i) => {
    const tally = pooled.get(h)!;
    let total = 0, under = 0;
    for (let c = 1; c <= nClasses; c++) {
      total += tally[c];
      if (c <= a + 1) under += tally[c];
    }
    // A thickness no tube read: the definition decides.
    return total > 0 ? under / total : definition[a][i];
  }));
}

/**
 * The `default` preset's two halves, as the runner calls them:
 *   - per slice: `runDefaultSlice` → a small `SliceCandidates`;
 *   - per scan, in the same worker once every slice is analysed (in index order): `assembleDefaultScan`;
 *   - for `--masks`: `defaultSliceMasks` paints a slice's lung and vessel masks from its candidates.
 * The slice must be canonical (RAS+ in-plane: read with { orientation: 'canonical', spacing: 'geometry' }).
 */
import { analyseSlice, type AnatomyParams, type SliceCandidates } from '../stages/anatomy.js';
import { assembleScan, type AssembleParams, type AssembledScan, type ScanGeometry } from '../volume/assembleScan.js';
import { paintRuns } from '../volume/masks.js';
import type { HuSlice } from '../stages/types.js';
import { StageClock } from './stageClock.js';
import { tallySlice, type SliceTallies } from '../biomarkers/sliceTallies.js';

export interface DefaultSliceResult {
  readonly candidates: SliceCandidates;
  /** Each candidate's HU tally, for the density measures once the scan is assembled (src/biomarkers/). */
  readonly tallies: SliceTallies;
  /** [analyse ms, tally ms] when timed, else null. */
  readonly stageMs: Float64Array | null;
}

export function runDefaultSlice(
  params: AnatomyParams,
  slice: HuSlice,
  options: { readonly timeStages: boolean; readonly nonFinite?: Int32Array | null },
): DefaultSliceResult {
  const clock = new StageClock(options.timeStages);
  const candidates = analyseSlice(params, slice);
  clock.lap();
  const tallies = tallySlice(slice, candidates, options.nonFinite ?? null);
  clock.lap();
  return { candidates, tallies, stageMs: clock.laps() };
}

export function assembleDefaultScan(params: AssembleParams, slices: readonly SliceCandidates[], geometry: ScanGeometry): AssembledScan {
  return assembleScan(params, slices, geometry);
}

/**
 * Lung and vessel masks (0/1, width × height, canonical grid) of one slice, from the regions the scan kept, less
 * the islands it took back from them (AssembledScan.islandsTakenBackOf).
 */
export function defaultSliceMasks(
  slice: SliceCandidates,
  lungRegions: readonly number[],
  islandsTakenBack: readonly Int32Array[] = [],
  /** Vessel pixels on the lung's surface (AssembledScan.surfaceVesselsOf): lung, not vessel. */
  surfaceVessels: Int32Array = new Int32Array(0),
): { lung: Uint8Array; vessels: Uint8Array } {
  const lung = new Uint8Array(slice.width * slice.height);
  const vessels = new Uint8Array(slice.width * slice.height);
  for (const id of lungRegions) {
    const c = slice.candidates[id];
    paintRuns(c.runs, slice.width, lung);
    paintRuns(c.vesselRuns, slice.width, vessels);
  }
  for (const runs of islandsTakenBack) {
    paintRuns(runs, slice.width, lung, 0);
    paintRuns(runs, slice.width, vessels, 0);
  }
  for (let k = 0; k < surfaceVessels.length; k++) vessels[surfaceVessels[k]] = 0;
  return { lung, vessels };
}

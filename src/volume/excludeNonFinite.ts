import type { SliceRow } from '../results.js';
import type { SliceCandidates } from '../stages/anatomy.js';
import { paintRuns } from './masks.js';
import { regionSide, type AssembleParams, type AssembledScan } from './assembleScan.js';

const LEFT = 1, RIGHT = 2, SPLIT = 3;

/**
 * The default preset's slice rows with the non-finite pixels left out of every area: the stages saw them repaired
 * (nonFinite.ts) so regions stay whole, and here each one the scan kept as lung (or vessel) is taken off the
 * lung (vessel) area of its side. `missing[s]`: the pixel indices of slice s that were not finite, or null.
 */
export function excludeNonFinite(
  rows: readonly SliceRow[],
  slices: readonly SliceCandidates[],
  missing: readonly (Int32Array | null)[],
  scan: Pick<AssembledScan, 'lungRegionsOf' | 'islandsTakenBackOf'>,
  params: Pick<AssembleParams, 'bothSidesMinFraction' | 'minSliceAreaMm2'>,
): SliceRow[] {
  return rows.map((row, s) => {
    const holes = missing[s];
    const sc = slices[s];
    if (!holes || !sc) return row;
    const pxMm2 = sc.spacingMm[0] * sc.spacingMm[1];
    const side = new Uint8Array(sc.width * sc.height);
    const vessel = new Uint8Array(sc.width * sc.height);
    for (const k of scan.lungRegionsOf(sc.index)) {
      const c = sc.candidates[k];
      const r = regionSide(params, c, pxMm2);
      paintRuns(c.runs, sc.width, side, r === 'split' ? SPLIT : r === 'left' ? LEFT : RIGHT);
      paintRuns(c.vesselRuns, sc.width, vessel);
    }
    for (const runs of scan.islandsTakenBackOf(sc.index)) {
      paintRuns(runs, sc.width, side, 0);
      paintRuns(runs, sc.width, vessel, 0);
    }
    const splitX = Math.floor(sc.body?.midlineX ?? 0) + 1;
    let left = 0, right = 0, vessels = 0;
    for (const i of holes) {
      const code = side[i];
      if (code === 0) continue;
      const isLeft = code === LEFT || (code === SPLIT && i % sc.width < splitX);
      if (isLeft) left++;
      else right++;
      if (vessel[i]) vessels++;
    }
    if (left + right === 0) return row;
    const lungAreaMm2 = row.lungAreaMm2 - (left + right) * pxMm2;
    const vesselAreaMm2 = row.vesselAreaMm2 - vessels * pxMm2;
    return {
      ...row,
      lungAreaMm2,
      vesselAreaMm2,
      vesselRatioPct: lungAreaMm2 > 0 ? (vesselAreaMm2 / lungAreaMm2) * 100 : null,
      leftAreaMm2: row.leftAreaMm2 === null ? null : row.leftAreaMm2 - left * pxMm2,
      rightAreaMm2: row.rightAreaMm2 === null ? null : row.rightAreaMm2 - right * pxMm2,
    };
  });
}

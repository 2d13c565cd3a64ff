import type { SliceRow } from '../results.js';
import type { SliceCandidates } from '../stages/anatomy.js';
import { paintRuns } from './masks.js';
import { regionSide, type AssembleParams, type AssembledScan } from './assembleScan.js';

const LEFT = 1, RIGHT = 2, SPLIT = 3;

/** Per slice, the non-finite pixels the scan kept as lung, per side, and those of them in a vessel (mm²). */
export interface NonFiniteInLung {
  readonly leftMm2: number;
  readonly rightMm2: number;
  readonly leftVesselMm2: number;
  readonly rightVesselMm2: number;
}

/**
 * Where the non-finite pixels fell: the stages saw them repaired (nonFinite.ts) so regions stay whole, and each one
 * the scan kept as lung (or vessel) is to be taken off the lung (vessel) area of its side. `missing[s]`: the pixel
 * indices of slice s that were not finite, or null. Null for a slice with none in the lung.
 */
export function nonFiniteInLung(
  slices: readonly SliceCandidates[],
  missing: readonly (Int32Array | null)[],
  scan: Pick<AssembledScan, 'lungRegionsOf' | 'islandsTakenBackOf' | 'surfaceVesselsOf'>,
  params: Pick<AssembleParams, 'bothSidesMinFraction' | 'minSliceAreaMm2'>,
): (NonFiniteInLung | null)[] {
  return slices.map((sc, s) => {
    const holes = missing[s];
    if (!holes || !sc) return null;
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
    for (const i of scan.surfaceVesselsOf(sc.index)) vessel[i] = 0;
    const splitX = Math.floor(sc.body?.midlineX ?? 0) + 1;
    let left = 0, right = 0, leftVessel = 0, rightVessel = 0;
    for (const i of holes) {
      const code = side[i];
      if (code === 0) continue;
      const isLeft = code === LEFT || (code === SPLIT && i % sc.width < splitX);
      if (isLeft) { left++; if (vessel[i]) leftVessel++; }
      else { right++; if (vessel[i]) rightVessel++; }
    }
    if (left + right === 0) return null;
    return { leftMm2: left * pxMm2, rightMm2: right * pxMm2, leftVesselMm2: leftVessel * pxMm2, rightVesselMm2: rightVessel * pxMm2 };
  });
}

/** The default preset's slice rows with the non-finite pixels kept as lung left out of every area. */
export function excludeNonFinite(rows: readonly SliceRow[], inLung: readonly (NonFiniteInLung | null)[]): SliceRow[] {
  return rows.map((row, s) => {
    const out = inLung[s];
    if (!out) return row;
    const lungAreaMm2 = row.lungAreaMm2 - out.leftMm2 - out.rightMm2;
    const vesselAreaMm2 = row.vesselAreaMm2 - out.leftVesselMm2 - out.rightVesselMm2;
    return {
      ...row,
      lungAreaMm2,
      vesselAreaMm2,
      vesselRatioPct: lungAreaMm2 > 0 ? (vesselAreaMm2 / lungAreaMm2) * 100 : null,
      leftAreaMm2: row.leftAreaMm2 === null ? null : row.leftAreaMm2 - out.leftMm2,
      rightAreaMm2: row.rightAreaMm2 === null ? null : row.rightAreaMm2 - out.rightMm2,
    };
  });
}

/**
 * Which region each lung voxel belongs to: the zone label map of `--masks` (`_regions.nii.gz`) and the key that
 * sends each candidate's HU tally to its region. Codes: 1–3 right upper/middle/lower, 4–6 left upper/middle/lower.
 */
import type { SliceCandidates } from '../stages/anatomy.js';
import type { LungRegionSide } from '../volume/assembleScan.js';
import { paintRuns } from '../volume/masks.js';
import { ZONES, type Side, type Zone } from './zones.js';
import { rightSideFromX } from './midlineSplit.js';

export const REGION_CODES: Readonly<Record<`${Side}_${Zone}`, number>> = {
  right_upper: 1, right_middle: 2, right_lower: 3, left_upper: 4, left_middle: 5, left_lower: 6,
};

export function regionCode(side: Side, zone: Zone): number {
  return (side === 'right' ? 0 : 3) + ZONES.indexOf(zone) + 1;
}

/** The slice's region labels (width × height, canonical grid; 0 = not lung) into `out`. */
export function paintRegionLabels(
  sc: SliceCandidates,
  regions: readonly LungRegionSide[],
  zones: { readonly left: Zone | null; readonly right: Zone | null },
  out: Uint8Array,
): Uint8Array {
  out.fill(0);
  const code = (side: Side) => {
    const z = zones[side];
    return z === null ? 0 : regionCode(side, z);
  };
  const splitX = rightSideFromX(sc);
  for (const r of regions) {
    const c = sc.candidates[r.region];
    if (r.side !== 'split') paintRuns(c.runs, sc.width, out, code(r.side));
    else {
      const left = code('left'), right = code('right');
      for (let k = 0; k < c.runs.length; k += 3) {
        const base = c.runs[k] * sc.width, x0 = c.runs[k + 1], x1 = c.runs[k + 2];
        const split = Math.min(x1, Math.max(x0, splitX));
        out.fill(left, base + x0, base + split);
        out.fill(right, base + split, base + x1);
      }
    }
    for (const i of r.islandsTakenBack) paintRuns(c.islands[i].runs, sc.width, out, 0);
  }
  return out;
}

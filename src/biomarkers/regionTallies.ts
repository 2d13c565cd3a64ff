/**
 * The HU tallies of the six zones of a scan, summed from the slices' candidate tallies (sliceTallies.ts) as the
 * assembly decided: each region kept as lung goes to its lung (a region of two touching lungs is split at the
 * midline, as its areas are), less the islands taken back from it; each slice to its zone of that lung.
 */
import type { LungRegionSide } from '../volume/assembleScan.js';
import { RegionTally } from './huHistogram.js';
import type { SliceCandidates } from '../stages/anatomy.js';
import { islandTallies, type SliceTallies, type SideTallies } from './sliceTallies.js';
import { rightSideFromX } from './midlineSplit.js';
import { SIDES, ZONES, type Side, type SliceZones, type ZoneRegion } from './zones.js';

export function zoneTallies(
  slices: readonly SliceCandidates[],
  tallies: readonly SliceTallies[],
  lungRegions: readonly (readonly LungRegionSide[])[],
  zones: SliceZones,
): Map<ZoneRegion, RegionTally> {
  const out = new Map<ZoneRegion, RegionTally>();
  for (const s of SIDES) for (const z of ZONES) out.set(`${s}_${z}`, new RegionTally());
  const add = (s: number, side: Side, t: SideTallies, which: 'left' | 'right' | 'both', sign: 1 | -1) => {
    const zone = zones[side][s];
    if (zone === null) return;
    const target = out.get(`${side}_${zone}`)!;
    if (which !== 'right') target.add(t.left, sign);
    if (which !== 'left') target.add(t.right, sign);
  };
  tallies.forEach((sliceTallies, s) => {
    for (const r of lungRegions[s]) {
      const c = sliceTallies.candidates[r.region];
      const islands = slices[s].candidates[r.region].islands;
      const splitX = rightSideFromX(slices[s]);
      const parts: [SideTallies, 1 | -1][] = [
        [c, 1],
        ...r.islandsTakenBack.map((i): [SideTallies, -1] => [islandTallies(islands, c.islandHu!, i, splitX), -1]),
      ];
      for (const [t, sign] of parts) {
        if (r.side === 'split') {
          add(s, 'left', t, 'left', sign);
          add(s, 'right', t, 'right', sign);
        } else add(s, r.side, t, 'both', sign);
      }
    }
  });
  return out;
}

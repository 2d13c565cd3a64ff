/**
 * A slice's vessel voxels as the scan decided them (the lung regions' vessels, less the islands taken back), each
 * with its zone code (regionLabels.ts), without painting a whole slice: a scratch mask is set and cleared on the
 * runs touched only.
 */
import { keepShapeAlive } from '../runtime/keepShapeAlive.js';
import type { SliceCandidates } from '../stages/anatomy.js';
import type { LungRegionSide } from '../volume/assembleScan.js';
import { paintRuns } from '../volume/masks.js';
import { regionCode } from './regionLabels.js';
import type { Zone } from './zones.js';
import { rightSideFromX } from './midlineSplit.js';

export interface VesselVoxels {
  readonly voxels: Int32Array;
  readonly codes: Uint8Array;
}

export class VesselSliceScratch {
  private mask = new Uint8Array(0);

  constructor() {
    keepShapeAlive(this);
  }

  /**
   * `surface`: vessel-run pixels on the lung's surface (AssembledScan.surfaceVesselsOf), not vessel: they come with
   * code 0, counted in no region, so that they still shape the vessel mask the local thickness is measured in (a
   * vessel the lung's surface cuts does not look thinner there).
   */
  take(
    sc: SliceCandidates,
    regions: readonly LungRegionSide[],
    zones: { readonly left: Zone | null; readonly right: Zone | null },
    surface: Int32Array,
  ): VesselVoxels {
    const n = sc.width * sc.height;
    if (this.mask.length !== n) this.mask = new Uint8Array(n);
    const mask = this.mask;
    let total = 0;
    for (const r of regions) {
      const c = sc.candidates[r.region];
      paintRuns(c.vesselRuns, sc.width, mask);
      for (let k = 0; k < c.vesselRuns.length; k += 3) total += c.vesselRuns[k + 2] - c.vesselRuns[k + 1];
      for (const i of r.islandsTakenBack) paintRuns(c.islands[i].runs, sc.width, mask, 0);
    }
    for (let k = 0; k < surface.length; k++) if (mask[surface[k]] === 1) mask[surface[k]] = 2;
    const code = (side: 'left' | 'right') => (zones[side] === null ? 0 : regionCode(side, zones[side]!));
    const splitX = rightSideFromX(sc);
    const voxels = new Int32Array(total);
    const codes = new Uint8Array(total);
    let m = 0;
    for (const r of regions) {
      const runs = sc.candidates[r.region].vesselRuns;
      const whole = r.side === 'split' ? 0 : code(r.side);
      const left = code('left'), right = code('right');
      for (let k = 0; k < runs.length; k += 3) {
        const base = runs[k] * sc.width;
        for (let x = runs[k + 1]; x < runs[k + 2]; x++) {
          const at = mask[base + x];
          if (at === 0) continue;
          voxels[m] = base + x;
          codes[m++] = at === 2 ? 0 : r.side === 'split' ? (x >= splitX ? right : left) : whole;
        }
      }
      paintRuns(runs, sc.width, mask, 0);
    }
    return { voxels: voxels.subarray(0, m), codes: codes.subarray(0, m) };
  }
}

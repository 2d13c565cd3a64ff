/** A slice's vessel mask as the scan decided it (lung regions' vessels less islands taken back), and its voxels. */
import type { SliceCandidates } from '../stages/anatomy.js';
import type { LungRegionSide } from '../volume/assembleScan.js';
import { paintRuns } from '../volume/masks.js';

/** Paints the vessel mask into `out` (0/1) and returns the indexes of its voxels. */
export function paintVesselSlice(sc: SliceCandidates, regions: readonly LungRegionSide[], out: Uint8Array): Int32Array {
  out.fill(0);
  let n = 0;
  for (const r of regions) {
    const c = sc.candidates[r.region];
    paintRuns(c.vesselRuns, sc.width, out);
    for (let k = 0; k < c.vesselRuns.length; k += 3) n += c.vesselRuns[k + 2] - c.vesselRuns[k + 1];
    for (const i of r.islandsTakenBack) paintRuns(c.islands[i].runs, sc.width, out, 0);
  }
  const voxels = new Int32Array(n);
  let m = 0;
  for (const r of regions) {
    const runs = sc.candidates[r.region].vesselRuns;
    for (let k = 0; k < runs.length; k += 3) {
      const base = runs[k] * sc.width;
      for (let p = base + runs[k + 1]; p < base + runs[k + 2]; p++) if (out[p] === 1) voxels[m++] = p;
    }
  }
  return voxels.subarray(0, m);
}

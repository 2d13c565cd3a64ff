/**
 * A slice's vessel voxels for the local thickness (src/biomarkers/vesselSlice.ts): the lung's surface voxels come
 * with code 0, so they shape the vessel mask the thickness is measured in but count in no region.
 */
import { describe, it, expect } from 'vitest';
import { analyseSlice } from '../../src/stages/anatomy.js';
import { VesselSliceScratch } from '../../src/biomarkers/vesselSlice.js';
import { regionCode } from '../../src/biomarkers/regionLabels.js';
import { defaultPreset } from '../../pipeline.config.js';
import { boxSlice } from '../helpers/boxSlice.js';

describe('VesselSliceScratch.take', () => {
  // One lung x 8..25, y 10..39 (the patient's left) with a 3 × 3 vessel x 15..17, y 20..22.
  const sc = analyseSlice(defaultPreset.anatomy, boxSlice(0, [[[8, 10, 25, 39], -850], [[15, 20, 17, 22], 40]]));
  const regions = [{ region: 0, side: 'left' as const, islandsTakenBack: [] }];
  const zones = { left: 'middle' as const, right: null };
  const width = sc.width;

  it('gives every vessel voxel its zone code, and the surface voxels code 0', () => {
    const scratch = new VesselSliceScratch();
    const surface = Int32Array.from([20 * width + 15, 21 * width + 15]);
    const { voxels, codes } = scratch.take(sc, regions, zones, surface);
    expect(voxels.length).toBe(9);
    const byVoxel = new Map(Array.from(voxels, (v, i) => [v, codes[i]]));
    expect(byVoxel.get(20 * width + 15)).toBe(0);
    expect(byVoxel.get(21 * width + 15)).toBe(0);
    expect(Array.from(byVoxel.values()).filter((c) => c === regionCode('left', 'middle'))).toHaveLength(7);
    // The scratch is clean again: the same slice without a surface gives every voxel the zone's code.
    const again = scratch.take(sc, regions, zones, new Int32Array(0));
    expect(Array.from(again.codes).every((c) => c === regionCode('left', 'middle'))).toBe(true);
  });
});

import { describe, it, expect } from 'vitest';
import { vesselSizeFlags } from '../../src/biomarkers/scanVesselSize.js';
import { defaultPreset } from '../../pipeline.config.js';

const limits = defaultPreset.biomarkers;
const keys = (spacing: [number, number, number]) => vesselSizeFlags(limits, spacing).map((f) => f.split(':')[0]);

describe('vessel size flags by voxel spacing', () => {
  it('none on the grids BV5 and BV10 were shown accurate on, whichever axis is the coarse one', () => {
    for (const s of [[0.7, 0.7, 1], [1, 0.7, 0.7], [0.7, 1, 0.7], [0.85, 0.85, 0.85], [0.6, 0.6, 0.6], [0.5, 0.5, 1]] as [number, number, number][]) {
      expect(keys(s), s.join(' x ')).toEqual([]);
    }
  });

  it('vessel-size-coarse (measured) past 0.85 mm on a finer axis or 1 mm on the coarsest, up to 1.25 mm', () => {
    for (const s of [[0.9, 0.9, 1], [0.7, 0.7, 1.1], [1, 1, 1.25], [1.25, 0.7, 0.7], [0.7, 0.9, 0.9]] as [number, number, number][]) {
      expect(keys(s), s.join(' x ')).toEqual(['vessel-size-coarse']);
    }
    expect(vesselSizeFlags(limits, [1, 1, 1.25])[0]).toBe(
      'vessel-size-coarse: voxels of 1.00 x 1.00 x 1.25 mm (coarser than 0.85 x 0.85 x 1 mm, where BV5/BV10 read up to 13 % low on phantoms)',
    );
  });

  it('vessel-size-unmeasured (NULL) past 1.25 mm on any axis', () => {
    for (const s of [[0.7, 0.7, 1.3], [1.3, 0.7, 0.7], [0.56, 0.56, 3]] as [number, number, number][]) {
      expect(keys(s), s.join(' x ')).toEqual(['vessel-size-unmeasured']);
    }
  });
});

/**
 * Vessel voxels on the lung's surface are lung but not vessel (src/volume/lungSurfaceVessels.ts), counted only along
 * axes whose spacing is at most surfaceNotVesselMaxStepMm: a thick slice's step along the pleura is a wide band.
 */
import { describe, it, expect } from 'vitest';
import { analyseSlice } from '../../src/stages/anatomy.js';
import { assembleScan } from '../../src/volume/assembleScan.js';
import { defaultPreset } from '../../pipeline.config.js';
import { boxSlice } from '../helpers/boxSlice.js';

// Lungs x 6..27 and 32..53, y 6..43 in slices 1..5 of 7. A notch of tissue x 6..8, y 20..22 (40 HU) in the left
// lung's edge in every lung slice, which the closing takes in as vessel (3 of its 9 px on the lung's edge, x 6), and
// a 3 × 3 vessel in the left lung's middle in its top slice (5, the apex) only.
const LEFT = [6, 6, 27, 43], RIGHT = [32, 6, 53, 43];
const NOTCH = [6, 20, 8, 22];
const VESSEL = [15, 20, 17, 22];

function scan(pixelMm: number, sliceMm: number, maxStepMm = defaultPreset.assemble.surfaceNotVesselMaxStepMm) {
  const slices = Array.from({ length: 7 }, (_, k) => {
    const lungs = k >= 1 && k <= 5;
    const s = boxSlice(k, lungs
      ? [[LEFT, -850], [RIGHT, -850], [NOTCH, 40], ...(k === 5 ? [[VESSEL, 40] as [number[], number]] : [])]
      : []);
    return analyseSlice(defaultPreset.anatomy, { ...s, spacingMm: [pixelMm, pixelMm] });
  });
  const params = { ...defaultPreset.assemble, minComponentMl: 1, minSliceAreaMm2: 100, surfaceNotVesselMaxStepMm: maxStepMm };
  return assembleScan(params, slices, { sliceSpacingMm: sliceMm, inPlaneSpacingMm: [pixelMm, pixelMm], nSlices: 7, superiorIsHigherIndex: true });
}

const vesselPx = (r: ReturnType<typeof scan>, k: number, pixelMm: number) => r.slices[k].vesselAreaMm2 / (pixelMm * pixelMm);

describe('lung surface voxels are not vessel, along fine axes only', () => {
  it('rule off: the notch and the vessel are vessel', () => {
    const r = scan(1, 1, 0);
    expect(vesselPx(r, 3, 1)).toBe(9);
    expect(vesselPx(r, 5, 1)).toBe(18);
    expect(r.surfaceVesselsOf(5).length).toBe(0);
  });

  it('1 mm pixels, 1 mm slices: the notch edge leaves in every slice, the whole top slice vessels leave', () => {
    const r = scan(1, 1);
    expect(vesselPx(r, 3, 1)).toBe(6);
    expect(vesselPx(r, 5, 1)).toBe(0);
    expect(r.surfaceVesselsOf(5).length).toBe(18);
    expect(r.lungVolumeMl).toBeCloseTo(scan(1, 1, 0).lungVolumeMl, 9);
  });

  it('1 mm pixels, 5 mm slices: only the notch edge leaves (the slice above is 5 mm off)', () => {
    const r = scan(1, 5);
    expect(vesselPx(r, 3, 1)).toBe(6);
    expect(vesselPx(r, 5, 1)).toBe(15);
    expect(r.vesselVolumeMl).toBeCloseTo(scan(1, 5, 0).vesselVolumeMl - (5 * 3 * 5) / 1000, 9);
  });

  it('2 mm pixels, 1 mm slices: nothing leaves in the plane; the top slice vessels leave', () => {
    const r = scan(2, 1), off = scan(2, 1, 0);
    expect(vesselPx(r, 3, 2)).toBe(vesselPx(off, 3, 2));
    expect(vesselPx(off, 5, 2)).toBeGreaterThan(0);
    expect(vesselPx(r, 5, 2)).toBe(0);
  });
});
